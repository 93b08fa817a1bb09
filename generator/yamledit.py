"""Write national changes into an edition's YAML file, touching only the lines they change.

A webmaster reads the diff: the edition's comments, quotes, flow or block style and indentation stay
as they are. Each change (generator/merge3.Op) becomes a splice of the file's text, located with
PyYAML's own node marks; the text written is the national file's own text for that value (its style
and comments), re-indented, or JSON (valid YAML) where a value must fit on one line of a flow
collection. The caller checks that the result reads back as the merged data before writing it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from .merge3 import Op


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


def read(text: str, offset: int = 0) -> Doc:
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure-Python loader: marks count characters
    doc = Doc(text, {}, {}, set(), offset)
    if root is not None:
        _index(root, (), doc, False)
    return doc


def _index(node: yaml.Node, path: tuple, doc: Doc, in_flow: bool) -> None:
    doc.nodes[path] = node
    if in_flow:
        doc.flow.add(path)
    inner = in_flow or bool(getattr(node, "flow_style", False))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            doc.keys[path + (key.value,)] = key
            _index(value, path + (_key(key),), doc, inner)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _index(value, path + (i,), doc, inner)


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


class Writer:
    """Splices for one edition file (``doc``); ``use`` says where the national values come from."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.splices: list[tuple[int, int, int, str]] = []  # (start, end, order, text)
        self.use(doc, None, (), ())

    def use(self, national: Doc, national_data: Any, prefix: tuple, national_prefix: tuple) -> None:
        """The national file (its record's raw data) and where the record is in each file."""
        self.national, self.data = national, national_data
        self.prefix, self.nprefix = prefix, national_prefix

    def _splice(self, start: int, stop: int, text: str) -> None:
        self.splices.append((start, stop, len(self.splices), text))

    def _node(self, path: tuple) -> yaml.Node:
        node = self.doc.nodes.get(self.prefix + path)
        if node is None:
            raise CannotWrite(f"aucune valeur à {path}")
        return node

    def _national(self, npath: tuple) -> tuple[yaml.Node, str]:
        node = self.national.nodes.get(self.nprefix + npath)
        if node is None:
            raise CannotWrite(f"aucune valeur nationale à {npath}")
        return node, self.national.text

    def _raw(self, npath: tuple) -> Any:
        value = self.data
        for step in npath:
            value = value[step]
        return value

    def apply(self, op: Op) -> None:
        getattr(self, "_" + op.kind)(op)

    def result(self) -> str:
        text, out, at = self.doc.text, [], 0
        for start, stop, _, piece in sorted(self.splices, key=lambda s: (s[0], s[1] != s[0], s[2])):
            if start < at:
                raise CannotWrite("deux changements se chevauchent")
            out += [text[at:start], piece]
            at = stop
        return "".join(out) + text[at:]

    # -- one method per kind of change -----------------------------------------------------------------

    def _set(self, op: Op) -> None:
        assert op.national_path is not None
        node = self._node(op.path)
        self._replace(node, op.national_path, self.prefix + op.path in self.doc.flow)

    def _replace(self, node: yaml.Node, npath: tuple, in_flow: bool) -> None:
        source, ntext = self._national(npath)
        piece = ntext[source.start_mark.index:end(source, ntext)]
        block = lambda n: isinstance(n, yaml.ScalarNode) and n.style in ("|", ">") or (
            isinstance(n, (yaml.MappingNode, yaml.SequenceNode)) and not n.flow_style)
        if "\n" in piece and not (not in_flow and block(node) and block(source) and type(node) is type(source)):
            piece = one_line(self._raw(npath))  # a value that must stay on its line (or change shape)
        elif "\n" in piece:
            piece = _reindent(piece, self._depth(node) - self._depth(source, self.national), first=False)
        self._splice(node.start_mark.index, end(node, self.doc.text), piece)

    def _depth(self, node: yaml.Node, doc: Doc | None = None) -> int:
        doc = doc or self.doc
        return _indent(doc.text, node.start_mark.index)

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
        text = self.doc.text
        if mapping.flow_style or self.prefix + op.path in self.doc.flow:
            value = ntext[value_node.start_mark.index:end(value_node, ntext)]
            pair = f"{op.key}: {value if chr(10) not in value else one_line(self._raw(op.national_path))}"
            if op.anchor in existing:
                self._splice(end(existing[op.anchor][1], text), end(existing[op.anchor][1], text), ", " + pair)
            else:
                at = mapping.start_mark.index + 1
                self._splice(at, at, pair + (", " if mapping.value else ""))
            return
        start = _line_start(ntext, key_node.start_mark.index)
        lead = ntext[start:key_node.start_mark.index]  # « - » when the key is an element's first: not copied
        lines = " " * len(lead) + ntext[key_node.start_mark.index:_line_after(ntext, end(value_node, ntext))]
        first_key = mapping.value[0][0]
        lines = _reindent(lines.rstrip("\n"), first_key.start_mark.column - key_node.start_mark.column) + "\n"
        anchor = op.anchor if op.anchor in existing else None
        if anchor is None and text[_line_start(text, first_key.start_mark.index):first_key.start_mark.index].strip():
            anchor = first_key.value  # « - id: … »: nothing goes above an element's first key (order is free)
        if anchor is not None:
            at = _line_after(text, end(existing[anchor][1], text))
        else:
            at = _line_start(text, first_key.start_mark.index)
        self._splice(at, at, lines if text[at - 1:at] in ("\n", "") else "\n" + lines)

    def _delete(self, op: Op) -> None:
        parent = self._node(op.path[:-1])
        node = self._node(op.path)
        text = self.doc.text
        flow = bool(getattr(parent, "flow_style", False)) or self.prefix + op.path[:-1] in self.doc.flow
        if isinstance(parent, yaml.MappingNode):
            key = self.doc.keys[self.prefix + op.path]
            start = key.start_mark.index
            if not flow and text[_line_start(text, start):start].strip():
                raise CannotWrite("première clé d'un élément de liste")
            siblings = [k for k, _ in parent.value]
        else:
            start = _item_start(text, node) if not flow else node.start_mark.index
            siblings = list(parent.value)
        stop = end(node, text)
        if flow:
            rest = text[stop:]
            comma = len(rest) - len(rest.lstrip(" ,")) if rest.lstrip(" ").startswith(",") else 0
            if comma:
                self._splice(start, stop + comma, "")
            else:  # the last one: the comma before it goes
                before = text.rfind(",", 0, start)
                self._splice(before if before > parent.start_mark.index else start, stop, "")
            return
        if len(siblings) == 1:
            raise CannotWrite("dernier élément d'un bloc")
        self._splice(_line_start(text, start), _line_after(text, stop), "")

    def _insert(self, op: Op) -> None:
        assert op.national_path is not None
        sequence = self._node(op.path)
        source, ntext = self._national(op.national_path)
        self._place(sequence, op, ntext, source, _item_start(ntext, source), self.national)

    def _move(self, op: Op) -> None:
        sequence = self._node(op.path[:-1])
        node = self._node(op.path)
        flow = sequence.flow_style or self.prefix + op.path[:-1] in self.doc.flow
        self._delete(Op("delete", op.path))
        start = node.start_mark.index if flow else _item_start(self.doc.text, node)
        self._place(sequence, Op("move", op.path[:-1], anchor=op.anchor), self.doc.text, node, start, self.doc)

    def _place(self, sequence: yaml.Node, op: Op, source_text: str, source: yaml.Node, start: int, origin: Doc) -> None:
        """Put the element ``source`` (in ``source_text``, starting at ``start``) into ``sequence``."""
        if not isinstance(sequence, yaml.SequenceNode):
            raise CannotWrite("pas une liste")
        text = self.doc.text
        items = sequence.value
        if sequence.flow_style or self.prefix + op.path in self.doc.flow:
            piece = source_text[source.start_mark.index:end(source, source_text)]
            if "\n" in piece:
                piece = one_line(yaml.safe_load(piece))
            if op.anchor is not None:
                at = items[op.anchor].start_mark.index
                self._splice(at, at, piece + ", ")
            elif items:
                at = end(items[-1], text)
                self._splice(at, at, ", " + piece)
            else:
                at = sequence.start_mark.index + 1
                self._splice(at, at, piece)
            return
        if not items:
            raise CannotWrite("liste vide")
        block = source_text[_line_start(source_text, start):_line_after(source_text, end(source, source_text))]
        lead = source_text[_line_start(source_text, start):start]
        if lead.strip():
            raise CannotWrite("élément qui ne commence pas sa ligne")
        dash = _item_start(text, items[0])
        block = _reindent(block.rstrip("\n"), (dash - _line_start(text, dash)) - len(lead)) + "\n"
        if op.anchor is not None:
            at = _above_comments(text, _line_start(text, _item_start(text, items[op.anchor])))
        else:
            at = _line_after(text, end(items[-1], text))
        self._splice(at, at, block if text[at - 1:at] in ("\n", "") else "\n" + block)


def write(doc: Doc, ops: list[Op], national: Doc, national_data: Any, prefix: tuple = (),
          national_prefix: tuple = ()) -> str:
    """The text of ``doc`` with ``ops`` applied (the splices only; the caller checks the result)."""
    writer = Writer(doc)
    writer.use(national, national_data, prefix, national_prefix)
    for op in ops:
        writer.apply(op)
    return writer.result()
