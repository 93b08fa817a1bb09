"""Three-way merge of a record's data: the national copy the edition last accepted (base), the national
source today, and the edition's own copy.

What the edition did not change follows the national source; what the national source did not change
keeps the edition's value; where both changed the same value differently, that is a conflict and the
edition's value stays. The data are the records as the models dump them (``mode="json"``, defaults
left out): mappings are merged key by key, lists of records that carry an identifier (``id``,
``value``, ``name``, ``ref``) element by element, other lists as sequences (diff3), texts of pages
line by line. Every national value taken is listed as an ``Op`` the edition's file needs
(generator/yamledit.py writes them); paths are those of the edition's data, which are those of its
YAML file (a dumped record has the keys and list positions of the file it was read from).
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # a key or element that is not there
IDENTITY_KEYS = ("id", "value", "name", "ref")  # what names an element of a list of records, in this order


@dataclass(frozen=True)
class Conflict:
    """The national source and the edition changed the same value, differently; the edition's value stays."""

    path: tuple  # in the edition's data (the nearest existing container when the edition removed it)
    base: Any
    national: Any
    edition: Any


@dataclass(frozen=True)
class Op:
    """One national change the edition's file does not have yet.

    kind: « set » (value at ``path`` becomes the national one at ``national_path``), « add » (key ``key``
    of the mapping at ``path``, after key ``anchor`` or first), « delete » (the key or element at
    ``path``), « insert » (national element ``national_path`` into the list at ``path``, before the
    edition's element at index ``anchor``, or last), « move » (the edition's element at ``path``, to
    before index ``anchor``, or last), « text » (a page's body becomes ``after``)."""

    kind: str
    path: tuple
    national_path: tuple | None = None
    key: Any = None
    anchor: Any = None
    before: Any = MISSING  # the value accepted last time
    after: Any = MISSING  # the national value now


@dataclass
class Merge:
    ops: list[Op] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


OWN_KEYS = frozenset({"reviewed"})  # a record's own review date: the edition's once it wrote its own, never a conflict


def merge(base: Any, national: Any, edition: Any) -> tuple[Any, Merge]:
    """The merged value, the national changes to write into the edition, and the conflicts."""
    out = Merge()
    if all(isinstance(x, dict) for x in (base, national, edition)):
        national = dict(national)
        for key in OWN_KEYS & set(edition):
            if edition[key] != base.get(key, MISSING):  # the edition's own: as if the national one had not moved
                national.pop(key, None)
                if key in base:
                    national[key] = base[key]
    return _value(base, national, edition, (), (), out), out


def _value(b: Any, n: Any, e: Any, epath: tuple, npath: tuple, out: Merge) -> Any:
    if n == b or e == n:
        return e
    if all(isinstance(x, dict) for x in (b, n, e)):
        return _mapping(b, n, e, epath, npath, out)
    if all(isinstance(x, list) for x in (b, n, e)):
        return _list(b, n, e, epath, npath, out)
    if e == b:
        if n is MISSING:
            out.ops.append(Op("delete", epath, before=b))
        else:
            out.ops.append(Op("set", epath, npath, before=b, after=n))
        return n
    out.conflicts.append(Conflict(epath, b, n, e))
    return e


def _mapping(b: dict, n: dict, e: dict, epath: tuple, npath: tuple, out: Merge) -> dict:
    merged: dict = {}
    for key in e:
        value = _value(b.get(key, MISSING), n.get(key, MISSING), e[key], epath + (key,), npath + (key,), out)
        if value is not MISSING:
            merged[key] = value
    previous = None
    for key in n:
        if key not in e:
            bv = b.get(key, MISSING)
            if bv is MISSING:  # a key the national source added
                out.ops.append(Op("add", epath, npath + (key,), key=key, anchor=previous, after=n[key]))
                merged[key] = n[key]
            elif bv != n[key]:  # the edition removed it; the national source changed it
                out.conflicts.append(Conflict(epath + (key,), bv, n[key], MISSING))
        if key in e or key in merged:
            previous = key
    return merged


def identity(*lists: list) -> str | None:
    """The key that names each element of every list, uniquely within each ("" : the element itself, for lists
    of distinct words or numbers); None when there is none."""
    elements = [x for values in lists for x in values]
    if not elements:
        return None
    if all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in elements):
        return "" if all(len(set(values)) == len(values) for values in lists) else None
    if not all(isinstance(x, dict) for x in elements):
        return None
    for key in IDENTITY_KEYS:
        if all(isinstance(x.get(key), (str, int)) for x in elements) and all(
                len({x[key] for x in values}) == len(values) for values in lists):
            return key
    return None


