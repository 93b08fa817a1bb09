"""Hostile or broken sources (tests/hostile/*.yml): each gives its documented code, never a traceback.

Each manifest lists cases; a case mutates fresh copies of the mini project (``content/…``, ``criteria/…``)
and of its edition (``edition/…``), may put files beside them (``outside/…``), and says what
``reperes check`` must report:

    - id: tabulation                      # unique in its manifest
      about: Why this input is hostile or broken.
      files:                              # path → one action
        content/glossary/g.yml:
          replace: [["    term: MAIA", "\\tterm: MAIA"]]   # or: text, append, copy, parts, bytes,
                                                            #     symlink, fifo, mkdir, delete
          encoding: latin-1               # with text/append/replace: bytes written in this encoding
      expect: [[yaml-syntax, content/glossary/g.yml, 4]]   # code, path, line (null: any line)
      exact: false                        # default true: nothing else is reported
      seconds: 20                         # CPU time bound (default 20 s); memory_mb: peak memory bound
      absent: [outside/pwned]             # files that must not exist afterwards (nothing was run)
      cli: true                           # also run « reperes check » in a subprocess
      shows: [index.html, "texte"]        # with expect []: accepted as text, built, checked inert;
      in_json: "texte"                    #   and carried intact by the page's embedded JSON

« @tmp » in a text or link target is the test's temporary folder; ``parts: [[text, times], …]`` writes
big files (« {n} » in a part is replaced by 0, 1, 2…).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO, problems
from generator.sources.errors import ERROR_TYPES
from helpers import copy_fixtures, visible_text

CORPUS = Path(__file__).parent / "hostile"
CATEGORIES = {"yaml-syntax", "types", "huge", "unknown-ids", "cycles", "duplicates", "injection", "encoding", "empty",
              "links"}


def load_cases() -> list[dict]:
    cases = []
    for manifest in sorted(CORPUS.glob("*.yml")):
        for case in yaml.safe_load(manifest.read_text(encoding="utf-8")):
            cases.append({**case, "category": manifest.stem})
    return cases


CASES = load_cases()


def params(cases: list[dict]) -> list:
    return [pytest.param(c, id=f"{c['category']}/{c['id']}") for c in cases]


def uses_edition(case: dict) -> bool:
    return any(path.startswith("edition/") for path in case.get("files", {}))


def prepare(case: dict, tmp: Path) -> tuple[Path, Path | None]:
    """Copies of mini (and of its edition when the case touches it), mutated as the case says."""
    base, edition = tmp / "mini", tmp / "edition"
    if not base.exists():
        copy_fixtures(tmp)
        (tmp / "outside").mkdir()
    for rel, action in case.get("files", {}).items():
        apply(where(rel, tmp), action, tmp)
    return base, (edition if uses_edition(case) else None)


def where(rel: str, tmp: Path) -> Path:
    return tmp / (rel if rel.startswith(("edition/", "outside/")) else f"mini/{rel}")


def apply(path: Path, action: dict, tmp: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    here = str(tmp)
    if "symlink" in action:
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        path.symlink_to(action["symlink"].replace("@tmp", here))
        return
    if action.get("delete"):
        path.unlink()
        return
    if action.get("fifo"):
        path.unlink(missing_ok=True)
        os.mkfifo(path)
        return
    if action.get("mkdir"):
        path.unlink(missing_ok=True)
        path.mkdir()
        return
    if "bytes" in action:  # [[text, "hex bytes"], …]: raw bytes where the text was (invalid UTF-8…)
        raw = path.read_bytes()
        for old, new in action["bytes"]:
            assert old.encode() in raw, f"fixture changed: {old!r} not in {path}"
            raw = raw.replace(old.encode(), bytes.fromhex(new), 1)
        path.write_bytes(raw)
        return
    if "parts" in action:
        text = "".join(_numbered(part, times) for part, times in action["parts"])
    elif "text" in action:
        text = action["text"]
    else:
        text = (where(action["copy"], tmp) if "copy" in action else path).read_text(encoding="utf-8")
        for old, new in action.get("replace", []):
            assert old in text, f"fixture changed: {old!r} not in {path}"
            text = text.replace(old, new, 1)
        text += action.get("append", "")
    path.write_bytes(text.replace("@tmp", here).encode(action.get("encoding", "utf-8")))


def _numbered(part: str, times: int) -> str:
    return "".join(part.replace("{n}", str(n)) for n in range(times)) if "{n}" in part else part * times


def found(case: dict, tmp: Path) -> list[tuple[str, str, int | None]]:
    """Problems with paths relative to the mini project, or to ``tmp`` for the edition and outside files."""
    base, edition = prepare(case, tmp)
    return [(code, path.replace(f"{tmp}/", ""), line) for code, path, line in problems(base, edition)]


def test_corpus_covers_every_category():
    assert len(CASES) >= 45
    assert {c["category"] for c in CASES} == CATEGORIES
    ids = [(c["category"], c["id"]) for c in CASES]
    assert len(ids) == len(set(ids))
    assert sum(1 for c in CASES if c.get("cli")) >= 8


@pytest.mark.parametrize("case", params(CASES))
def test_case_gives_its_documented_code(case, tmp_path):
    expected = [tuple(e) for e in case["expect"]]
    for code, _, _ in expected:
        assert ERROR_TYPES[code].description  # every expected code is listed on the authors' format page
    tracing = "memory_mb" in case
    if tracing:
        tracemalloc.start()
    start = time.process_time()  # CPU time: the bound holds on a loaded machine too, where the wall clock does not
    try:
        got = found(case, tmp_path)
    finally:
        elapsed = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1] if tracing else 0
        tracemalloc.stop()
    assert elapsed < case.get("seconds", 20), f"{elapsed:.1f} s"
    if tracing:
        assert peak < case["memory_mb"] * 1_000_000, f"{peak / 1e6:.0f} Mo"
    assert all(code in ERROR_TYPES for code, _, _ in got)
    for code, path, line in expected:
        assert any(c == code and p == path and (line is None or n == line) for c, p, n in got), (expected, got)
    if case.get("exact", True):
        assert len(got) == len(expected), (expected, got)
    for rel in case.get("absent", []):
        assert not (tmp_path / rel).exists(), f"{rel} was created: the file ran code"


LINE = re.compile(r"^(?P<path>[^:]+)(:(?P<line>\d+))?: (?P<code>[a-z0-9-]+): \S.*$")


@pytest.mark.parametrize("case", params([c for c in CASES if c.get("cli")]))
def test_cli_reports_it_without_traceback(case, tmp_path):
    base, edition = prepare(case, tmp_path)
    command = [sys.executable, "-m", "generator.cli", "--project", str(base), "check"]
    run = subprocess.run(command + (["--edition", str(edition)] if edition else []), capture_output=True, text=True,
                         cwd=REPO, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    *lines, summary = run.stderr.strip().splitlines()
    assert "problème(s)" in summary
    reported = []
    for line in lines:
        m = LINE.match(line)
        assert m, f"not « path:line: code: message »: {line!r}"
        reported.append((m["code"], m["path"].replace(f"{tmp_path}/", ""), int(m["line"]) if m["line"] else None))
    for code, path, number in case["expect"]:
        assert any(c == code and p == path and (number is None or n == number) for c, p, n in reported), reported


# -- Cycles between records are fine ------------------------------------------------------------------------

def test_records_citing_each_other_are_fine(tmp_path):
    """see_also may go both ways, or point at the record itself: a cycle of links is not an error (the
    site just links back and forth); only a self-referencing YAML structure is refused (cycles.yml)."""
    case = next(c for c in CASES if c["category"] == "cycles" and c["id"] == "see-also-both-ways")
    assert case["expect"] == []
    base, _ = prepare(case, tmp_path)
    assert problems(base) == []
    from generator.build import build

    out = build(base, out=tmp_path / "site")
    assert (out / "programmes/prog-un/index.html").is_file()


# -- Accepted injections are inert in the built site --------------------------------------------------------

ACCEPTED = [c for c in CASES if c.get("shows")]
SCRIPT_SCHEME = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}


FRAMES = {"iframe", "object", "embed", "frame", "base"}


class _Audit(HTMLParser):
    """What a browser would run: script elements and their text, event handlers, script addresses, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []  # {"attrs", "body"}
        self.handlers: list[tuple[str, str]] = []
        self.script_urls: list[tuple[str, str]] = []
        self.frames: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in URL_ATTRIBUTES and value and SCRIPT_SCHEME.match(value.replace("\t", "").replace("\n", "")):
                self.script_urls.append((tag, value))
        if tag == "script":
            self.scripts.append({"attrs": dict(attrs), "body": ""})
        if tag in FRAMES or tag == "meta" and ("http-equiv", "refresh") in [(n, (v or "").lower()) for n, v in attrs]:
            self.frames.append(tag)

    def handle_data(self, data):
        if self.scripts and self.lasttag == "script":
            self.scripts[-1]["body"] += data


