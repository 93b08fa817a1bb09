"""Issue 20: an edition follows the national reference by default.

A national change to a value the edition did not change reaches it (the built site at once, its files with
« reperes edition update »); a value both changed is a conflict given with its three values; « accept »
refuses while either is left. The routine docs/edition.md documents is run here as written.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from helpers import MINI, MINI_EDITION, copy_fixtures, edit, visible_text as visible
from test_edition_drift import errors_of, reperes, warnings_of

from generator.editions import yamledit
from generator.editions.merge3 import MISSING, Conflict, diff3, merge, merge_text

REPERES = Path(sys.executable).parent / "reperes"
# The machine's build cache (Pyodide, engine wheel, snapshot), as generator/cache.py finds it: the shell below
# has another HOME.
CACHE = os.environ.get("REPERES_CACHE") or str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reperes")
GIT_ID = {"GIT_AUTHOR_NAME": "Référentiel", "GIT_AUTHOR_EMAIL": "national@example.org",
          "GIT_COMMITTER_NAME": "Référentiel", "GIT_COMMITTER_EMAIL": "national@example.org"}


# -- The routine, as docs/edition.md writes it -------------------------------------------------------------

def documented() -> tuple[list[str], list[str]]:
    """The commands of « La marche à suivre après une mise à jour nationale », and of its conflict step."""
    text = (REPO / "docs/edition.md").read_text(encoding="utf-8")
    after = text[text.index("**La marche à suivre après une mise à jour nationale**"):]
    blocks = re.findall(r"```bash\n(.*?)```", after, re.S)
    commands = lambda block: [re.sub(r"\s+#.*$", "", line.strip()) for line in block.splitlines()  # noqa: E731
                              if line.strip() and not line.strip().startswith("#")]
    return commands(blocks[0]), commands(blocks[1])


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env={**os.environ, **GIT_ID})


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    """A home folder as the docs assume it: ~/reperes (a clone of the national repository), ~/agence/mon-edition.
    The national repository itself (its next release is committed there by the test) is ~/upstream."""
    home = tmp_path / "home"
    upstream = home / "upstream"
    shutil.copytree(MINI, upstream)
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "Version nationale 1")
    subprocess.run(["git", "clone", "-q", str(upstream), str(home / "reperes")], check=True, capture_output=True)
    edition = home / "agence" / "mon-edition"
    shutil.copytree(MINI_EDITION, edition)
    with (edition / "edition.yml").open("a", encoding="utf-8") as config:  # as « reperes edition new » writes it
        config.write('national: "../../reperes"\n')
    return home


def release(home: Path, changes: list[tuple[str, str, str]]) -> None:
    """The national team publishes a new version: each (file, old, new) replaced, committed upstream."""
    for rel, old, new in changes:
        edit(home / "upstream" / rel, old, new)
    git(home / "upstream", "commit", "-q", "-am", "Version nationale 2")


def run(home: Path, line: str) -> subprocess.CompletedProcess:
    """A documented command line, in a shell, from the agency's folder (~ is the test's home)."""
    env = {**os.environ, "HOME": str(home), "R": str(REPERES), "REPERES_CACHE": CACHE}
    return subprocess.run(["bash", "-c", line], cwd=home / "agence", env=env, capture_output=True, text=True)


def test_documented_routine_brings_a_national_change_into_the_built_edition(agency):
    routine, _ = documented()
    assert any("edition update" in line for line in routine) and any("edition accept" in line for line in routine)
    tool = agency / "agence/mon-edition/criteria/grille.yml"
    # The agency's own note in its file: update must keep it, and every line it does not change.
    edit(tool, "positive:", "# Note de l'agence : seuil local à deux « oui ».\npositive:")
    before = tool.read_text(encoding="utf-8").splitlines()
    release(agency, [("criteria/grille.yml", '"Question A ?"', '"Question A, reformulée ?"')])
    outputs = {}
    for line in routine:
        done = run(agency, line)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
        outputs[line] = done
    check = next(done for line, done in outputs.items() if line.endswith("check --edition mon-edition"))
    assert ("mon-edition/criteria/grille.yml", 8, "inherited-stale") in warnings_of(check.stderr, agency / "agence")
    update = next(done for line, done in outputs.items() if "edition update" in line)
    assert '+  - {id: a, text: "Question A, reformulée ?", answers: oui-non-nsp}' in update.stdout  # the diff shown
    after = tool.read_text(encoding="utf-8").splitlines()
    assert [i for i, (x, y) in enumerate(zip(before, after)) if x != y] == [7] and len(after) == len(before)
    public = agency / "agence/public"
    assert "Question A, reformulée ?" in visible((public / "outils/grille/index.html").read_text(encoding="utf-8"))
    ecarts = visible((public / "edition/ecarts/index.html").read_text(encoding="utf-8"))
    # Only what the edition chose: its threshold (whose rule names the question as it now reads), not the wording.
    assert "Seuil local plus strict" in ecarts and "Libellé de la question" not in ecarts


def test_the_documented_publication_chain_fails_until_the_edition_has_taken_a_national_release(agency):
    """« Dans une chaîne de publication », as written, in a CI checkout (the national clone and the edition side by
    side, REPERES_PROJECT naming the clone): after a national release it stops at « check --strict » and publishes
    nothing; once the agency has run the routine, it builds. Two lines are not run: « bash reperes/scripts/setup.sh »
    (the clone's .venv is this one, already set up) and the final rsync (no server here)."""
    text = (REPO / "docs/edition.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*Dans une chaîne de publication\*\*.*?```bash\n(.*?)```", text, re.S)
    assert block, "docs/edition.md shows the agency's publication chain"
    lines = [re.sub(r"\s+#.*$", "", line.strip()) for line in block.group(1).splitlines() if line.strip()]
    assert lines[1] == "bash reperes/scripts/setup.sh" and lines[-1].startswith("rsync ")
    script = "set -euo pipefail\n" + "\n".join(lines[:1] + lines[2:-1]) + "\n"
    ci = agency / "ci"
    subprocess.run(["git", "clone", "-q", str(agency / "upstream"), str(ci / "reperes")], check=True, capture_output=True)
    (ci / "reperes/.venv").symlink_to(REPERES.parent.parent)
    shutil.copytree(MINI_EDITION, ci / "mon-edition")  # its edition.yml has no « national: »: the variable says it
    release(agency, [("criteria/grille.yml", '"Question B ?"', '"Question B, précisée ?"')])
    env = {**os.environ, "HOME": str(agency), "REPERES_CACHE": CACHE}
    env.pop("REPERES_PROJECT", None)
    stopped = subprocess.run(["bash", "-c", script], cwd=ci, env=env, capture_output=True, text=True)
    assert stopped.returncode == 1 and not (ci / "public").exists(), stopped.stderr
    assert ("mon-edition/criteria/grille.yml", 9, "inherited-stale") in errors_of(stopped.stderr, ci)
    for step in ("edition update mon-edition", "edition accept mon-edition"):  # the agency reviews (section 5)
        done = subprocess.run(["bash", "-c", f"REPERES_PROJECT=reperes reperes/.venv/bin/reperes {step}"], cwd=ci,
                              env=env, capture_output=True, text=True)
        assert done.returncode == 0, (step, done.stderr)
    published = subprocess.run(["bash", "-c", script], cwd=ci, env=env, capture_output=True, text=True)
    assert published.returncode == 0, published.stderr
    assert "Question B, précisée ?" in visible((ci / "public/outils/grille/index.html").read_text(encoding="utf-8"))


def test_a_value_both_changed_is_a_conflict_with_its_three_values(agency):
    routine, decide = documented()
    tool = agency / "agence/mon-edition/criteria/grille.yml"
    edit(tool, "rule_text: Au moins un « oui ».", "rule_text: Au moins deux « oui ».")  # the edition's own choice
    release(agency, [("criteria/grille.yml", "rule_text: Au moins un « oui ».", "rule_text: Au moins une réponse « oui ».")])
    assert run(agency, routine[0]).returncode == 0  # git pull
    check = run(agency, routine[1])
    assert ("mon-edition/criteria/grille.yml", 6, "edition-conflict") in warnings_of(check.stderr, agency / "agence")
    message = next(line for line in check.stderr.splitlines() if ": edition-conflict: " in line)
    assert message.index("Au moins un « oui »") < message.index("Au moins une réponse") < message.index("Au moins deux")

    from generator.editions.inherit import inherit
    from generator.sources.load import load
    from generator.sources.validate import validate

    _, overrides, _ = inherit(validate(load(agency / "reperes", agency / "agence/mon-edition")))
    [grille] = [o for o in overrides if o.target == "criteria/grille"]
    assert grille.result.conflicts == [Conflict(("rule_text",), "Au moins un « oui ».", "Au moins une réponse « oui ».",
                                                "Au moins deux « oui ».")]
    for line in routine[2:]:
        done = run(agency, line)
        if "edition accept" in line and done.returncode:  # the conflict is open: the agency decides (step 3)
            assert errors_of(done.stderr, agency / "agence") == {("mon-edition/criteria/grille.yml", 6, "edition-conflict")}
            for decision in decide:
                assert run(agency, decision).returncode == 0
            continue
        if "build" in line:
            break  # the first test builds; here the check is enough
        assert done.returncode == 0, (line, done.stderr)
    assert "rule_text: Au moins deux « oui »." in tool.read_text(encoding="utf-8")  # the edition's value, kept


PRINTED = re.compile(r"« ((?:\S*/)?reperes [^«»]*?) »")  # a command inside a message: « …/reperes edition … »


def printed_commands(output: str) -> list[str]:
    """Every « reperes … » command the messages of ``output`` print, in order, once each."""
    return list(dict.fromkeys(PRINTED.findall(output)))


def test_every_command_an_edition_message_prints_works_as_printed(agency):
    """national-changed, inherited-stale, edition-conflict, national-unrecorded, the update's last line and
    missing-file each end with the command to run: run as printed, from where it was printed (the agency's folder,
    then the edition's own), in the order the messages give, each works; none holds a placeholder."""
    agence, edition = agency / "agence", agency / "agence/mon-edition"
    tool = edition / "criteria/grille.yml"
    edit(tool, "rule_text: Au moins un « oui ».", "rule_text: Au moins deux « oui ».")
    release(agency, [("criteria/grille.yml", '"Question A ?"', '"Question A, reformulée ?"'),
                     ("criteria/grille.yml", "rule_text: Au moins un « oui ».", "rule_text: Au moins une réponse « oui ».")])
    assert run(agency, "git -C ~/reperes pull").returncode == 0
    check = run(agency, "$R check --edition mon-edition")
    assert check.returncode == 0, check.stderr
    assert {code for _, _, code in warnings_of(check.stderr, agence)} >= {"national-changed", "inherited-stale",
                                                                          "edition-conflict"}
    commands = sorted(printed_commands(check.stderr), key=lambda c: ("update" not in c, c))
    assert commands == [f"{REPERES} edition update mon-edition", f"{REPERES} edition accept mon-edition",
                        f"{REPERES} edition accept mon-edition --garder-edition"]  # no --project: « national: » says it
    for line in check.stderr.splitlines():  # each message ends with what to do, as a command
        assert PRINTED.search(line) or not re.search(r": (national-changed|inherited-stale|edition-conflict): ", line), line
    update = run(agency, commands[0])
    assert update.returncode == 0, update.stderr
    assert '+  - {id: a, text: "Question A, reformulée ?", answers: oui-non-nsp}' in update.stdout
    refused = run(agency, commands[1])  # the conflict is open: accept refuses, and says what works
    assert refused.returncode == 1
    [keep] = printed_commands(refused.stderr)
    assert keep == commands[2] and run(agency, keep).returncode == 0
    assert run(agency, "$R check --edition mon-edition --strict").returncode == 0
    # From the edition's own folder, a page newly replaced: the command names the edition « . » and works there.
    page = (agency / "reperes/content/pages/index.md").read_text(encoding="utf-8")
    (edition / "content/pages/index.md").write_text(page.replace("\n---", "\nedition:\n  action: remplace\n  "
                                                                 "justification: Accueil régional.\n---", 1), encoding="utf-8")
    env = {**os.environ, "HOME": str(agency), "R": str(REPERES), "REPERES_CACHE": CACHE}
    unrecorded = subprocess.run(["bash", "-c", "$R check"], cwd=edition, capture_output=True, text=True, env=env)
    assert "national-unrecorded" in unrecorded.stderr, unrecorded.stderr
    assert printed_commands(unrecorded.stderr) == [f"{REPERES} edition accept ."]
    done = subprocess.run(["bash", "-c", f"{REPERES} edition accept ."], cwd=edition, capture_output=True, text=True, env=env)
    assert done.returncode == 0 and "page:index.md" in done.stdout, done.stderr
    # A folder that is not an edition (yet): missing-file prints the command that creates it there.
    missing = run(agency, "$R --project ~/reperes check --edition dac-sud")
    assert missing.returncode == 1 and "missing-file" in missing.stderr and "<" not in missing.stderr
    [new] = printed_commands(missing.stderr)
    assert run(agency, new).returncode == 0 and (agence / "dac-sud/edition.yml").is_file()


def test_accept_refuses_a_stale_inherited_value(tmp_path):
    from generator.build import check
    from generator.editions.scaffold import accept
    from generator.editions.update import update_edition as update

    base, edition = copy_fixtures(tmp_path)
    edit(base / "criteria/grille.yml", '"Question B ?"', '"Question B, précisée ?"')
    lock = (edition / "versions-nationales.yml").read_text(encoding="utf-8")
    refused = reperes("edition", "accept", str(edition), project=base)
    assert refused.returncode == 1
    assert errors_of(refused.stderr, tmp_path) == {("edition/criteria/grille.yml", 9, "inherited-stale")}
    assert (edition / "versions-nationales.yml").read_text(encoding="utf-8") == lock
    done, conflicts = update(base, edition)
    assert done.values == 1 and not conflicts and not done.problems
    assert accept(base, edition) == ["criteria/grille", "profiles/profil-un", "programmes/prog-un"]
    check(base, edition, strict=True)  # raises on any warning


def test_the_issue_story_on_the_shipped_demonstration(tmp_path):
    """« 50 à 80 » becomes « 50 à 70 » nationally: the ars-exemple planner follows, keeps its own option, and its
    « Écarts » list only that option (issue 20)."""
    from generator.editions.merge import merge as merge_edition
    from generator.editions.scaffold import accept
    from generator.editions.update import update_edition as update
    from generator.editions.inherit import inherit
    from generator.sources.load import load
    from generator.sources.validate import validate

    project = tmp_path / "reperes"
    for part in ("content", "criteria", "mkdocs.yml", "editions/ars-exemple"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy)(REPO / part, project / part)
    edition = project / "editions/ars-exemple"
    national = yaml.safe_load((project / "criteria/file-active.yml").read_text(encoding="utf-8"))
    option = next(o for o in national["items"][0]["options"] if o["value"] == "guide-britannique")
    old = option["params"]["capacite_max"]
    edit(project / "criteria/file-active.yml", f"capacite_max: {old}}}", f"capacite_max: {old - 10}}}")

    def planner() -> tuple[dict, list]:
        layers, _, problems = inherit(validate(load(project, edition)))
        record = layers.edition.records["criteria"]["file-active"].record
        params = {o.value: dict(o.params) for o in record.items[0].options}
        changes = [c for c in merge_edition(layers).changes if c.target == "criteria/file-active"]
        return params, problems + changes

    params, found = planner()
    assert params["guide-britannique"]["capacite_max"] == old - 10  # the site follows the national value at once
    assert params["reference-regionale"]["capacite_max"] == 45  # and keeps the agency's own
    stale = [p for p in found if getattr(p, "code", "") == "inherited-stale"]
    assert [(p.path, p.code) for p in stale] == [("editions/ars-exemple/criteria/file-active.yml", "inherited-stale")]
    [change] = [c for c in found if getattr(c, "target", "") == "criteria/file-active"]
    assert not any(f"{old - 10}" in d or f"{old}" in d for d in change.details)  # not a regional choice
    with pytest.raises(Exception) as refused:
        accept(project, edition)
    assert {p.code for p in refused.value.problems} == {"inherited-stale"}
    done, conflicts = update(project, edition)
    assert done.values == 1 and not conflicts and not done.problems
    text = (edition / "criteria/file-active.yml").read_text(encoding="utf-8")
    assert f"capacite_max: {old - 10}}}" in text and "# Édition Région Exemple (démonstration)" in text
    accept(project, edition)
    params, found = planner()
    assert not [p for p in found if getattr(p, "code", "").startswith(("inherited", "edition-conflict"))]


# -- The merge ---------------------------------------------------------------------------------------------

def test_merge_follows_whichever_side_changed():
    base = {"title": "T", "items": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "when": {"in": ["x", "y"]}}
    national = {"title": "T2", "items": [{"id": "a", "text": "A2"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
                "when": {"in": ["x", "y", "z"]}}
    edition = {"title": "T", "items": [{"id": "a", "text": "A"}, {"id": "r", "text": "R"}, {"id": "b", "text": "B3"}],
               "when": {"in": ["x", "r", "y"]}, "edition": {"action": "remplace"}}
    merged, result = merge(base, national, edition)
    assert merged == {"title": "T2", "items": [{"id": "a", "text": "A2"}, {"id": "r", "text": "R"}, {"id": "b", "text": "B3"},
                                               {"id": "c", "text": "C"}],
                      "when": {"in": ["x", "r", "y", "z"]}, "edition": {"action": "remplace"}}  # the edition's go first
    assert not result.conflicts
    assert [(op.kind, op.path) for op in result.ops] == [
        ("set", ("title",)), ("set", ("items", 0, "text")), ("insert", ("items",)), ("insert", ("when", "in"))]


def test_merge_reports_what_both_changed_and_keeps_the_edition():
    base = {"items": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "n": 1}
    national = {"items": [{"id": "a", "text": "A2"}], "n": 3}  # b removed, a reworded
    edition = {"items": [{"id": "a", "text": "A3"}, {"id": "b", "text": "B local"}], "n": 2}
    merged, result = merge(base, national, edition)
    assert merged == edition
    assert result.conflicts == [Conflict(("items", 0, "text"), "A", "A2", "A3"),
                                Conflict(("items", 1), {"id": "b", "text": "B"}, MISSING, {"id": "b", "text": "B local"}),
                                Conflict(("n",), 1, 3, 2)]
    assert not result.ops


def test_merge_identities_when_nothing_or_everything_changed():
    """Invariants: the edition untouched gets the national version; the national untouched keeps the edition."""
    base = yaml.safe_load((REPO / "criteria/file-active.yml").read_text(encoding="utf-8"))
    other = yaml.safe_load((REPO / "editions/ars-exemple/criteria/file-active.yml").read_text(encoding="utf-8"))
    for b, n, e in ((base, other, base), (base, base, other), (other, other, base)):
        merged, result = merge(b, n, e)
        assert merged == (n if e == b else e) and not result.conflicts
        assert bool(result.ops) == (e == b and n != b)


def test_order_is_merged_and_moves_are_written():
    merged, result = merge([{"id": 1}, {"id": 2}, {"id": 3}], [{"id": 3}, {"id": 1}, {"id": 2}],
                           [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}])
    assert [x["id"] for x in merged] == [3, 1, 2, 4] and [op.kind for op in result.ops] == ["move"]
    assert diff3([1, 2, 3], [1, 2, 3, 4], [0, 1, 2, 3]) == [([], [], [0]), ([1, 2, 3], [1, 2, 3], [1, 2, 3]), ([], [4], [])]


def test_page_text_merges_line_by_line():
    text, conflicts = merge_text("Un.\n\nDeux.\n\nTrois.\n", "Un.\n\nDeux, national.\n\nTrois.\n",
                                 "Un, local.\n\nDeux.\n\nTrois.\n\nQuatre, local.\n")
    assert text == "Un, local.\n\nDeux, national.\n\nTrois.\n\nQuatre, local.\n" and not conflicts
    _, conflicts = merge_text("Un.\n", "Un, national.\n", "Un, local.\n")
    assert conflicts == [(0, "Un.\n", "Un, national.\n", "Un, local.\n")]


def test_a_reviewed_date_of_its_own_is_never_a_conflict():
    merged, result = merge({"reviewed": "2026-01-01", "t": "a"}, {"reviewed": "2026-03-01", "t": "b"},
                           {"reviewed": "2026-02-01", "t": "a"})
    assert merged == {"reviewed": "2026-02-01", "t": "b"} and not result.conflicts


# -- Writing into the edition's file -----------------------------------------------------------------------

EDITION_FILE = """\
# Copie locale : commentaire de l'agence.
id: t
title: "Titre"   # entre guillemets
intro: >-
  Premier paragraphe
  sur deux lignes.
items:
  - id: q
    options:
      - value: a
        params: {max: 80, min: 50}
      # option propre à l'agence
      - value: r
        params: {max: 45}
    in: [a, r]
examples:
  - name: un
    answers: {q: a}
  - name: deux
    answers: {q: r}
"""
NATIONAL_FILE = """\
id: t
title: Titre national
intro: >-
  Premier paragraphe
  sur deux lignes, revu.
items:
  - id: q
    options:
      - value: a
        params: {max: 70, min: 50, strict: 1}
      - value: b  # nouvelle option
        params: {max: 30}
    in: [a, b]
    help: Aide nationale.
examples:
  - name: un
    answers: {q: a}
"""


def test_update_splices_national_values_into_the_edition_file_keeping_its_layout():
    base = yaml.safe_load(NATIONAL_FILE.replace("Titre national", "Titre").replace(", revu", "").replace(
        "max: 70, min: 50, strict: 1", "max: 80, min: 50").replace(
        "      - value: b  # nouvelle option\n        params: {max: 30}\n", "").replace("[a, b]", "[a]").replace(
        "    help: Aide nationale.\n", "") + "  - name: deux\n    answers: {q: r}\n")
    national, edition = yaml.safe_load(NATIONAL_FILE), yaml.safe_load(EDITION_FILE)
    merged, result = merge(base, national, edition)
    assert not result.conflicts
    writer = yamledit.Writer(yamledit.read(EDITION_FILE))
    writer.use(yamledit.read(NATIONAL_FILE), national, (), ())
    for op in result.ops:
        writer.apply(op)
    text = writer.result()
    assert yaml.safe_load(text) == merged
    assert text == """\
# Copie locale : commentaire de l'agence.
id: t
title: Titre national   # entre guillemets
intro: >-
  Premier paragraphe
  sur deux lignes, revu.
items:
  - id: q
    options:
      - value: a
        params: {max: 70, min: 50, strict: 1}
      - value: b  # nouvelle option
        params: {max: 30}
      # option propre à l'agence
      - value: r
        params: {max: 45}
    in: [a, b, r]
    help: Aide nationale.
examples:
  - name: un
    answers: {q: a}
"""


# -- Writing, on the real tools: any national change lands where it goes, and nowhere else ---------------------

TOOLS = sorted((REPO / "criteria").glob("*.yml"))


def _scalars(doc: yamledit.Doc) -> list[tuple]:
    """Paths of the plain values of a tool (not its identifiers: those name elements, they are not values)."""
    return [path for path, node in doc.nodes.items()
            if isinstance(node, yaml.ScalarNode) and path and path[-1] not in ("id", "value", "name", "ref")]


def _elements(doc: yamledit.Doc) -> list[tuple]:
    """Paths of the elements of block lists of records (options, outcomes, examples…)."""
    return [path for path, node in doc.nodes.items() if isinstance(node, yaml.MappingNode) and path
            and isinstance(path[-1], int) and not doc.nodes[path[:-1]].flow_style and len(doc.nodes[path[:-1]].value) > 1]


def _national_release(text: str, data) -> str:
    """The national file after a release drawn by hypothesis: values reworded, an element dropped or added."""
    doc = yamledit.read(text)
    scalars, elements = _scalars(doc), _elements(doc)
    splices = []
    for path in data.draw(st.lists(st.sampled_from(scalars), max_size=3, unique=True), label="changed"):
        node = doc.nodes[path]
        if node.style in ("|", ">"):
            continue
        value = yaml.safe_load(text[node.start_mark.index:node.end_mark.index])
        new = value + 1 if isinstance(value, int) and not isinstance(value, bool) else f"{value} (révisé)"
        splices.append((node.start_mark.index, node.end_mark.index, yamledit.one_line(new)))
    if elements and data.draw(st.booleans(), label="add an element"):
        path = data.draw(st.sampled_from(elements), label="after")
        node = doc.nodes[path]
        start = yamledit._line_start(text, yamledit._item_start(text, node))
        stop = yamledit._line_after(text, yamledit.end(node, text))
        copy = text[start:stop]
        if "&" in copy or "*" in copy:
            copy = ""  # an anchor copied would be defined twice: not a release the national team could publish
        for key in ("id", "value", "name"):
            copy = re.sub(rf"(\b{key}: *\"?)([^\"\n,}}]+)", r"\1\2-national", copy, count=1)
        splices.append((stop, stop, copy))
    spans = sorted(splices)
    if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
        return text  # two changes in one place: drawn again by another example
    for start, stop, piece in reversed(spans):
        text = text[:start] + piece + text[stop:]
    return text


@pytest.mark.parametrize("tool", TOOLS, ids=[t.stem for t in TOOLS])
def test_update_writes_any_national_release_into_a_copy(tool):
    """Hypothesis draws national releases of each real tool; the edition's copy (ars-exemple's for the planner:
    its own option and comments) receives them: the file read back is the merged data, and the edition's own
    lines are all still there."""
    from hypothesis import given, settings

    national = tool.read_text(encoding="utf-8")
    shipped = REPO / "editions/ars-exemple/criteria" / tool.name
    copy = shipped.read_text(encoding="utf-8") if shipped.is_file() else (
        "# Copie de l'agence.\n" + national + "edition: {action: remplace, justification: Copie locale.}\n")
    base = yaml.safe_load(national)
    written: list[bool] = []

    @settings(max_examples=max(8, settings().max_examples // 6))  # 8 tools: about 80 releases in all (ci)
    @given(st.data())
    def check(data):
        release = _national_release(national, data)
        merged, result = merge(base, yaml.safe_load(release), yaml.safe_load(copy))
        writer = yamledit.Writer(yamledit.read(copy))
        writer.use(yamledit.read(release), yaml.safe_load(release), (), ())
        try:
            for op in result.ops:
                writer.apply(op)
        except yamledit.CannotWrite:
            return  # said to the agency, file untouched (generator/update.py): a list holding an alias « * »
        text = writer.result()
        assert yaml.safe_load(text) == merged
        own = [line for line in copy.splitlines() if line.lstrip().startswith("#") or "edition" in line]
        assert all(line in text.splitlines() for line in own)
        written.append(bool(result.ops))

    check()
    assert any(written)  # releases were written, not all refused (about 95 % are, over many runs)


from hypothesis import strategies as st  # noqa: E402
