"""Turn pydantic's errors into Problems that say where, what was expected, what was found.

Pydantic locates errors on the *model* (including union member names such as
``constrained-str`` or a condition tag); we map them back onto the *data*, so
the line is the one the author wrote, and merge the alternatives of a union
into one message.
"""
from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .models.edition import LOGO_PATTERN, NATIONAL_URL_PATTERN, SITE_URL_PATTERN
from .errors import InvalidValue, MissingField, MissingJurisdiction, MissingSource, Problem, UnknownKey, field_label
from .yamlpos import REFUSED, Located

_SHAPE = {"string_type", "model_type", "dict_type", "model_attributes_type", "list_type", "int_type",
          "float_type", "bool_type", "int_parsing", "float_parsing", "date_type", "literal_error"}

CUSTOM_KINDS = {"condition", "score"}  # the models' discriminated unions (criteria.py): their message is French

_PATTERNS = {
    LOGO_PATTERN: "un chemin dans le dossier de l'édition, sans « .. » ni « / » au début, finissant par .svg ou .png",
    NATIONAL_URL_PATTERN: "une adresse http:// ou https://, ou un chemin relatif comme « ../national/ »",
    SITE_URL_PATTERN: "une adresse web complète (http:// ou https://), sans guillemet ni « < »",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "un identifiant en minuscules sans accents (lettres, chiffres, tirets)",
    r"^https?://\S+$": "une adresse web complète (http:// ou https://)",
    r"^[a-z-]+/[a-z0-9]+(-[a-z0-9]+)*$": "un lien « collection/identifiant »",
    r"^[a-z][a-z0-9_]*$": "un identifiant de question (minuscules, chiffres, « _ »)",
    r"^[0-9]+(\.[0-9]+)*$": "un numéro de version (ex. « 1.0 »)",
}


def expected(kind: str, ctx: dict | None, member: str | None = None, message: str | None = None) -> str:
    """What was expected, in French; ``message`` is the model's own (French) text for its custom error kinds."""
    ctx = ctx or {}
    table = {
        "string_type": "du texte", "int_type": "un nombre entier", "int_parsing": "un nombre entier",
        "int_from_float": "un nombre entier", "int_parsing_size": "un nombre entier d'au plus 15 chiffres",
        "float_type": "un nombre", "float_parsing": "un nombre",
        "bool_type": "true ou false", "bool_parsing": "true ou false", "list_type": "une liste (lignes commençant par « - »)",
        "dict_type": "un bloc « clé: valeur »", "model_type": f"un bloc « clé: valeur »{_fields_hint(member)}",
        "model_attributes_type": "un bloc « clé: valeur »", "date_type": "une date AAAA-MM-JJ",
        "date_parsing": "une date AAAA-MM-JJ", "date_from_datetime_parsing": "une date AAAA-MM-JJ",
        "date_from_datetime_inexact": "une date AAAA-MM-JJ sans heure", "string_too_short": "un texte non vide",
        "literal_error": one_of(str(ctx.get("expected", ""))),
        "too_short": f"au moins {ctx.get('min_length')} élément(s)", "too_long": f"au plus {ctx.get('max_length')} élément(s)",
        "string_too_long": f"au plus {ctx.get('max_length')} caractères",
        "greater_than_equal": f"une valeur supérieure ou égale à {ctx.get('ge')}",
        "less_than_equal": f"une valeur inférieure ou égale à {ctx.get('le')}",
        "string_pattern_mismatch": _PATTERNS.get(str(ctx.get("pattern")), f"un texte de la forme {ctx.get('pattern')}"),
    }
    if kind in table:
        return table[kind]
    if "custom_error_message" in ctx:
        return str(ctx["custom_error_message"])
    if message and kind in CUSTOM_KINDS:
        return message
    return kind.replace("_", " ")


def one_of(listed: str) -> str:
    """pydantic lists a Literal's values as « 'a', 'b' or 'c' »: in French, « « a », « b » ou « c » »."""
    values = re.findall(r"'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)", listed)
    words = [f"« {text} »" if text or not number else number for text, number in values]
    if not words:
        return f"une des valeurs {listed}"
    if len(words) == 1:
        return f"la valeur {words[0]}"
    return "une de ces valeurs : " + ", ".join(words[:-1]) + f" ou {words[-1]}"


def _fields_hint(member: str | None) -> str:
    return f" ({member})" if member else ""


def found(value: Any) -> str:
    if value is None:
        return "rien (valeur vide)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        short = value if len(value) <= 60 else value[:57] + "…"
        return f"« {short} »" if value else "un texte vide"
    if isinstance(value, list):
        return f"une liste de {len(value)} élément(s)"
    if isinstance(value, dict):
        keys = ", ".join(str(k) for k in list(value)[:5])
        return f"un bloc avec les clés {keys}" if keys else "un bloc vide"
    return type(value).__name__