def _list(b: list, n: list, e: list, epath: tuple, npath: tuple, out: Merge) -> list:
    key = identity(b, n, e)
    if key is None:
        return _sequence(b, n, e, epath, npath, out)
    name = (lambda x: x) if key == "" else (lambda x: x[key])
    bi, ni, ei = ({name(x): i for i, x in enumerate(values)} for values in (b, n, e))
    # 1. Each element's content, as a mapping from its identifier.
    content: dict[Any, Any] = {}
    for k, i in ei.items():
        bv = b[bi[k]] if k in bi else MISSING
        nv = n[ni[k]] if k in ni else MISSING
        value = _value(bv, nv, e[i], epath + (i,), npath + (ni.get(k, -1),), out)
        if value is not MISSING:
            content[k] = value
    for k, i in ni.items():
        if k not in ei:
            if k not in bi:
                content[k] = n[i]  # placed below, with its position
            elif b[bi[k]] != n[i]:  # the edition removed it; the national source changed it
                out.conflicts.append(Conflict(epath, [name(x) for x in b], [name(x) for x in n], [name(x) for x in e]))
    # 2. The order (a rule: the first outcome that holds applies), merged on the elements the base has; the
    # edition's own ones (and those it keeps against a national removal) then go before the element that
    # follows them in the edition's list.
    kept = [name(x) for x in e if name(x) in content]
    order, conflict = _order([name(x) for x in b if name(x) in content], [name(x) for x in n if name(x) in content],
                             [k for k in kept if k in bi and k in ni])
    for position, k in enumerate(kept):
        if k not in order:
            following = next((x for x in kept[position + 1:] if x in order), None)
            order.insert(order.index(following) if following is not None else len(order), k)
    still = _in_place(kept, order)
    if conflict or any(content[k] != e[ei[k]] for k in kept if k not in still):
        # Both reordered, or an element the national source moves is one the edition changed: the edition's
        # order stays (its text is never rebuilt from pieces), the national additions go last.
        out.conflicts.append(Conflict(epath, [name(x) for x in b], [name(x) for x in n], [name(x) for x in e]))
        order = kept + [k for k in content if k not in kept]
        still = set(kept)
    for position, k in enumerate(order):
        if k in still:
            continue
        after = next((ei[x] for x in order[position + 1:] if x in still), None)
        if k in ei:
            out.ops.append(Op("move", epath + (ei[k],), anchor=after))
        else:
            out.ops.append(Op("insert", epath, npath + (ni[k],), anchor=after, after=content[k]))
    return [content[k] for k in order]


def _in_place(kept: list, order: list) -> set:
    """The edition's elements that keep their place: the longest run common to their old and new order."""
    matcher = difflib.SequenceMatcher(a=kept, b=[k for k in order if k in kept], autojunk=False)
    return {kept[block.a + j] for block in matcher.get_matching_blocks() for j in range(block.size)}


def _chunk(bb: list, nn: list, ee: list) -> tuple[list, bool]:
    """One diff3 chunk merged: the side that changed it; where both did, the edition's, and a conflict."""
    if nn == bb or nn == ee:
        return ee, False
    if ee == bb:
        return nn, False
    return ee, True


def _order(b: list, n: list, e: list) -> tuple[list, bool]:
    merged, conflict = [], False
    for bb, nn, ee in diff3(b, n, e):
        part, clash = _chunk(bb, nn, ee)
        merged += part
        conflict = conflict or clash
    return merged, conflict


def _sequence(b: list, n: list, e: list, epath: tuple, npath: tuple, out: Merge) -> list:
    """A list whose elements have no identifier (conditions, identifiers of questions): diff3 on whole elements."""
    merged: list = []
    inserts: list[Op] = []
    i_n = i_e = 0
    for bb, nn, ee in diff3(*([_canonical(x) for x in values] for values in (b, n, e))):
        chunk_n, chunk_e = n[i_n:i_n + len(nn)], e[i_e:i_e + len(ee)]
        if nn == bb or nn == ee:
            merged += chunk_e
        elif ee == bb:
            out.ops += [Op("delete", epath + (i_e + j,), before=x) for j, x in enumerate(chunk_e)]
            anchor = i_e + len(ee) if i_e + len(ee) < len(e) else None
            inserts += [Op("insert", epath, npath + (i_n + j,), anchor=anchor, after=x) for j, x in enumerate(chunk_n)]
            merged += chunk_n
        else:
            out.conflicts.append(Conflict(epath, b, n, e))
            merged += chunk_e
        i_n, i_e = i_n + len(nn), i_e + len(ee)
    out.ops += inserts
    return merged


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def diff3(b: list, n: list, e: list) -> list[tuple[list, list, list]]:
    """Chunks (base, national, edition) in order: stable ones (all three equal) and changed ones.

    The classic algorithm: the base is matched to each side (difflib), and a position of the base that
    both sides keep, consecutively, is stable."""
    to_n, to_e = _matches(b, n), _matches(b, e)
    chunks: list[tuple[list, list, list]] = []
    i = j = k = 0
    while i < len(b) or j < len(n) or k < len(e):
        if i < len(b) and to_n.get(i) == j and to_e.get(i) == k:
            start = i
            while i < len(b) and to_n.get(i) == j and to_e.get(i) == k:
                i, j, k = i + 1, j + 1, k + 1
            chunks.append((b[start:i], n[j - (i - start):j], e[k - (i - start):k]))
            continue
        stop = next((x for x in range(i, len(b)) if x in to_n and x in to_e and to_n[x] >= j and to_e[x] >= k), None)
        ni, ei = (to_n[stop], to_e[stop]) if stop is not None else (len(n), len(e))
        stop = len(b) if stop is None else stop
        chunks.append((b[i:stop], n[j:ni], e[k:ei]))
        i, j, k = stop, ni, ei
    return chunks


def _matches(a: list, b: list) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return {block.a + x: block.b + x for block in matcher.get_matching_blocks() for x in range(block.size)}


def merge_text(base: str, national: str, edition: str) -> tuple[str, list[tuple[int, str, str, str]]]:
    """A page's text merged line by line; the conflicts as (edition line index, base, national, edition)."""
    b, n, e = (text.splitlines(keepends=True) for text in (base, national, edition))
    merged: list[str] = []
    conflicts = []
    line = 0
    for bb, nn, ee in diff3(b, n, e):
        part, clash = _chunk(bb, nn, ee)
        if clash:
            conflicts.append((line, "".join(bb), "".join(nn), "".join(ee)))
        merged += part
        line += len(ee)
    return "".join(merged), conflicts
