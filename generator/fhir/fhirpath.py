"""FHIRPath text: literals, variable names, the Expression datatype. Pure functions, no state."""
from __future__ import annotations

import re
from decimal import Decimal

FHIRPATH = "text/fhirpath"
EMPTY = "{}"  # FHIRPath's empty collection: « not known yet » in the engine's three-valued logic
# An Expression's name is a FHIR id, and a FHIRPath identifier: letters and digits only here.
NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{0,63}")


def camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def names(prefix: str, keys: list[str]) -> dict[str, str]:
    """One variable name per key: prefix + CamelCase when that is unambiguous, else prefix + number."""
    named = {key: prefix + camel(key) for key in keys}
    if len(set(named.values())) == len(keys) and all(NAME.fullmatch(n) for n in named.values()):
        return named
    return {key: f"{prefix}{index}" for index, key in enumerate(keys, start=1)}


def number(value: float) -> str:
    """A number as a FHIRPath literal (no exponent: FHIRPath has none)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


def quote(value: object) -> str:
    """A FHIRPath string literal; ids and values are ASCII slugs, escaped anyway."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def expression(name: str | None, text: str, description: str | None = None) -> dict:
    """A FHIR Expression (valueExpression) in FHIRPath."""
    value: dict = {"language": FHIRPATH, "expression": text}
    if name:
        value = {"name": name, **value}
    if description:
        value["description"] = description
    return value
