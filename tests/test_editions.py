"""Regional editions: what an edition may change, how it is checked, and what readers see."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, problems
from generator.build import build
from helpers import edit, visible_text


def codes(base: Path, edition: Path) -> list[tuple[str, str, int | None]]:
    """Problems with paths made relative to the edition folder's parent (tmp_path)."""
    return [(code, path.replace(str(edition.parent) + "/", ""), line) for code, path, line in problems(base, edition)]


# -- Bad editions: each gives its code, file and line ------------------------------------------------------

def test_fixture_edition_is_valid(mini_and_edition):
    assert codes(*mini_and_edition) == []


def test_override_of_unknown_id(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "content/programmes/p.yml", "  - id: prog-un", "  - id: prog-deux")
    assert codes(base, edition) == [("unknown-override", "edition/content/programmes/p.yml", 3)]


def test_adding_an_existing_id(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "content/programmes/p.yml", "action: remplace", "action: ajoute")
    assert codes(base, edition) == [("unknown-override", "edition/content/programmes/p.yml", 3)]


def test_rule_override_without_edition_source(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "criteria/grille.yml", "  - ref: doc-local\n    locator: \"§ 2\"\n", "")
    assert codes(base, edition) == [("unjustified-override", "edition/criteria/grille.yml", 1)]


def test_wording_only_override_needs_no_edition_source(mini_and_edition):
    base, edition = mini_and_edition
    crit = edition / "criteria/grille.yml"
    national = (base / "criteria/grille.yml").read_text(encoding="utf-8")
    crit.write_text(national.replace('"Question A ?"', '"Question A, libellé local ?"').replace(
        "sources:\n  - ref: doc-a", "edition: {action: remplace, justification: Libellé local.}\nsources:\n  - ref: doc-a"),
        encoding="utf-8")
    assert codes(base, edition) == []


def test_missing_justification(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "content/programmes/p.yml", "    edition: {action: remplace, justification: Version locale du programme.}\n", "")
    assert codes(base, edition) == [("missing-field", "edition/content/programmes/p.yml", 3)]


def test_national_record_may_not_carry_an_edition_note(mini_and_edition):
    base, edition = mini_and_edition
    edit(base / "content/programmes/p.yml", "    place: France", "    place: France\n    edition: {action: ajoute, justification: x}")
    assert codes(base, edition) == [("invalid-value", "content/programmes/p.yml", 6)]


def test_terminology_matching_nothing(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "  - national: médecins", "  - national: chirurgiens")
    assert codes(base, edition) == [("terminology-unused", "edition/edition.yml", 10)]


def test_removal_of_unknown_target(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "  - target: profiles/profil-un", "  - target: profiles/profil-zero")
    assert codes(base, edition) == [("unknown-override", "edition/edition.yml", 15)]


def test_featured_unknown(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "  - criteria/grille", "  - criteria/grillle")
    assert codes(base, edition) == [("unknown-override", "edition/edition.yml", 13)]


def test_resource_for_unknown_outcome(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "outcomes: [positif]", "outcomes: [tres-positif]")
    assert codes(base, edition) == [("unknown-override", "edition/edition.yml", 19)]


