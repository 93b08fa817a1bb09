"""Issue 10: an edition keeps up with the national reference — drift is reported, marked, then accepted."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, shared
from helpers import copy_fixtures, edit, visible_text as visible

REPLACED_HOME = """---
title: Accueil de l'édition
reviewed: 2026-11-20
sources:
  - ref: doc-a
    locator: ensemble
edition: {action: remplace, justification: Accueil régional.}
---

## Présentation régionale

Les MAIA coordonnent ; voir [[programmes/prog-un]].
"""


def reperes(*args: str, project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project), *args],
                          capture_output=True, text=True, cwd=REPO)


def warnings_of(stderr: str, root: Path) -> set[tuple[str, int, str]]:
    """(file relative to the tmp folder, line, code) of each warning line « path:line: avertissement: code: … »."""
    found = set()
    for line in stderr.splitlines():
        m = re.match(r"^(.+?):(\d+): avertissement: ([a-z-]+): ", line)
        if m:
            found.add((m.group(1).replace(str(root) + "/", ""), int(m.group(2)), m.group(3)))
    return found


def _drift(folder: Path) -> dict[str, Path]:
    """An edition that replaces a record, a page and a tool and removes a record, accepted, then the national
    reference changes all four."""
    base, edition = copy_fixtures(folder)
    (edition / "content/pages/index.md").write_text(REPLACED_HOME, encoding="utf-8")
    run = reperes("edition", "accept", str(edition), project=base)
    assert run.returncode == 0, run.stderr
    assert reperes("check", "--edition", str(edition), "--strict", project=base).returncode == 0
    # The national reference moves on.
    edit(base / "content/programmes/p.yml", "Un programme qui aide les médecins.", "Un programme qui aide les médecins et les infirmiers.")
    edit(base / "content/pages/index.md", "[[source:doc-a|§ 1]]",
         "[[source:doc-a|§ 1]]\n\nMise en garde nationale : ce programme est en cours de réévaluation.")
    edit(base / "content/pages/index.md", "reviewed: 2026-11-05", "reviewed: 2026-12-01")
    edit(base / "criteria/grille.yml", "    when: {count: [a, b], equals: oui, at_most: 0}",
         "    when: {count: [a, b], equals: oui, at_most: 0}\n    label: Négatif\n    interpretation: Aucun oui.\n"
         "  - id: nsp\n    when: {count: [a, b], equals: nsp, at_least: 2}")
    edit(base / "criteria/grille.yml", 'version: "1.0"', 'version: "1.1"')
    return {"base": base, "edition": edition}


@pytest.fixture(scope="session")
def drifted_once(tmp_path_factory) -> dict[str, Path]:
    """The drifted pair, made once per run (under pytest-xdist too): read-only, the tests use copies."""
    return shared(tmp_path_factory, "drifted", _drift)


@pytest.fixture
def drifted(drifted_once, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the drifted pair that a test may change, where _drift put it (tmp/mini, tmp/edition)."""
    return (shutil.copytree(drifted_once["base"], tmp_path / "mini"),
            shutil.copytree(drifted_once["edition"], tmp_path / "edition"))


EXPECTED = {("edition/content/programmes/p.yml", 3, "national-changed"),
            ("edition/content/pages/index.md", 7, "national-changed"),
            ("edition/criteria/grille.yml", 1, "national-changed")}


def test_check_warns_at_each_override_then_accept_clears(drifted, tmp_path):
    base, edition = drifted
    run = reperes("check", "--edition", str(edition), project=base)
    assert run.returncode == 0, run.stderr  # a warning by default
    assert warnings_of(run.stderr, tmp_path) == EXPECTED
    # What changed nationally, in plain French, on each line.
    assert "les infirmiers" in run.stderr and "Paragraphe ajouté : « Mise en garde nationale" in run.stderr
    assert "Résultat ajouté" in run.stderr and "Version : 1.0 → 1.1" in run.stderr
    assert "{'" not in run.stderr and "':" not in run.stderr

    strict = reperes("check", "--edition", str(edition), "--strict", project=base)
    assert strict.returncode == 1 and warnings_of(strict.stderr, tmp_path) == EXPECTED

    out = tmp_path / "site"
    assert reperes("build", "--edition", str(edition), "--out", str(out), "--strict", project=base).returncode == 1
    assert not out.exists()  # strict: nothing written

    accepted = reperes("edition", "accept", str(edition), project=base)
    assert accepted.returncode == 0, accepted.stderr
    again = reperes("check", "--edition", str(edition), "--strict", project=base)
    assert again.returncode == 0 and "avertissement" not in again.stderr


