"""Screening grids and decision aids (one YAML file per criterion in criteria/).

Rules are declarative data — no code, no ``eval``. A condition is one of the
mappings below, told apart by its first key (``item``, ``count``, ``number``,
``all``, ``any``, ``not``, ``always``). The engine in ``generator/engine``
evaluates them with three-valued logic: an unanswered item makes a condition
unknown, never false, so a verdict is only given when it cannot change.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, StringConstraints, Tag

from .common import Model, Record, Slug, Text

ItemId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80),
    Field(description="Identifiant stable d'une question : minuscules, chiffres et « _ » (ex. « mobilite »)."),
]
Value = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60),
    Field(description="Valeur de réponse : « oui », « non », « nsp », ou la valeur d'une option."),
]


class AnswerIs(Model):
    """True when the item's answer is the given value (or one of the values)."""

    item: ItemId
    equals: Value | None = Field(default=None, description="Valeur attendue.")
    in_: list[Value] | None = Field(default=None, alias="in", description="Valeurs acceptées.")


class Count(Model):
    """True when the number of items answered with ``equals`` meets the bound."""

    count: list[ItemId] = Field(min_length=1, description="Questions comptées.")
    equals: Value = Field(description="Réponse comptée (ex. « oui »).")
    at_least: int | None = Field(default=None, ge=0, description="Au moins ce nombre.")
    at_most: int | None = Field(default=None, ge=0, description="Au plus ce nombre.")


class Compare(Model):
    """True when a numeric answer meets the bound(s)."""

    number: ItemId = Field(description="Question à réponse numérique.")
    at_least: float | None = Field(default=None, description="Supérieur ou égal à.")
    at_most: float | None = Field(default=None, description="Inférieur ou égal à.")
    less_than: float | None = Field(default=None, description="Strictement inférieur à.")
    greater_than: float | None = Field(default=None, description="Strictement supérieur à.")


class AllOf(Model):
    all: list["Condition"] = Field(min_length=1, description="Toutes ces conditions.")


class AnyOf(Model):
    any: list["Condition"] = Field(min_length=1, description="Au moins une de ces conditions.")


class Not(Model):
    not_: "Condition" = Field(alias="not", description="Le contraire de cette condition.")


class Always(Model):
    always: Literal[True] = Field(description="Toujours vraie : pour le dernier résultat, « dans tous les autres cas ».")


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("item", "count", "number", "all", "any", "not", "always"):
            if key in value:
                return key
        return None
    for key, cls in _TAGS.items():
        if isinstance(value, cls):
            return key
    return None


Condition = Annotated[
    Union[
        Annotated[AnswerIs, Tag("item")],
        Annotated[Count, Tag("count")],
        Annotated[Compare, Tag("number")],
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[Not, Tag("not")],
        Annotated[Always, Tag("always")],
    ],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="une condition commençant par item, count, number, all, any, not ou always",
    ),
]
_TAGS = {"item": AnswerIs, "count": Count, "number": Compare, "all": AllOf, "any": AnyOf, "not": Not, "always": Always}


class Option(Model):
    """A possible answer of a « choix » question."""

    value: Value
    label: Text = Field(description="Libellé affiché.")
    params: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")], float] = Field(
        default_factory=dict,
        description=(
            "Paramètres numériques de l'option : pour le planificateur, les charges maximale et minimale nommées "
            "par « low » et « high » du score, « strict: 1 » si la source écrit « < » ou « > », « environ: 1 » "
            "si son chiffre est approximatif."
        ),
    )
    sources: list["SourceRefLite"] = Field(default_factory=list, description="Source propre à cette option.")


class SourceRefLite(Model):
    ref: Slug
    locator: Annotated[str, StringConstraints(min_length=1, max_length=300)]


class Question(Model):
    """One question of a grid."""

    id: ItemId
    text: Text = Field(description="Libellé de la question, tel que la source le formule.")
    help: Text | None = Field(default=None, description="Aide ou précision affichée sous la question.")
    answers: Literal["oui-non-nsp", "oui-non", "entier", "choix", "niveau-atteinte"] = Field(
        description=(
            "Type de réponse : « oui-non-nsp » (oui / non / ne sait pas), « oui-non », « entier », "
            "« choix » (voir options), « niveau-atteinte » (atteint / partiellement / non atteint)."
        )
    )
    options: list[Option] = Field(default_factory=list, description="Options, pour le type « choix ».")
    minimum: int | None = Field(default=None, description="Valeur minimale, pour le type « entier ».")
    maximum: int | None = Field(default=None, description="Valeur maximale, pour le type « entier ».")
    ask_if: Condition | None = Field(default=None, description="La question n'est posée que si cette condition est vraie.")
    group: Slug | None = Field(default=None, description="Rubrique de la grille à laquelle la question appartient.")
    recommendations: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*#[a-z0-9]+(-[a-z0-9]+)*$")]] = Field(
        default_factory=list,
        description=(
            "Recommandations qui répondent à un écart sur cet élément (bilan des écarts), désignées par "
            "« liste#élément » dans la collection success-factors (ex. « v1sages-recommandations-gmf#heures-dediees »)."
        ),
    )