def test_low_contrast_brand_colour(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", '"#0b4f6c"', '"#ffd54f"')
    assert codes(base, edition) == [("low-contrast", "edition/edition.yml", 8)]


def test_placeholders_are_reported_at_their_line_unless_a_demonstration_declares_them(mini_and_edition):
    """Issue 20: example addresses and fictional numbers are admitted in a declared demonstration (each page says
    it), the scaffold's sample texts never; a real edition gets each at its line."""
    from generator.editions.placeholders import placeholder_problems
    from generator.sources.load import load
    from generator.sources.validate import validate

    def found() -> list[tuple[str, str, int | None]]:
        layers = validate(load(base, edition))
        return [(p.code, p.path.replace(str(edition.parent) + "/", ""), p.line) for p in placeholder_problems(layers)]

    base, edition = mini_and_edition
    config = edition / "edition.yml"
    assert found() == []  # the fixture is a demonstration: example.org, 01 99 00 00 01
    edit(config, "name: Guichet test", "name: Guichet test (exemple à remplacer)")
    assert found() == [("placeholder", "edition/edition.yml", 21)]
    edit(config, "demonstration: true", "demonstration: false")
    assert found() == [("placeholder", "edition/edition.yml", n) for n in (5, 6, 21, 22)]
    edit(edition / "content/pages/locale.md", "Texte local pour les médecins.",
         "Texte local pour les médecins : écrire à contact@dac.ma-region.example.")
    assert ("placeholder", "edition/content/pages/locale.md", 12) in found()
    assert codes(base, edition) == []  # warnings: fatal only with --strict
    assert all(p.is_warning for p in placeholder_problems(validate(load(base, edition))))


def test_a_literal_s_values_are_listed_in_french(mini_and_edition):
    """Issue 20: an edition's own reference took three tries; the « kind » message lists values as French does."""
    from generator.editions.resolve import resolve
    from generator.sources.errors import SourcesInvalid
    from generator.sources.load import load
    from generator.sources.validate import validate

    base, edition = mini_and_edition
    own = edition / "content/references/local.yml"
    own.write_text(own.read_text(encoding="utf-8") + (
        "  - id: prs-2023\n    short: PRS 2023\n    kind: rapport\n    title: Projet régional de santé\n"
        "    edition: {action: ajoute, justification: Source régionale.}\n"
        "    sources: [{ref: prs-2023, locator: document entier}]\n    jurisdiction: [france]\n"), encoding="utf-8")
    assert codes(base, edition) == [("invalid-value", "edition/content/references/local.yml", 14)]  # the kind
    with pytest.raises(SourcesInvalid) as exc:
        resolve(validate(load(base, edition)))
    message = exc.value.problems[0].message
    assert " or " not in message and "'" not in message and "« reference-externe »" in message
    assert re.search(r"« [a-z-]+ », « [a-z-]+ » ou « [a-z-]+ »", message), message  # as French lists them


def test_missing_logo(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "branding:\n", "branding:\n  logo: assets/absent.svg\n")
    assert codes(base, edition) == [("unknown-override", "edition/edition.yml", 8)]


def test_edition_yaml_errors(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "locale: fr-CA", "locale: fr-CA\ncouleur: rouge")
    assert codes(base, edition) == [("unknown-key", "edition/edition.yml", 5)]
    edit(edition / "edition.yml", "couleur: rouge", "couleur: [rouge")
    assert [c for c, _, _ in codes(base, edition)] == ["yaml-syntax"]


def test_missing_edition_yml(mini_and_edition):
    base, edition = mini_and_edition
    (edition / "edition.yml").unlink()
    assert codes(base, edition) == [("missing-file", "edition/edition.yml", None)]


def test_page_replacing_nothing(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "content/pages/locale.md", "action: ajoute", "action: remplace")
    assert codes(base, edition) == [("unknown-override", "edition/content/pages/locale.md", 7)]


def test_duplicate_id_inside_edition(mini_and_edition):
    base, edition = mini_and_edition
    (edition / "content/references/autre.yml").write_text(
        "reviewed: 2026-11-10\nrecords:\n  - id: doc-local\n    short: x\n    kind: reference-externe\n    title: y\n"
        "    edition: {action: ajoute, justification: z}\n    sources: [{ref: doc-local, locator: a}]\n"
        "    jurisdiction: [france]\n", encoding="utf-8")
    assert ("duplicate-id", "edition/content/references/local.yml", 3) in codes(base, edition) or \
        ("duplicate-id", "edition/content/references/autre.yml", 3) in codes(base, edition)


def test_cli_reports_edition_errors_with_file_and_line(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "  - national: médecins", "  - national: chirurgiens")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(base), "check", "--edition", str(edition)],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 1 and "edition.yml:10: terminology-unused:" in run.stderr


# -- What readers of an edition see ------------------------------------------------------------------------