def test_removed_record_changed_nationally(drifted, tmp_path):
    base, edition = drifted
    edit(base / "content/profiles/p.yml", "  - id: profil-un", "  - id: profil-un\n    note: Note nationale ajoutée.")
    run = reperes("check", "--edition", str(edition), project=base)
    assert ("edition/edition.yml", 15, "national-changed") in warnings_of(run.stderr, tmp_path)


def test_override_never_accepted_is_reported(drifted, tmp_path):
    base, edition = drifted
    (edition / "versions-nationales.yml").unlink()
    run = reperes("check", "--edition", str(edition), project=base)
    assert run.returncode == 0
    assert {w for w in warnings_of(run.stderr, tmp_path)} >= {
        ("edition/content/programmes/p.yml", 3, "national-unrecorded"), ("edition/edition.yml", 15, "national-unrecorded")}


def test_site_marks_overrides_to_review(drifted, tmp_path):
    base, edition = drifted
    out = tmp_path / "site"
    run = reperes("build", "--edition", str(edition), "--out", str(out), project=base)
    assert run.returncode == 0, run.stderr
    assert warnings_of(run.stderr, tmp_path) == EXPECTED
    mark = "À revoir depuis la mise à jour nationale du"
    for page in ("programmes/prog-un/index.html", "outils/grille/index.html", "index.html"):
        assert mark in visible((out / page).read_text(encoding="utf-8")), page
    home = visible((out / "index.html").read_text(encoding="utf-8"))
    assert f"{mark} 1er décembre 2026" in home and "Mise en garde nationale" in home
    ecarts = visible((out / "edition/ecarts/index.html").read_text(encoding="utf-8"))
    assert ecarts.count(mark) == 3
    assert "{'" not in ecarts and "':" not in ecarts


def test_warnings_have_a_severity(drifted, tmp_path):
    """Warnings are data with a severity: the CLI prints « avertissement: », --strict makes them fatal."""
    from generator.build import check
    from generator.sources.errors import SourcesInvalid

    base, edition = drifted
    found: list = []
    check(base, edition, warnings=found)
    assert {p.code for p in found} == {"national-changed"} and all(p.is_warning for p in found)
    assert all(": avertissement: national-changed: " in str(p) for p in found)
    with pytest.raises(SourcesInvalid) as exc:
        check(base, edition, strict=True)
    assert {p.code for p in exc.value.problems} == {"national-changed"}


def test_new_edition_is_valid_and_its_replaced_page_keeps_its_national_place(tmp_path):
    """« reperes edition new », as an agency runs it from its own folder, outside the repository."""
    folder = tmp_path / "agence" / "mon-edition"
    folder.parent.mkdir()
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(REPO), "edition", "new", "mon-edition"],
                         capture_output=True, text=True, cwd=folder.parent)
    assert run.returncode == 0, run.stderr
    text = (folder / "edition.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schemas/edition.schema.json")
    assert (folder / "versions-nationales.yml").is_file()
    import json

    import jsonschema
    import yaml

    schema = json.loads((folder / "schemas/edition.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(text), schema, cls=jsonschema.Draft202012Validator)  # what the editor checks
    replaced = next((folder / "content/pages").rglob("*.md")).relative_to(folder / "content/pages").as_posix()
    out = tmp_path / "public"
    # --strict: the build checks first, as « reperes check --strict » does, and stops on any warning.
    strict = reperes("build", "--edition", str(folder), "--out", str(out), "--strict", project=REPO)
    assert strict.returncode == 0 and "avertissement" not in strict.stderr, strict.stderr
    page = (out / replaced[:-3] / "index.html").read_text(encoding="utf-8")
    active = re.search(r'md-tabs__item--active">\s*<a href="[^"]*" class="md-tabs__link">\s*([^<]+?)\s*</a>', page)
    assert active and active.group(1) != "Édition"  # in its national section, not with the edition's own pages
    assert "Contact local (exemple à remplacer)" in (out / "edition/ecarts/index.html").read_text(encoding="utf-8")
