"""Placeholders left in an edition: example addresses, fictional numbers, the scaffold's sample texts.

« reperes edition new » writes a valid edition full of examples; each one found in the edition's source
files is a warning at its line (``placeholder``, an error with ``--strict``), so a fresh scaffold fails
``check --strict`` until each is replaced. What counts (docs/edition.md says the same):

- an address whose host is reserved for examples (RFC 2606, RFC 6761): ``example.com``, ``example.net``,
  ``example.org`` and their subdomains, any name ending in ``.example``, ``.test``, ``.invalid`` or
  ``.localhost``, and ``localhost`` itself — in a link, an e-mail or a bare name;
- a telephone number reserved for fiction: 01 99 00 xx xx in France (the ARCEP range the scaffold uses),
  555-01xx in North America;
- the scaffold's sample texts: words between parentheses ending in « à remplacer » or « à préciser »,
  « à remplacer avant publication », « Exemple : remplacez… ».

An edition that declares ``demonstration: true`` is fictional by design: its addresses and numbers are
examples on purpose (they reach no one), and each of its pages says « Édition de démonstration ». The
sample texts are reported there too: a demonstration has no use for « remplacez cette justification ».
Comment lines of YAML files are not read (they are not published).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..sources.errors import Placeholder, Problem
from ..sources.validate import Layers

_HOST = r"(?:[a-z0-9-]+\.)*(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:example|test|invalid|localhost))|localhost"
EXAMPLE_HOST = re.compile(rf"(?<![\w.@-])(?:https?://|[\w.+-]+@)?(?:{_HOST})(?![\w-]|\.[\w-])(?:[/:?#][^\s\"'<>»)\]]*)?", re.I)
FICTION_NUMBER = re.compile(r"(?<![\d+])(?:(?:\+33|0033)[ .-]?|0)1[ .-]?99[ .-]?00(?:[ .-]?\d\d){2}(?!\d)"
                            r"|(?<![\d+])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?555[ .-]?01\d\d(?!\d)")
SAMPLE_TEXT = re.compile(r"\([^()\n]*\bà\s+(?:remplacer|préciser)\s*\)|\bà\s+remplacer\s+avant\s+publication\b"
                         r"|\bexemple\s*:\s*remplacez\b", re.I)


def placeholder_problems(layers: Layers) -> list[Problem]:
    config, edition = layers.config, layers.edition
    if config is None or edition is None:
        return []
    files = {config.rel: config.root / "edition.yml"}
    for entries in edition.records.values():
        files.update({e.rel: layers.root / e.rel for e in entries.values()})
    files.update({p.rel: p.path or layers.root / p.rel for p in edition.pages.values()})
    demonstration = config.edition.demonstration
    problems = []
    for rel, path in sorted(files.items()):
        problems += scan(rel, path, demonstration)
    return problems


def scan(rel: str, path: Path, demonstration: bool = False) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # load has reported it
    yaml_file = path.suffix in (".yml", ".yaml")
    found = []
    patterns = [(SAMPLE_TEXT, _text)] + ([] if demonstration else [(EXAMPLE_HOST, _address), (FICTION_NUMBER, _number)])
    for number, line in enumerate(text.splitlines(), start=1):
        if yaml_file and line.lstrip().startswith("#"):
            continue
        for pattern, say in patterns:
            found += [Placeholder.at(rel, number, problem=say(m.group(0))) for m in pattern.finditer(line)]
    return found


def _address(found: str) -> str:
    return (f"adresse d'exemple « {found} » (nom réservé aux exemples) : remplacez-la par l'adresse réelle avant de "
            "publier, ou retirez-la")


def _number(found: str) -> str:
    return f"numéro de fiction « {found} » : remplacez-le par le numéro réel avant de publier, ou retirez-le"


def _text(found: str) -> str:
    return f"texte d'exemple « {found} » laissé par « reperes edition new » : remplacez-le avant de publier"
