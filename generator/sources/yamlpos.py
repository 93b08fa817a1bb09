"""Read YAML keeping the line of every value and key.

PyYAML's constructed objects forget where they came from; validation errors
must say ``file:line``, so we compose the node graph ourselves and record
positions by path (a tuple of keys and list indexes).

Source files may come from outside the core team, so reading one is bounded
whatever it holds: nesting depth is checked on the event stream before the
(recursive) composer runs; aliases are expanded here, by us, within a budget
of values (a « billion laughs » file is ten lines long); only plain data types
are accepted (no ``!!python/…``, ``!!binary`` or ``!!set``); and numbers must
be finite and exact in JSON and JavaScript, where the calculators use them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import DuplicateKey, InvalidValue, Problem, UnsafeFile, YamlSyntax, field_label

MAX_DEPTH = 64  # nesting levels; the real sources use fewer than 10
MAX_NODES = 200_000  # values built from one file, aliases expanded; the largest real file has about 3 000
MAX_NUMBER = 10**15  # beyond this, JavaScript numbers (doubles) are no longer exact
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: twenty times faster
_CORE = "tag:yaml.org,2002:"
PLAIN_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
NUMBER_TAGS = {_CORE + "int", _CORE + "float"}
MERGE = _CORE + "merge"


class Refused:
    """Stands for a value this module refused and already reported: validation says nothing more about it."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED = Refused()


@dataclass
class Located:
    """Plain Python data plus where each part of it was written."""

    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)  # path → line of the value
    key_lines: dict[tuple, int] = field(default_factory=dict)  # path → line of its key
    block_lines: dict[tuple, int] = field(default_factory=dict)  # path → first line of a « | » or « > » text

    def line(self, path: tuple) -> int | None:
        """Line of the value at ``path``, or of its nearest written ancestor."""
        path = tuple(path)
        while True:
            if path in self.key_lines:
                return self.key_lines[path]
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def text_line(self, path: tuple) -> int | None:
        """Line of a text's first line: a block text (« | », « > ») starts below its key."""
        return self.block_lines.get(tuple(path)) or self.line(path)


class _FileRefused(Exception):
    """The file as a whole is refused (recursive, too deep, too big once expanded, foreign tag)."""

    def __init__(self, problem: Problem):
        self.problem = problem


class _Builder:
    def __init__(self, loader, rel: str, offset: int):
        self.loader, self.rel, self.offset = loader, rel, offset
        self.located = Located(None)
        self.problems: list[Problem] = []
        self._stack: set[int] = set()
        self._visits = 0

    def build(self, node: yaml.Node, path: tuple = (), depth: int = 0) -> Any:
        line = node.start_mark.line + 1 + self.offset
        self.located.lines[path] = line
        self._visits += 1
        if self._visits > MAX_NODES:
            raise _FileRefused(UnsafeFile.at(self.rel, line, problem=(
                f"le fichier se développe en plus de {MAX_NODES} valeurs (alias « * » répétés ?) : refusé")))
        if depth > MAX_DEPTH or id(node) in self._stack:
            # A self-referencing alias, or aliases nested into absurd depth: refuse, never recurse forever.
            raise _FileRefused(YamlSyntax.at(self.rel, line, problem=(
                "structure récursive ou trop profonde (ancre « & » qui se contient ?)")))
        if node.tag not in PLAIN_TAGS:
            raise _FileRefused(YamlSyntax.at(self.rel, line, problem=(
                f"étiquette « {node.tag} » refusée : seuls texte, nombres, dates, listes et blocs « clé: valeur » "
                "sont admis")))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path, line)
        self._stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)  # the composer makes scalars, sequences and mappings only
            return self._mapping(node, path, line, depth)
        finally:
            self._stack.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode, path: tuple, line: int) -> Any:
        if node.style in ("|", ">"):
            self.located.block_lines[path] = line + 1
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError):
            # A date like 2026-02-30, « !!bool peut-être »: keep the text, the model says what it expected.
            # An integer of ten thousand digits cannot even be converted (Python refuses it).
            return self._number(node, path, line) if node.tag in NUMBER_TAGS else node.value
        if isinstance(value, float) and not math.isfinite(value) or (
                isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER):
            return self._number(node, path, line)
        return value

    def _number(self, node: yaml.ScalarNode, path: tuple, line: int) -> Refused:
        self.problems.append(InvalidValue.at(self.rel, line, field=field_label(path), found=f"« {node.value} »",
                                             expected="un nombre fini d'au plus 15 chiffres (ou un texte entre guillemets)"))
        return REFUSED

    def _key(self, node: yaml.Node, line: int) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag not in PLAIN_TAGS:
            raise _FileRefused(YamlSyntax.at(self.rel, line, problem=(
                "une clé doit être un simple mot (ni liste, ni bloc, ni étiquette « ! »)")))
        try:
            key = self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError):
            return node.value
        return key if isinstance(key, (str, int, float, bool)) or key is None else str(key)

    def _mapping(self, node: yaml.MappingNode, path: tuple, line: int, depth: int) -> dict:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        merges = []
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + self.offset
            if key_node.tag == MERGE:
                merges.append(value_node)
                continue
            key = self._key(key_node, key_line)
            if key in first_seen:
                self.problems.append(DuplicateKey.at(self.rel, key_line, key=key, first=first_seen[key]))
                continue
            first_seen[key] = key_line
            self.located.key_lines[path + (key,)] = key_line
            result[key] = self.build(value_node, path + (key,), depth + 1)
        for value_node in merges:
            self._merge(value_node, result, path, line, depth)
        self.located.lines[path] = line
        return result

    def _merge(self, value_node: yaml.Node, result: dict, path: tuple, line: int, depth: int) -> None:
        """« <<: *base » (or a list of them) adds the keys this block does not write itself, as in PyYAML."""
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise _FileRefused(YamlSyntax.at(self.rel, line, problem=(
                    "« << » doit désigner un bloc « clé: valeur » (ou une liste de blocs)")))
            merged = self.build(source, path + ("<<",), depth + 1)
            for key, value in merged.items():
                if key not in result:
                    result[key] = value
                    self.located.key_lines.setdefault(path + (key,), self.located.key_lines.get(path + ("<<", key), line))


def _check_depth(text: str, rel: str, offset: int) -> None:
    """Walk the events (the parser keeps its own stack) so the recursive composer never sees absurd nesting."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark  # the parser marks every event it makes (only hand-made events lack one)
                raise _FileRefused(YamlSyntax.at(rel, (mark.line + 1 if mark else 1) + offset, problem=(
                    f"structure trop profonde (plus de {MAX_DEPTH} niveaux imbriqués)")))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str, rel: str, offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; ``offset`` shifts lines (front matter inside a page)."""
    builder = None
    try:
        _check_depth(text, rel, offset)
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return Located(None), []
            builder = _Builder(loader, rel, offset)
            builder.located.data = builder.build(node)
            return builder.located, builder.problems
        finally:
            loader.dispose()
    except _FileRefused as exc:
        return None, (builder.problems if builder else []) + [exc.problem]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        problem = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return None, [YamlSyntax.at(rel, line, problem=problem)]
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        return None, [YamlSyntax.at(rel, None, problem=str(exc).splitlines()[0])]
