"""Write national changes into an edition's YAML file, touching only the lines they change.

A webmaster reads the diff: the edition's comments, quotes, flow or block style and indentation stay
as they are. Each change (generator/merge3.Op) becomes a splice of the file's text, located with
PyYAML's own node marks; the text written is the national file's own text for that value (its style
and comments), re-indented, or JSON (valid YAML) where a value must fit on one line of a flow
collection. The caller checks that the result reads back as the merged data before writing it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .merge3 import Op


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's marks count characters too, 25 times faster


class CannotWrite(Exception):
    """This change cannot be written in place (a shape the writer does not handle): left to the author."""


@dataclass
class Doc:
    """A YAML text and its nodes by path (``offset``: where the text starts in its file, for front matter)."""

    text: str
    nodes: dict[tuple, yaml.Node]
    keys: dict[tuple, yaml.Node]  # path of a mapping value → its key's node
    flow: set[tuple]  # paths of the values written inside a flow collection (« {…} », « […] »)
    offset: int = 0
    shared: set[tuple] = field(default_factory=set)  # paths reached through an alias « *nom »: written elsewhere
    anchors: list[int] = field(default_factory=list)  # where « &nom » and « *nom » are written


def read(text: str, offset: int = 0) -> Doc:
    root = yaml.compose(text, Loader=LOADER)
    doc = Doc(text, {}, {}, set(), offset)
    doc.anchors = [t.start_mark.index for t in yaml.scan(text, Loader=LOADER)
                   if isinstance(t, (yaml.AnchorToken, yaml.AliasToken))]
    if root is not None:
        _index(root, (), doc, False, set())
    return doc


def _index(node: yaml.Node, path: tuple, doc: Doc, in_flow: bool, seen: set[int]) -> None:
    if id(node) in seen:  # an alias: the node is written at its anchor, not here
        doc.shared.add(path)
        return
    seen.add(id(node))
    doc.nodes[path] = node
    if in_flow:
        doc.flow.add(path)
    inner = in_flow or bool(getattr(node, "flow_style", False))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            doc.keys[path + (key.value,)] = key
            _index(value, path + (_key(key),), doc, inner, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _index(value, path + (i,), doc, inner, seen)


def _key(node: yaml.Node) -> Any:
    return node.value  # the models' keys are plain words


def end(node: yaml.Node, text: str) -> int:
    """Where the node's written content ends: its last character (block collections end where the next
    token starts, after blank and comment lines; block texts after their line breaks)."""
    if isinstance(node, yaml.ScalarNode):
        stop = node.end_mark.index
        return len(text[:stop].rstrip()) if node.style in ("|", ">") else stop
    if getattr(node, "flow_style", False) or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return end(last[1] if isinstance(node, yaml.MappingNode) else last, text)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_after(text: str, index: int) -> int:
    """The start of the line after the one holding ``index - 1`` (the end of a content span)."""
    stop = text.find("\n", index)
    return len(text) if stop < 0 else stop + 1


def _indent(text: str, index: int) -> int:
    start = _line_start(text, index)
    return len(text[start:index]) - len(text[start:index].lstrip(" "))


def _reindent(block: str, delta: int, first: bool = True) -> str:
    """Shift every line of ``block`` by ``delta`` spaces (its first line too, unless ``first`` is False)."""
    lines = block.split("\n")
    out = []
    for i, line in enumerate(lines):
        if (i == 0 and not first) or not line.strip():
            out.append(line)
        elif delta >= 0:
            out.append(" " * delta + line)
        else:
            cut = min(-delta, len(line) - len(line.lstrip(" ")))
            out.append(line[cut:])
    return "\n".join(out)


def _above_comments(text: str, at: int) -> int:
    """The start of the comment lines right above the line at ``at``: they speak of what follows them."""
    while at > 0:
        previous = _line_start(text, at - 1)
        if not text[previous:at].strip().startswith("#"):
            break
        at = previous
    return at


def _item_start(text: str, node: yaml.Node) -> int:
    """Where a block sequence element starts: its « - »."""
    dash = text.rfind("-", _line_start(text, node.start_mark.index), node.start_mark.index)
    return dash if dash >= 0 else node.start_mark.index


def one_line(value: Any) -> str:
    """A value as YAML on one line: JSON is YAML."""
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass
class _Flow:
    """The elements added to, moved in or removed from one flow collection (« […] », « {…} »): it is written
    again whole, once, each element kept with its own text (and the changes inside it)."""

    node: yaml.Node
    path: tuple
    deleted: set = field(default_factory=set)  # indexes (a list) or keys (a mapping)
    moves: list[tuple[int, int | None]] = field(default_factory=list)  # (index, before index | None: last)
    added: list[tuple[Any, str]] = field(default_factory=list)  # (before index | after key | None, text)


class Writer:
    """Splices for one edition file (``doc``); ``use`` says where the national values come from."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.splices: list[tuple[int, int, int, str]] = []  # (start, end, order, text)
        self.flows: dict[tuple, _Flow] = {}
        self.use(doc, None, (), ())

    def use(self, national: Doc, national_data: Any, prefix: tuple, national_prefix: tuple) -> None:
        """The national file (its record's raw data) and where the record is in each file."""
        self.national, self.data = national, national_data
        self.prefix, self.nprefix = prefix, national_prefix

    def apply(self, op: Op) -> None:
        if self._through_alias(self.doc, self.prefix + op.path) and (
                op.national_path is None or self._through_alias(self.national, self.nprefix + op.national_path)):
            return  # both files write this value once, at its anchor: the change made there reaches it
        getattr(self, "_" + op.kind)(op)

    @staticmethod
    def _through_alias(doc: Doc, path: tuple) -> bool:
        return any(path[:i] in doc.shared for i in range(len(path) + 1))

    def result(self) -> str:
        splices = list(self.splices)
        for path in sorted(self.flows, key=len, reverse=True):  # the innermost first: the outer ones hold them
            splices = self._rebuild(self.flows[path], splices)
        return _apply(self.doc.text, splices, 0, len(self.doc.text))

    # -- where things are ----------------------------------------------------------------------------------

    def _splice(self, start: int, stop: int, text: str) -> None:
        self.splices.append((start, stop, len(self.splices), text))

    def _node(self, path: tuple) -> yaml.Node:
        full = self.prefix + path
        if any(full[:i] in self.doc.shared for i in range(len(full) + 1)):
            raise CannotWrite("valeur partagée par un alias « * »")
        node = self.doc.nodes.get(full)
        if node is None:
            raise CannotWrite(f"aucune valeur à {path}")
        return node

    def _national(self, npath: tuple) -> tuple[yaml.Node, str]:
        full = self.nprefix + npath
        node = self.national.nodes.get(full)
        if node is None or any(full[:i] in self.national.shared for i in range(len(full) + 1)):
            raise CannotWrite(f"aucune valeur nationale à {npath}")
        return node, self.national.text

    def _raw(self, npath: tuple) -> Any:
        value = self.data
        for step in npath:
            value = value[step]
        return value

    def _copyable(self, start: int, stop: int) -> bool:
        """Whether the national text from ``start`` to ``stop`` can be copied: it holds no anchor or alias (they
        would dangle, or clash, in the edition's file)."""
        return not any(start <= at < stop for at in self.national.anchors)

    def _anchor(self, node: yaml.Node) -> str:
        """The edition's own « &nom » on a value it replaces: kept, its aliases still point to it."""
        m = re.match(r"&[^\s\[\]{},]+\s*", self.doc.text[node.start_mark.index:])
        return m.group(0) if m else ""

    def _in_flow(self, path: tuple) -> bool:
        node = self.doc.nodes.get(self.prefix + path)
        return self.prefix + path in self.doc.flow or bool(getattr(node, "flow_style", False))

    def _flow(self, path: tuple) -> _Flow:
        node = self._node(path)
        return self.flows.setdefault(self.prefix + path, _Flow(node, self.prefix + path))

    def _value_text(self, npath: tuple, one: bool) -> str:
        """The national value's own text (one line when ``one``), else JSON."""
        source, ntext = self._national(npath)
        piece = ntext[source.start_mark.index:end(source, ntext)]
        if (one and "\n" in piece) or not self._copyable(source.start_mark.index, end(source, ntext)):
            return one_line(self._raw(npath))
        return piece

    # -- one method per kind of change ---------------------------------------------------------------------

    def _set(self, op: Op) -> None:
        assert op.national_path is not None
        self._replace(self._node(op.path), op.national_path, self.prefix + op.path in self.doc.flow)

    def _replace(self, node: yaml.Node, npath: tuple, in_flow: bool) -> None:
        source, ntext = self._national(npath)
        piece = ntext[source.start_mark.index:end(source, ntext)]
        anchor = self._anchor(node)
        if anchor or not self._copyable(source.start_mark.index, end(source, ntext)):
            piece = one_line(self._raw(npath))
        elif "\n" in piece:
            block = lambda n: isinstance(n, yaml.ScalarNode) and n.style in ("|", ">") or (  # noqa: E731
                isinstance(n, (yaml.MappingNode, yaml.SequenceNode)) and not n.flow_style)
            if not in_flow and block(node) and block(source) and type(node) is type(source) or (
                    not in_flow and isinstance(node, yaml.ScalarNode) and isinstance(source, yaml.ScalarNode)
                    and not block(source)):
                delta = _indent(self.doc.text, node.start_mark.index) - _indent(ntext, source.start_mark.index)
                piece = _reindent(piece, delta, first=False)
            else:
                piece = one_line(self._raw(npath))  # a value that must stay on its line (or changes shape)
        self._splice(node.start_mark.index, end(node, self.doc.text), anchor + piece)

    def _add(self, op: Op) -> None:
        assert op.national_path is not None
        mapping = self._node(op.path)
        if not isinstance(mapping, yaml.MappingNode):
            raise CannotWrite("pas un bloc « clé: valeur »")
        existing = {k.value: (k, v) for k, v in mapping.value}
        if op.key in existing:  # written out in the edition's file with its default value
            self._replace(existing[op.key][1], op.national_path, self.prefix + op.path + (op.key,) in self.doc.flow)
            return
        key_node = self.national.keys.get(self.nprefix + op.national_path)
        value_node, ntext = self._national(op.national_path)
        if key_node is None:
            raise CannotWrite("clé nationale introuvable")
        if self._in_flow(op.path):
            self._flow(op.path).added.append((op.anchor, f"{op.key}: {self._value_text(op.national_path, True)}"))
            return
        text = self.doc.text
        first_key = mapping.value[0][0]
        anchor = op.anchor if op.anchor in existing else None
        if anchor is None and text[_line_start(text, first_key.start_mark.index):first_key.start_mark.index].strip():
            anchor = first_key.value  # « - id: … »: nothing goes above an element's first key (order is free)
        at = (_line_after(text, end(existing[anchor][1], text)) if anchor is not None
              else _line_start(text, first_key.start_mark.index))
        if self._copyable(key_node.start_mark.index, end(value_node, ntext)):
            lead = ntext[_line_start(ntext, key_node.start_mark.index):key_node.start_mark.index]  # « - » not copied
            lines = " " * len(lead) + ntext[key_node.start_mark.index:_line_after(ntext, end(value_node, ntext))]
            lines = _reindent(lines.rstrip("\n"), first_key.start_mark.column - key_node.start_mark.column) + "\n"
        else:
            lines = " " * first_key.start_mark.column + f"{op.key}: {one_line(self._raw(op.national_path))}\n"
        self._splice(at, at, lines if text[at - 1:at] in ("\n", "") else "\n" + lines)

    def _delete(self, op: Op) -> None:
        parent = self._node(op.path[:-1])
        node = self._node(op.path)
        if self._in_flow(op.path[:-1]):
            self._flow(op.path[:-1]).deleted.add(op.path[-1])
            return
        text = self.doc.text
        if isinstance(parent, yaml.MappingNode):
            start = self.doc.keys[self.prefix + op.path].start_mark.index
            if text[_line_start(text, start):start].strip():
                raise CannotWrite("première clé d'un élément de liste")
        else:
            start = _item_start(text, node)
        self._splice(_line_start(text, start), _line_after(text, end(node, text)), "")

    def _insert(self, op: Op) -> None:
        assert op.national_path is not None
        sequence = self._node(op.path)
        if not isinstance(sequence, yaml.SequenceNode):
            raise CannotWrite("pas une liste")
        if self._in_flow(op.path):
            self._flow(op.path).added.append((op.anchor, self._value_text(op.national_path, True)))
            return
        source, ntext = self._national(op.national_path)
        start = _item_start(ntext, source)
        if not self._copyable(start, end(source, ntext)):  # written as JSON, on one line
            ntext = "- " + one_line(self._raw(op.national_path)) + "\n"
            composed = yaml.compose(ntext, Loader=LOADER)
            assert composed is not None  # « - » and a JSON value: one list of one element
            source, start = composed.value[0], 0
        self._place(op.path, op.anchor, ntext, source, start)

    def _move(self, op: Op) -> None:
        node = self._node(op.path)
        if self._in_flow(op.path[:-1]):
            self._flow(op.path[:-1]).moves.append((op.path[-1], op.anchor))
            return
        self._delete(Op("delete", op.path))
        self._place(op.path[:-1], op.anchor, self.doc.text, node, _item_start(self.doc.text, node))

    def _items(self, path: tuple) -> list[yaml.Node]:
        """The elements of the list at ``path``; none may be an alias (its node is written elsewhere)."""
        sequence = self._node(path)
        if any(self.prefix + path + (i,) in self.doc.shared for i in range(len(sequence.value))):
            raise CannotWrite("liste qui contient un alias « * »")
        return sequence.value

    def _place(self, path: tuple, anchor: int | None, source_text: str, source: yaml.Node, start: int) -> None:
        """Put the block element ``source`` (in ``source_text``, from its « - » at ``start``) into the list at ``path``."""
        text, items = self.doc.text, self._items(path)
        lead = source_text[_line_start(source_text, start):start]
        if lead.strip() or not items:
            raise CannotWrite("élément qui ne commence pas sa ligne")
        block = source_text[_line_start(source_text, start):_line_after(source_text, end(source, source_text))]
        dash = _item_start(text, items[0])
        block = _reindent(block.rstrip("\n"), (dash - _line_start(text, dash)) - len(lead)) + "\n"
        if anchor is not None:
            at = _above_comments(text, _line_start(text, _item_start(text, items[anchor])))
        else:
            at = _line_after(text, end(items[-1], text))
        self._splice(at, at, block if text[at - 1:at] in ("\n", "") else "\n" + block)

    def _rebuild(self, flow: _Flow, splices: list) -> list:
        """``splices`` with the flow collection written again: its elements in their new order, each with the
        changes made inside it; it goes on one line."""
        text, node = self.doc.text, flow.node
        mapping = isinstance(node, yaml.MappingNode)
        steps = [k.value for k, _ in node.value] if mapping else range(len(node.value))
        if any(flow.path + (step,) in self.doc.shared for step in steps):
            raise CannotWrite("collection qui contient un alias « * »")
        entries = ([(k.value, k.start_mark.index, end(v, text)) for k, v in node.value] if mapping else
                   [(i, item.start_mark.index, end(item, text)) for i, item in enumerate(node.value)])
        pieces: dict[Any, str] = {}
        for ident, start, stop in entries:
            inner = [s for s in splices if start <= s[0] and s[1] <= stop]
            splices = [s for s in splices if s not in inner]
            if ident not in flow.deleted:
                pieces[ident] = _apply(text, inner, start, stop)
        order: list[Any] = list(pieces)
        for index, before in flow.moves:
            order.remove(index)
            order.insert(order.index(before) if before in order else len(order), index)
        for n, (where, piece) in enumerate(flow.added):
            ident = ("added", n)
            pieces[ident] = piece
            if mapping:  # after its national predecessor (or first)
                order.insert(order.index(where) + 1 if where in order else 0, ident)
            else:  # before the edition's element it precedes (or last)
                order.insert(order.index(where) if where in order else len(order), ident)
        opening, closing = ("{", "}") if mapping else ("[", "]")
        start = node.start_mark.index + len(self._anchor(node))
        if any(s[0] < end(node, text) and start < s[1] for s in splices):
            raise CannotWrite("deux changements se chevauchent")
        return splices + [(start, end(node, text), -1, opening + ", ".join(pieces[k] for k in order) + closing)]


def _apply(text: str, splices: list, start: int, stop: int) -> str:
    """``text[start:stop]`` with ``splices`` (inside it) applied."""
    out, at = [], start
    for begin, finish, _, piece in sorted(splices, key=lambda s: (s[0], s[1] != s[0], s[2])):
        if begin < at:
            raise CannotWrite("deux changements se chevauchent")
        out += [text[at:begin], piece]
        at = finish
    return "".join(out) + text[at:stop]


def write(doc: Doc, ops: list[Op], national: Doc, national_data: Any, prefix: tuple = (),
          national_prefix: tuple = ()) -> str:
    """The text of ``doc`` with ``ops`` applied (the splices only; the caller checks the result)."""
    writer = Writer(doc)
    writer.use(national, national_data, prefix, national_prefix)
    for op in ops:
        writer.apply(op)
    return writer.result()