def test_mini_edition_shows_its_differences(mini_and_edition, tmp_path):
    base, edition = mini_and_edition
    out = build(base, edition, tmp_path / "site")
    ecarts = visible_text((out / "edition/ecarts/index.html").read_text(encoding="utf-8"))
    for title in ("Programme un (version locale)", "Une grille", "Page locale", "Profil 1 : gestionnaire", "Doc local 2026"):
        assert title in ecarts
    assert "au moins 1 réponse « Oui » à 2 questions (« Question A », « Question B ») → au moins 2 réponses « Oui »" in ecarts
    programme = visible_text((out / "programmes/prog-un/index.html").read_text(encoding="utf-8"))
    assert "Écarts par rapport au référentiel national" in programme and "Version locale du programme." in programme
    assert "version nationale de cette page" in programme
    html = (out / "programmes/prog-un/index.html").read_text(encoding="utf-8")
    assert 'href="https://national.example.org/programmes/prog-un/"' in html
    assert not (out / "profils/profil-un/index.html").exists()  # removed
    assert "page propre à cette édition" in visible_text((out / "locale/index.html").read_text(encoding="utf-8"))
    assert "les médecins [dans cette édition : médecins de famille]." in programme  # terminology: a gloss in the text
    grille = (out / "outils/grille/index.html").read_text(encoding="utf-8")
    assert "Guichet test" in grille and 'href="tel:0199000001"' in grille  # local contact with the outcome
    assert "--md-primary-fg-color: #0b4f6c" in (out / "assets/edition.css").read_text(encoding="utf-8")
    data = json.loads((out / "api/ecarts.json").read_text(encoding="utf-8"))
    assert {c["kind"] for c in data["changes"]} == {"remplacee", "ajoutee", "retiree"}
    assert next(c for c in data["changes"] if c["target"] == "criteria/grille")["rule_changed"] is True


@pytest.fixture(scope="module")
def shipped(all_sites) -> dict[str, Path]:
    return all_sites


def test_build_all_builds_every_shipped_edition(shipped):
    assert set(shipped) == {"national", "quebec", "ars-exemple"}
    for path in shipped.values():
        assert (path / "index.html").is_file() and (path / "assets/pyodide/pyodide.asm.wasm").is_file()


@pytest.mark.parametrize("name", ["quebec", "ars-exemple"])
def test_every_page_of_a_shipped_edition_links_its_national_version(shipped, name):
    site = shipped[name]
    pages = [p for p in site.rglob("index.html") if "embed" not in p.parts and p.parent != site / "search"]
    assert len(pages) > 100
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        assert "version nationale de cette page" in text or "page propre à cette édition" in text, page
        assert "écarts par rapport au référentiel national" in text, page


@pytest.mark.parametrize("name", ["quebec", "ars-exemple"])
def test_every_change_of_a_shipped_edition_is_shown(shipped, name):
    site = shipped[name]
    data = json.loads((site / "api/ecarts.json").read_text(encoding="utf-8"))
    assert data["changes"]
    ecarts = visible_text((site / "edition/ecarts/index.html").read_text(encoding="utf-8"))
    for change in data["changes"]:
        assert change["title"] in ecarts and change["justification"].split()[0] in ecarts
        if change["kind"] == "retiree" or change["target"].startswith(("references/", "glossary/", "standards/")):
            continue
        uri = change["target"][5:] if change["target"].startswith("page:") else None
        folder = {"criteria": "outils", "trainings": "formations", "programmes": "programmes"}
        path = (site / (uri[:-3] if uri != "index.md" else "") / "index.html") if uri else \
            site / folder[change["target"].split("/")[0]] / change["target"].split("/")[1] / "index.html"
        assert "Écarts par rapport au référentiel national" in visible_text(path.read_text(encoding="utf-8")), path