class Group(Model):
    id: Slug
    title: Text
    intro: Text | None = None


class Ratio(Model):
    """Estimate = the whole numbers of units that carry a numeric answer within the chosen option's bounds.

    Situations are whole and shared as evenly as possible: k units fit when each carries no more than
    the option's largest caseload and no less than its smallest (``strict: 1`` in the option's params:
    strictly, as in « < 60 » or « > 100 »). The score is the fewest units, ``score_max`` the most;
    where no whole number fits, neither is given and the result says so.
    """

    numerator: ItemId = Field(description="Question numérique (ex. nombre de situations).")
    option_of: ItemId = Field(description="Question « choix » dont l'option porte les paramètres.")
    low: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")] = Field(
        description="Paramètre d'option donnant la charge maximale par unité (d'où le plus petit nombre d'unités).")
    high: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")] = Field(
        description="Paramètre d'option donnant la charge minimale par unité (d'où le plus grand nombre d'unités).")
    unit: Text | None = Field(default=None, description="Unité du résultat, au singulier (ex. « gestionnaire de cas »).")
    units: Text | None = Field(default=None, description="Unité du résultat, au pluriel (ex. « gestionnaires de cas »).")


class CountScore(Model):
    count: list[ItemId] = Field(min_length=1)
    equals: Value


def _score_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return "ratio" if "ratio" in value else "count" if "count" in value else None
    return "ratio" if isinstance(value, RatioScore) else "count" if isinstance(value, CountScore) else None


class RatioScore(Model):
    ratio: Ratio


Score = Annotated[
    Union[Annotated[CountScore, Tag("count")], Annotated[RatioScore, Tag("ratio")]],
    Discriminator(_score_tag, custom_error_type="score", custom_error_message="un score « count » ou « ratio »"),
]


class Outcome(Model):
    """A result: the first outcome whose ``when`` holds is the verdict."""

    id: Slug
    when: Condition = Field(description="Condition qui mène à ce résultat.")
    label: Text = Field(description="Intitulé court du résultat.")
    interpretation: Text = Field(description="Ce que le résultat signifie.")
    next_steps: list[Text] = Field(default_factory=list, description="Conduite à tenir, dans l'ordre.")


class Example(Model):
    """A worked case: shown on the page and run by the tests."""

    name: Text
    answers: dict[ItemId, Union[Value, int]]
    expect_outcome: Slug
    expect_positive: bool | None = Field(default=None, description="Repérage annoncé (true / false).")
    expect_score: float | None = Field(
        default=None, description="Score annoncé ; pour le planificateur, le plus petit nombre que permet la référence.")
    expect_score_max: float | None = Field(
        default=None, description="Planificateur : le plus grand nombre que permet la référence (charge minimale).")
    expect_fit: bool | None = Field(
        default=None,
        description="Planificateur : false quand aucun nombre entier ne convient à la référence (le résultat le dit en toutes lettres).",
    )


class Criterion(Record):
    """A screening grid, orientation criteria, a classification or a checklist."""

    reviewed: dt.date = Field(description="Date de dernière relecture par rapport à la source.")
    title: Text = Field(description="Titre de l'outil.")
    version: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$")] = Field(description="Version de la fiche (ex. « 1.0 »).")
    kind: Literal["grille-reperage", "criteres-orientation", "outil-reperage", "classification", "planificateur", "auto-evaluation"]
    population: Text | None = Field(default=None, description="Population visée, telle que la source la décrit.")
    intro: Text | None = Field(default=None, description="Présentation de l'outil.")
    warnings: list[Text] = Field(
        default_factory=list, description="Mises en garde affichées en tête (ex. « critères d'orientation, pas d'inclusion »).")
    rule_text: Text = Field(description="La règle de décision écrite en toutes lettres, pour remplir la grille à la main.")
    groups: list[Group] = Field(default_factory=list, description="Rubriques de la grille.")
    items: list[Question] = Field(min_length=1, description="Questions, dans l'ordre de la source.")
    positive: Condition | None = Field(
        default=None, description="Règle de repérage positif. Absente : l'outil est une liste de vérification sans verdict."
    )
    score: Score | None = Field(default=None, description="Calcul d'un score, si la source en donne un.")
    report: Literal["ecarts"] | None = Field(
        default=None, description="« ecarts » : bilan des éléments non ou partiellement atteints, compté par rubrique, sans pondération."
    )
    outcomes: list[Outcome] = Field(min_length=1, description="Résultats possibles, le premier dont la condition est vraie s'applique.")
    examples: list[Example] = Field(default_factory=list, description="Cas d'exemple, affichés et vérifiés par les tests.")


for _cls in (AllOf, AnyOf, Not, Option, Criterion):
    _cls.model_rebuild()