def _walk(data: Any, loc: tuple) -> tuple[tuple, bool, str | None]:
    """Follow ``loc`` through ``data``; skip model-only steps (union members, tags).

    Returns the data path, whether model-only steps were skipped at the end,
    and the last skipped step (the union member's name).
    """
    path: list = []
    skipped_tail, member = False, None
    for step in loc:
        if isinstance(data, dict) and step in data:
            data, skipped_tail = data[step], False
            path.append(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data, skipped_tail = data[step], False
            path.append(step)
        else:
            skipped_tail, member = True, str(step)
    return tuple(path), skipped_tail, member


def _container_with(data: Any, path: tuple, key: Any) -> tuple:
    """The deepest mapping along ``path`` that holds ``key`` (for unknown keys)."""
    nodes = [data]
    for step in path:
        nodes.append(nodes[-1][step])
    for depth in range(len(path), -1, -1):
        if isinstance(nodes[depth], dict) and key in nodes[depth]:
            return path[:depth] + (key,)
    return path


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Keys a mapping at ``loc`` (model path, tags included) may hold."""
    current: Any = model
    for step in loc:
        current = _step(current, step)
        if current is None:
            return []
    models = _models_in(current)
    return sorted({(f.alias or name) for m in models for name, f in m.model_fields.items()})


def _step(annotation: Any, step: Any) -> Any:
    for m in _models_in(annotation):
        if isinstance(step, str):
            for name, f in m.model_fields.items():
                if step in (name, f.alias):
                    return f.annotation
    for arg in _args(annotation):
        if isinstance(step, int) and typing.get_origin(arg) in (list, tuple):
            return typing.get_args(arg)[0]
        if isinstance(step, str) and isinstance(arg, type) and issubclass(arg, BaseModel) and step in (arg.__name__,):
            return arg
    if isinstance(step, int) and typing.get_origin(annotation) in (list, tuple):
        return typing.get_args(annotation)[0]
    if isinstance(step, str):
        for arg in _args(annotation):  # a tag of a discriminated union names its member
            for m in _models_in(arg):
                if step in m.model_fields or any(f.alias == step for f in m.model_fields.values()):
                    return m
    return annotation


def _args(annotation: Any) -> list:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _args(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _args(arg)]
    return [annotation]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    return [a for a in _args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]


def to_problems(exc: ValidationError, data: Any, model: type[BaseModel], located: Located,
                prefix: tuple, rel: str, record_id: str | None) -> list[Problem]:
    """Map every error of ``exc`` (raised validating ``data`` at ``prefix``) to a Problem."""
    items = []
    for err in exc.errors(include_url=False):
        if err.get("input") is REFUSED:
            continue  # yamlpos refused this value (an infinite number…) and said so
        loc = tuple(err["loc"])
        path, skipped, member = _walk(data, loc)
        items.append((err, loc, path, skipped, member))
    problems: list[Problem] = []
    union_shapes: dict[tuple, list] = {}
    for err, loc, path, skipped, member in items:
        kind = err["type"]
        if kind in _SHAPE and skipped:
            # One alternative of a union did not fit; keep it only if no other alternative got further.
            deeper = any(p[: len(path)] == path and (len(p) > len(path) or e["type"] not in _SHAPE)
                         for e, _, p, _, _ in items if e is not err)
            if not deeper:
                union_shapes.setdefault(path, []).append((err, member))
            continue
        problems.append(_one(err, loc, path, data, model, located, prefix, rel, record_id))
    for path, alternatives in union_shapes.items():
        exp = " ou ".join(dict.fromkeys(expected(e["type"], e.get("ctx"), None) for e, _ in alternatives))
        problems.append(InvalidValue.at(rel, located.line(prefix + path), field=field_label(path), expected=exp,
                                        found=found(alternatives[0][0].get("input"))))
    return problems


def _one(err: ErrorDetails, loc: tuple, path: tuple, data: Any, model: type[BaseModel], located: Located,
         prefix: tuple, rel: str, record_id: str | None) -> Problem:
    kind = err["type"]
    last = loc[-1] if loc else None
    if kind == "extra_forbidden":
        key_path = _container_with(data, path, last)
        allowed = ", ".join(allowed_keys(model, loc[:-1])) or "aucune"
        return UnknownKey.at(rel, located.line(prefix + key_path), key=last, expected=allowed)
    if last == "sources" and path == ("sources",) and kind in ("missing", "too_short", "list_type") or (
        kind == "missing" and last == "sources" and len(path) == 0
    ):
        hint = (f" ; une référence se cite elle-même : « sources: [{{ref: {record_id}, locator: document entier}}] »"
                if model.__name__ == "Reference" and record_id else "")
        return MissingSource.at(rel, located.line(prefix + path), id=record_id or "?", hint=hint)
    if kind == "missing" and last == "jurisdiction" and len(path) == 0:
        return MissingJurisdiction.at(rel, located.line(prefix + path), id=record_id or "?")
    if kind == "missing":
        return MissingField.at(rel, located.line(prefix + path), field=field_label(path + (last,)))
    return InvalidValue.at(rel, located.line(prefix + path), field=field_label(path),
                           expected=expected(kind, err.get("ctx"), None, err.get("msg")), found=found(err.get("input")))