def test_quebec_edition(shipped):
    site = shipped["quebec"]
    home = visible_text((site / "index.html").read_text(encoding="utf-8"))
    assert home.index("L'approche V1SAGES") < home.index("CONECT-6")  # V1SAGES featured first
    grille = (site / "outils/has-assistance-parcours/index.html").read_text(encoding="utf-8")
    # The calculator is never touched by the vocabulary (issue 10): its outcome keeps the source's words, and its
    # title speaks as its result does (issue 20), in the page, the navigation and the tab's title.
    assert "<h1>Repérage du besoin d'assistance au parcours par le médecin traitant</h1>" in grille
    assert "Orientation vers un assistant de parcours" in grille and "intervenant pivot" not in grille.split("<h1>")[1]
    assert "<title>Repérage du besoin d'assistance au parcours par le médecin traitant" in grille
    assert "par le médecin de famille" not in grille
    # Where a link names a tool by its title (chooser, « à la une », links in the text), the title reads as on the
    # tool's page: glossed after the link, never inside.
    titles = {yaml.safe_load(p.read_text(encoding="utf-8"))["title"] for p in (REPO / "criteria").glob("*.yml")}
    named = [visible_text(m) for page in site.rglob("*.html")
             for m in re.findall(r'<a [^>]*class="reperes-outil"[^>]*>(.*?)</a>', page.read_text(encoding="utf-8"), re.S)]
    assert len(named) > 10 and set(named) <= titles, sorted(set(named) - titles)[:3]
    assert "Repérage du besoin d'assistance au parcours par le médecin traitant" in named
    assert "https://v1sages.recherche.usherbrooke.ca" in (site / "outils/v1sages-reperage/index.html").read_text(encoding="utf-8")
    assert (site / "mettre-en-oeuvre/ressources-quebec/index.html").is_file()


def test_ars_exemple_edition(shipped):
    site = shipped["ars-exemple"]
    assert not (site / "references/methode-has-2014/index.html").exists()
    assert "Démonstration" in visible_text((site / "index.html").read_text(encoding="utf-8")) or \
        "démonstration" in visible_text((site / "index.html").read_text(encoding="utf-8"))
    assert (site / "formations/du-exemple-coordination-parcours/index.html").is_file()
    planner = visible_text((site / "outils/file-active/index.html").read_text(encoding="utf-8"))
    assert "Référence régionale Exemple (fictive) : 45 situations" in planner and "Écarts par rapport" in planner
    assert "01 99 00 12 34" in (site / "outils/has-assistance-parcours/index.html").read_text(encoding="utf-8")


def test_the_guide_s_worked_example_of_an_edition_s_own_reference_passes(tmp_path):
    """docs/edition.md's example, as written: a reference of the edition's own, cited by the option it adds to the
    national planner, passes « check --strict » and the change is shown with its rule."""
    from generator.build import check
    from generator.editions.merge import merge
    from generator.editions.scaffold import accept
    from generator.sources.load import load
    from generator.sources.validate import validate

    guide = (REPO / "docs/edition.md").read_text(encoding="utf-8")
    example = guide[guide.index("*Exemple : une référence propre à l'édition"):]
    reference, tool = re.findall(r"```yaml\n(.*?)```", example, re.S)[:2]
    edition = tmp_path / "mon-edition"
    (edition / "content/references").mkdir(parents=True)
    (edition / "criteria").mkdir()
    (edition / "edition.yml").write_text(
        "id: ma-region\nname: Repères — Ma Région\npublisher: ARS Ma Région\nlocale: fr-FR\n"
        "site_url: https://reperes.ma-region.fr/\nnational_url: https://reperes.sante.fr/\n"
        "branding: {primary_color: \"#00695c\"}\n", encoding="utf-8")
    (edition / "content/references/region.yml").write_text(reference, encoding="utf-8")  # the file, whole
    option_part, rest = tool.split("# …\n", 1)  # the tool's fragments: the option added, then the edition's block
    option = yaml.safe_load(option_part)[0]
    own = yaml.safe_load(rest)
    planner = yaml.safe_load((REPO / "criteria/file-active.yml").read_text(encoding="utf-8"))
    planner["items"][0]["options"].append(option)
    planner["outcomes"] += own["outcomes"]  # one result per reference (issue 21)
    planner["edition"] = own["edition"]
    planner["sources"] += own["sources"]
    (edition / "criteria/file-active.yml").write_text(yaml.safe_dump(planner, allow_unicode=True, sort_keys=False),
                                                      encoding="utf-8")
    assert accept(REPO, edition) == ["criteria/file-active"]  # « puis lancez reperes edition accept »
    check(REPO, edition, strict=True)  # raises on any problem, warnings included
    [change] = [c for c in merge(validate(load(REPO, edition))).changes if c.target == "criteria/file-active"]
    assert any(option["label"] in d for d in change.details), change.details
