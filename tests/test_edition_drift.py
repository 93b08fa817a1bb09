"""Issue 10: an edition keeps up with the national reference — drift is reported, marked, then accepted."""
from __future__ import annotations

import json
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


# Each override whose national source changed (national-changed), each national value the edition did not
# change and its file does not have yet (inherited-stale), each value both changed (edition-conflict).
NATIONAL_CHANGED = {("edition/content/programmes/p.yml", 3, "national-changed"),
                    ("edition/content/pages/index.md", 7, "national-changed"),
                    ("edition/criteria/grille.yml", 1, "national-changed")}
INHERITED = {("edition/criteria/grille.yml", 4, "inherited-stale"),  # version: 1.0 → 1.1
             ("edition/criteria/grille.yml", 12, "inherited-stale")}  # outcomes: « nsp » added
CONFLICTS = {("edition/content/programmes/p.yml", 6, "edition-conflict"),  # description, rewritten by both
             ("edition/content/pages/index.md", 12, "edition-conflict")}  # the paragraph the national page extends
EXPECTED = NATIONAL_CHANGED | INHERITED | CONFLICTS


def errors_of(stderr: str, root: Path) -> set[tuple[str, int, str]]:
    """(file, line, code) of each problem that stopped the command (« path:line: code: … »; with --strict,
    warnings are among them, still labelled « avertissement: »)."""
    found = set()
    for line in stderr.splitlines():
        m = re.match(r"^(.+?):(\d+): (?:avertissement: )?([a-z-]+): ", line)
        if m:
            found.add((m.group(1).replace(str(root) + "/", ""), int(m.group(2)), m.group(3)))
    return found


def test_check_warns_then_the_routine_clears(drifted, tmp_path):
    base, edition = drifted
    run = reperes("check", "--edition", str(edition), project=base)
    assert run.returncode == 0, run.stderr  # warnings by default
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

    lock = (edition / "versions-nationales.yml").read_text(encoding="utf-8")
    refused = reperes("edition", "accept", str(edition), project=base)
    assert refused.returncode == 1 and errors_of(refused.stderr, tmp_path) == INHERITED | CONFLICTS
    assert (edition / "versions-nationales.yml").read_text(encoding="utf-8") == lock  # nothing recorded

    updated = reperes("edition", "update", str(edition), project=base)
    assert updated.returncode == 0, updated.stderr
    assert "+++ " in updated.stdout and "+  - id: nsp" in updated.stdout  # the diff, as written
    still = reperes("edition", "accept", str(edition), project=base)
    assert still.returncode == 1 and errors_of(still.stderr, tmp_path) == CONFLICTS  # conflicts: the agency decides
    accepted = reperes("edition", "accept", str(edition), "--garder-edition", project=base)
    assert accepted.returncode == 0, accepted.stderr
    again = reperes("check", "--edition", str(edition), "--strict", project=base)
    assert again.returncode == 0 and "avertissement" not in again.stderr, again.stderr


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
    # The national outcome the edition did not touch is published already (the file is updated later).
    spec = json.loads((out / "api/criteria/grille.json").read_text(encoding="utf-8"))
    assert "nsp" in [o["id"] for o in spec["outcomes"]]
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
    codes = {"national-changed", "inherited-stale", "edition-conflict"}
    assert {p.code for p in found} == codes and all(p.is_warning for p in found)
    assert all(f": avertissement: {p.code}: " in str(p) for p in found)
    with pytest.raises(SourcesInvalid) as exc:
        check(base, edition, strict=True)
    assert {p.code for p in exc.value.problems} == codes


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.lstrip().startswith(start))


def test_new_edition_fails_strict_until_its_placeholders_are_replaced(tmp_path):
    """« reperes edition new », as an agency runs it from its own folder: valid, but each example it holds is
    reported at its line, and « --strict » refuses it until each is replaced (issue 20)."""
    folder = tmp_path / "agence" / "mon-edition"
    folder.parent.mkdir()
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(REPO), "edition", "new", "mon-edition"],
                         capture_output=True, text=True, cwd=folder.parent)
    assert run.returncode == 0, run.stderr
    config = folder / "edition.yml"
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schemas/edition.schema.json")
    assert (folder / "versions-nationales.yml").is_file()
    import jsonschema
    import yaml

    schema = json.loads((folder / "schemas/edition.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(text), schema, cls=jsonschema.Draft202012Validator)  # what the editor checks
    page = next((folder / "content/pages").rglob("*.md"))
    replaced = page.relative_to(folder / "content/pages").as_posix()
    rel = lambda p: p.relative_to(tmp_path).as_posix()  # noqa: E731
    expected = {(rel(config), _line_of(text, key), "placeholder")
                for key in ("publisher:", "site_url:", "national_url:", "name: Contact local", "phone:", "url:", "note:")}
    expected.add((rel(page), _line_of(page.read_text(encoding="utf-8"), "Exemple : remplacez"), "placeholder"))

    strict = reperes("check", "--edition", str(folder), "--strict", project=REPO)
    assert strict.returncode == 1 and errors_of(strict.stderr, tmp_path) == expected

    # The agency replaces them, one by one: each replaced one is no longer reported.
    edit(config, "(organisme à préciser)", "(ARS Test)")
    edit(config, "site_url: https://reperes.example.org/mon-edition/", "site_url: https://reperes.agence-test.fr/")
    edit(config, "national_url: https://reperes.example.org/", "national_url: https://reperes.referentiel-test.fr/")
    partial = reperes("check", "--edition", str(folder), "--strict", project=REPO)
    done = {(rel(config), _line_of(text, key), "placeholder") for key in ("publisher:", "site_url:", "national_url:")}
    assert partial.returncode == 1 and errors_of(partial.stderr, tmp_path) == expected - done
    for old, new in (("name: Contact local (exemple à remplacer)", "name: DAC du territoire"),
                     ("      phone: 01 99 00 00 00\n", ""), ("      url: https://www.example.org/\n", ""),
                     ("      note: Coordonnées d'exemple, à remplacer avant publication.\n", "")):
        edit(config, old, new)
    edit(page, "Exemple : remplacez cette justification par la raison de l'adaptation régionale (affichée aux lecteurs).",
         "Le parcours régional passe par le DAC du territoire.")
    out = tmp_path / "public"
    # --strict: the build checks first, as « reperes check --strict » does, and stops on any warning.
    built = reperes("build", "--edition", str(folder), "--out", str(out), "--strict", project=REPO)
    assert built.returncode == 0 and "avertissement" not in built.stderr, built.stderr
    html = (out / replaced[:-3] / "index.html").read_text(encoding="utf-8")
    active = re.search(r'md-tabs__item--active">\s*<a href="[^"]*" class="md-tabs__link">\s*([^<]+?)\s*</a>', html)
    assert active and active.group(1) != "Édition"  # in its national section, not with the edition's own pages
    assert "DAC du territoire" in visible((out / "edition/ecarts/index.html").read_text(encoding="utf-8"))
