"""An edition's vocabulary (médecin traitant → médecin de famille), applied to published text."""
from __future__ import annotations

from typing import Any

from .editions import term_pattern

# Keys of a compiled criterion whose values are prose shown to readers (never ids or values).
PROSE_KEYS = {"title", "text", "help", "label", "interpretation", "next_steps", "intro", "rule_text", "warnings",
              "population", "name"}


class Terminology:
    def __init__(self, rules):
        # Longest terms first, so « médecin traitant » wins over « médecin ».
        self.rules = [(term_pattern(r.national), r.local) for r in sorted(rules, key=lambda r: -len(r.national))]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __call__(self, text: str) -> str:
        for pattern, local in self.rules:
            text = pattern.sub(lambda m: _same_case(m.group(0), local), text)
        return text

    def spec(self, value: Any, key: str | None = None) -> Any:
        """A copy of a compiled criterion with its prose in the edition's vocabulary."""
        if isinstance(value, dict):
            return {k: self.spec(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.spec(v, key) for v in value]
        if isinstance(value, str) and key in PROSE_KEYS:
            return self(value)
        return value


def _same_case(found: str, local: str) -> str:
    return local[:1].upper() + local[1:] if found[:1].isupper() else local
