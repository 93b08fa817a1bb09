"""No data loss: a command replaces only a folder that is new, empty, or that Repères wrote (generator/site/output_guard.py).

Each refusal is run by the command line, from the agency's folder, and must exit 1 with its code before anything
is read or built, and leave every file of the project (its .git included), of the edition, of the foreign folder
and of the home folder as it was: the whole tree is fingerprinted before and after. Refusals cost nothing (they
happen before building), so the cases run in the test's own process.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.site.output_guard import ALL, DOCS_TREE, SITE, ZIP_COMMENT, free_output, refusal
from helpers import copy_fixtures


@pytest.fixture
def agency(tmp_path, monkeypatch) -> Path:
    """tmp/ holds the national project (mini, with a .git and an edition), and home/agence/ the edition (edition) and a folder
    of someone else's files (theirs); the commands run from home/agence/, the home folder being home/."""
    base, edition = copy_fixtures(tmp_path)
    (base / ".git").mkdir()
    (base / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    shutil.copytree(edition, base / "editions" / "regionale")  # an edition shipped with the project, for --all
    agence = tmp_path / "home" / "agence"
    agence.mkdir(parents=True)
    edition.rename(agence / "edition")
    (agence / "theirs").mkdir()
    (agence / "theirs" / "notes.txt").write_text("à garder", encoding="utf-8")
    (agence / "theirs.zip").write_bytes(b"not ours")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("REPERES_PROJECT", raising=False)
    monkeypatch.chdir(agence)
    return tmp_path


def fingerprint(root: Path) -> dict[str, str]:
    """Every file and folder under ``root``, with the hash of each file's bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dossier"
            for p in sorted(root.rglob("*"))}


def codes(stderr: str) -> list[str]:
    return re.findall(r"^[^\n]*?: ([a-z]+(?:-[a-z]+)+): ", stderr, re.M)


# (arguments after « reperes --project <mini> », expected code); paths are from home/agence/, the project is ../../mini
CASES = {
    "out-project": (["build", "--out", "../../mini"], "output-in-sources"),
    "out-content": (["build", "--out", "../../mini/content"], "output-in-sources"),
    "out-inside-content": (["build", "--out", "../../mini/content/pages/site"], "output-in-sources"),
    "out-criteria": (["build", "--out", "../../mini/criteria"], "output-in-sources"),
    "out-above-project": (["build", "--out", "../.."], "output-in-sources"),
    "out-edition": (["build", "--edition", "edition", "--out", "edition"], "output-in-sources"),
    "out-inside-edition": (["build", "--edition", "edition", "--out", "edition/site"], "output-in-sources"),
    "out-holding-edition": (["build", "--edition", "edition", "--out", "."], "output-in-sources"),
    "out-home": (["build", "--out", ".."], "output-protected"),
    "out-root": (["build", "--out", "/"], "output-protected"),
    "out-foreign": (["build", "--out", "theirs"], "output-not-ours"),
    "out-file": (["build", "--out", "theirs/notes.txt"], "output-not-ours"),
    "zip-foreign": (["build", "--out", "theirs-site", "--zip"], None),  # theirs-site.zip: see below
    "docs-tree-project": (["build", "--docs-tree", "../../mini"], "output-in-sources"),
    "docs-tree-content": (["build", "--docs-tree", "../../mini/content"], "output-in-sources"),
    "docs-tree-edition": (["build", "--edition", "edition", "--docs-tree", "edition"], "output-in-sources"),
    "docs-tree-shipped-edition": (["build", "--docs-tree", "../../mini/editions/regionale/content"], "output-in-sources"),
    "docs-tree-foreign": (["build", "--docs-tree", "theirs"], "output-not-ours"),
    "docs-tree-home": (["build", "--docs-tree", ".."], "output-protected"),
    "all-project": (["build", "--all", "--out", "../../mini"], "output-in-sources"),
    "all-content": (["build", "--all", "--out", "../../mini/content"], "output-in-sources"),
    "all-edition": (["build", "--all", "--out", "../../mini/editions/regionale"], "output-in-sources"),
    "all-editions": (["build", "--all", "--out", "../../mini/editions"], "output-in-sources"),
    "all-agency-edition": (["build", "--all", "--out", "edition"], "output-not-ours"),  # not one of --all's sources
    "all-foreign": (["build", "--all", "--out", "theirs"], "output-not-ours"),
    "all-home": (["build", "--all", "--out", ".."], "output-protected"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_refused_output_leaves_every_file_as_it_was(agency, capsys, name):
    args, expected = CASES[name]
    if name == "zip-foreign":
        (agency / "home/agence/theirs-site.zip").write_bytes(b"someone's archive")
        expected = "output-not-ours"
    before = fingerprint(agency)
    assert main(["--project", "../../mini", *args]) == 1
    err = capsys.readouterr().err
    assert codes(err) == [expected], err
    assert "erreur interne" not in err and "Traceback" not in err
    assert fingerprint(agency) == before  # nothing written, nothing removed, no folder created


def test_each_refusal_names_a_folder_that_works(agency, capsys):
    """The refusal's example (« par ex. --out … ») is itself accepted."""
    assert main(["--project", "../../mini", "build", "--edition", "edition", "--out", "edition/site"]) == 1
    example = re.search(r"par ex\. --out (\S+)\)", capsys.readouterr().err)
    assert example, "the refusal gives an example"
    project, edition = agency / "mini", agency / "home/agence/edition"
    assert refusal(Path(example.group(1)), SITE, "--out", project, edition, None) is None


@pytest.mark.parametrize("kind", [SITE, ALL, DOCS_TREE])
def test_new_empty_and_marked_folders_are_accepted(agency, kind):
    project, edition = agency / "mini", agency / "home/agence/edition"
    assert refusal(Path("nouveau"), kind, "--out", project, edition, None) is None
    (agency / "home/agence/vide").mkdir()
    assert refusal(Path("vide"), kind, "--out", project, edition, None) is None
    (agency / "home/agence/theirs" / kind).write_text("marqueur")  # a folder this kind of command wrote before
    assert refusal(Path("theirs"), kind, "--out", project, edition, None) is None
    other = next(k for k in (SITE, ALL, DOCS_TREE) if k != kind)
    (agency / "home/agence/other").mkdir()
    (agency / "home/agence/other" / other).write_text("marqueur")  # written by Repères, but as something else
    assert refusal(Path("other"), kind, "--out", project, edition, None).code == "output-not-ours"


def test_a_zip_written_by_reperes_may_be_replaced(agency):
    import zipfile

    project = agency / "mini"
    with zipfile.ZipFile(agency / "home/agence/public.zip", "w") as archive:
        archive.comment = ZIP_COMMENT
    assert refusal(Path("public.zip"), "zip", "--out", project, None, None) is None
    assert refusal(Path("theirs.zip"), "zip", "--out", project, None, None).code == "output-not-ours"


def test_free_output_is_public_here_unless_here_is_the_edition(agency, monkeypatch):
    project, edition = agency / "mini", agency / "home/agence/edition"
    assert free_output(project, Path("edition")) == agency / "home/agence/public"
    monkeypatch.chdir(edition)
    assert free_output(project, Path(".")) == agency / "home/agence/public"
