"""Compile a criterion into the spec the browser engine evaluates (api/criteria/<id>.json).

The spec is the model's own data (one declaration, no second schema), plus a
format tag, a human-readable source line for copied summaries, and the
reserved « incomplet » outcome the engine returns while no verdict is certain.
"""
from __future__ import annotations

from ..engine import FORMAT  # one definition: the engine checks the tag the compiler writes
from .models.criteria import Criterion
UNDECIDED = {
    "id": "incomplet",
    "label": "Réponses incomplètes",
    "interpretation": "Le résultat s'affichera dès que les réponses permettront de conclure.",
    "next_steps": [],
}


def source_text(criterion: Criterion, labels: dict[str, str]) -> str:
    return " ; ".join(f"{labels.get(s.ref, s.ref)}, {s.locator}" for s in criterion.sources)


def compile_criterion(criterion: Criterion, labels: dict[str, str],
                      factors: dict[str, tuple[str, str]] | None = None) -> dict:
    """``factors`` ("list#item" → (text, list title)) resolves recommendations to their text."""
    spec = criterion.model_dump(mode="json", by_alias=True, exclude_none=True)
    spec["format"] = FORMAT
    for item in spec["items"]:
        item["recommendations"] = [{"ref": ref, "text": (factors or {}).get(ref, (ref, ""))[0],
                                    "list": (factors or {}).get(ref, ("", ""))[1]} for ref in item["recommendations"]]
    spec["source_text"] = source_text(criterion, labels)
    spec["outcomes"].append(dict(UNDECIDED))
    return spec