def audit(html: str) -> _Audit:
    result = _Audit()
    result.feed(html)
    return result


def strings_in(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings_in(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings_in(v)]
    return []


@pytest.mark.parametrize("with_edition", [False, True], ids=["national", "edition"])
def test_accepted_injections_are_inert_in_the_built_site(with_edition, tmp_path):
    from generator.build import build

    cases = [c for c in ACCEPTED if uses_edition(c) == with_edition]
    assert cases
    for case in cases:
        assert case["expect"] == [], case["id"]
        base, edition = prepare(case, tmp_path)
    assert problems(base, edition) == []
    out = build(base, edition, tmp_path / "site")
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    json_strings: dict[str, list[str]] = {}
    for name, html in pages.items():
        seen = audit(html)
        assert seen.handlers == [], name
        assert seen.script_urls == [], name
        assert seen.frames == [], name
        for script in seen.scripts:
            assert "pwned" not in script["attrs"].get("src", ""), name
            if script["attrs"].get("type") == "application/json":
                json_strings.setdefault(name, []).extend(strings_in(json.loads(script["body"])))  # still parses
            else:
                assert "pwned" not in script["body"], (name, script)
    for case in cases:
        page, text = case["shows"]
        assert text in visible_text(pages[page]), (case["id"], page)  # published, as text
        if "in_json" in case:  # the embedded spec carries it intact
            assert case["in_json"] in json_strings[page], case["id"]
