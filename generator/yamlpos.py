"""Read YAML keeping the line of every value and key.

PyYAML's constructed objects forget where they came from; validation errors
must say ``file:line``, so we compose the node graph ourselves and record
positions by path (a tuple of keys and list indexes).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import DuplicateKey, Problem, YamlSyntax

MAX_DEPTH = 64


@dataclass
class Located:
    """Plain Python data plus where each part of it was written."""

    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)  # path → line of the value
    key_lines: dict[tuple, int] = field(default_factory=dict)  # path → line of its key

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


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, rel: str, offset: int):
        self.loader, self.rel, self.offset = loader, rel, offset
        self.located = Located(None)
        self.problems: list[Problem] = []
        self._stack: set[int] = set()

    def build(self, node: yaml.Node, path: tuple = (), depth: int = 0) -> Any:
        line = node.start_mark.line + 1 + self.offset
        self.located.lines[path] = line
        if depth > MAX_DEPTH or id(node) in self._stack:
            # A self-referencing alias or absurd nesting: refuse, never recurse forever.
            self.problems.append(YamlSyntax.at(self.rel, line, problem="structure récursive ou trop profonde (ancre « & » qui se contient ?)"))
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.loader.construct_object(node, deep=True)
        self._stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
            self.loader.flatten_mapping(node)  # honour « << » merge keys like PyYAML does
            result: dict[Any, Any] = {}
            first_seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                key_line = key_node.start_mark.line + 1 + self.offset
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    key = str(key)
                if key in first_seen:
                    self.problems.append(DuplicateKey.at(self.rel, key_line, key=key, first=first_seen[key]))
                    continue
                first_seen[key] = key_line
                self.located.key_lines[path + (key,)] = key_line
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        finally:
            self._stack.discard(id(node))


def parse_yaml(text: str, rel: str, offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; ``offset`` shifts lines (front matter inside a page)."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None), []
        builder = _Builder(loader, rel, offset)
        builder.located.data = builder.build(node)
        return builder.located, builder.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        problem = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return None, [YamlSyntax.at(rel, line, problem=problem)]
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. a date like 2026-13-45
        return None, [YamlSyntax.at(rel, None, problem=str(exc).splitlines()[0])]
    finally:
        loader.dispose()
