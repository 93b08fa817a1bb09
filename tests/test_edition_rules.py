"""Issue 10: an edition cannot change what a tool decides, or what a source says, without it being shown."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from conftest import REPO
from helpers import edit, visible_text as visible
from test_editions import codes
from generator.editions.merge import criterion_diff
from generator.sources.models import CRITERIA
from generator.editions.terminology import Terminology, plural

NOTE = "edition: {action: remplace, justification: Version locale.}\nsources:\n  - ref: doc-a"


def national_copy(base: Path, edition: Path, change) -> None:
    """The edition's grille = the national one, changed by ``change``, justified, citing only national sources."""
    text = change((base / "criteria/grille.yml").read_text(encoding="utf-8"))
    (edition / "criteria/grille.yml").write_text(text.replace("sources:\n  - ref: doc-a", NOTE), encoding="utf-8")


def swap(text: str, first: str, second: str) -> str:
    a, b = text.index(first), text.index(second)
    assert a < b
    return text[:a] + text[b:b + len(second)] + text[a + len(first):b] + text[a:a + len(first)] + text[b + len(second):]


def diff_of(base: Path, edition: Path) -> tuple[tuple[str, ...], bool]:
    load = lambda p: CRITERIA.model.model_validate(yaml.safe_load(p.read_text(encoding="utf-8")))  # noqa: E731
    return criterion_diff(load(base / "criteria/grille.yml"), load(edition / "criteria/grille.yml"))


OUTCOME_NEG = ("  - id: negatif\n    when: {count: [a, b], equals: oui, at_most: 0}\n    label: Négatif\n"
               "    interpretation: Aucun oui.\n")
OUTCOME_POS = ("  - id: positif\n    when: {all: [{count: [a, b], equals: oui, at_least: 1}, {item: suite, equals: oui}]}\n"
               "    label: Positif\n    interpretation: Au moins un oui.\n    next_steps: [Orienter.]\n")
ITEM_A = '  - {id: a, text: "Question A ?", answers: oui-non-nsp}\n'
ITEM_B = '  - {id: b, text: "Question B ?", answers: oui-non-nsp}\n'


@pytest.mark.parametrize("name, change, line", [
    ("outcome order", lambda t: swap(t, OUTCOME_NEG, OUTCOME_POS), "Ordre des résultats"),
    ("item order", lambda t: swap(t, ITEM_A, ITEM_B), "Ordre des questions"),
    ("group", lambda t: t.replace("items:\n", "groups:\n  - {id: g, title: Rubrique G}\nitems:\n").replace(
        'answers: oui-non-nsp}\n  - {id: b', 'answers: oui-non-nsp, group: g}\n  - {id: b'), "Rubrique de « Question A ? »"),
    ("bound", lambda t: t.replace("at_most: 0}", "at_most: 1}"), "Condition du résultat « Négatif »"),
])
def test_any_change_the_engine_reads_is_a_rule_change(mini_and_edition, name, change, line):
    base, edition = mini_and_edition
    national_copy(base, edition, change)
    found = codes(base, edition)
    assert ("unjustified-override", "edition/criteria/grille.yml", 1) in found, name
    # A changed bound may also make the edition's copied examples disagree with its rule: that is reported too.
    assert {code for code, _, _ in found} <= {"unjustified-override", "example-mismatch"}, found
    details, rule = diff_of(base, edition)
    assert rule and any(d.startswith(line) for d in details), details


def test_outcome_reorder_changes_a_verdict_and_says_so(mini_and_edition):
    base, edition = mini_and_edition
    national_copy(base, edition, lambda t: swap(t, OUTCOME_NEG, OUTCOME_POS).replace(
        "    expect_positive: true", "    expect_positive: true\n  - name: Deux non\n    answers: {a: non, b: non}\n"
        "    expect_outcome: negatif"))
    edit(base / "criteria/grille.yml", "    expect_positive: true", "    expect_positive: true\n  - name: Deux non\n"
         "    answers: {a: non, b: non}\n    expect_outcome: negatif")
    details, rule = diff_of(base, edition)
    assert rule and "Ordre des résultats (le premier dont la condition est vraie s'applique) : « Négatif », « Positif », " \
        "« Positif sans suite » → « Positif », « Négatif », « Positif sans suite »" in details


def test_wording_only_is_not_a_rule_change(mini_and_edition):
    base, edition = mini_and_edition
    national_copy(base, edition, lambda t: t.replace("label: Positif\n", "label: Positif (local)\n"))
    assert codes(base, edition) == []
    details, rule = diff_of(base, edition)
    assert not rule and details == ("Texte du résultat « Positif (local) » adapté",)


def test_params_change_reads_in_plain_french():
    data = yaml.safe_load((REPO / "criteria/file-active.yml").read_text(encoding="utf-8"))
    national = CRITERIA.model.model_validate(data)
    chooser = next(q for q in data["items"] if q.get("options"))
    option = next(o for o in chooser["options"] if "capacite_max" in o.get("params", {}))
    before = option["params"]["capacite_max"]
    option["params"]["capacite_max"] = before - 5
    details, rule = criterion_diff(national, CRITERIA.model.model_validate(data))
    wanted = f"Capacité par gestionnaire : {int(before)} → {int(before) - 5}"
    assert rule and any(wanted in d for d in details), details
    assert not any("{'" in d or "':" in d for d in details)


def test_params_change_needs_an_edition_source(mini_and_edition):
    base, edition = mini_and_edition
    question = ('  - id: modele\n    text: Modèle\n    answers: choix\n    options:\n'
                '      - {value: m1, label: Modèle un, params: {capacite_max: 40}}\n')
    edit(base / "criteria/grille.yml", "positive:", f"{question}positive:")
    national_copy(base, edition, lambda t: t.replace("capacite_max: 40", "capacite_max: 35"))
    # The national tool changed too, after the edition's last « accept »: warnings (the edition's copy, made from
    # the new version, shares the added question with it differently).
    drift = {"national-changed", "inherited-stale", "edition-conflict"}
    found = [c for c in codes(base, edition) if c[0] not in drift]
    assert found == [("unjustified-override", "edition/criteria/grille.yml", 1)]
    details, _ = diff_of(base, edition)
    assert "« Modèle un » — Capacité par gestionnaire : 40 → 35" in details


# -- Terminology ---------------------------------------------------------------------------------------------

def test_homoglyph_term_is_refused(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "    local: médecins de famille", "    local: médecins de famill\u0435")  # Cyrillic е
    assert codes(base, edition) == [("invalid-term", "edition/edition.yml", 11)]


def test_label_swapping_terms_are_refused(mini_and_edition):
    base, edition = mini_and_edition
    edit(edition / "edition.yml", "terminology:\n", "terminology:\n  - {national: Oui, local: Non}\n"
         "  - {national: Non, local: \u041eui}\n")
    found = codes(base, edition)
    assert ("invalid-term", "edition/edition.yml", 10) in found and ("invalid-term", "edition/edition.yml", 11) in found
    assert {c for c, _, _ in found} == {"invalid-term"}


def test_case_colliding_page_is_refused(mini_and_edition):
    base, edition = mini_and_edition
    (edition / "content/pages/Index.md").write_text(
        "---\ntitle: Accueil\nreviewed: 2026-11-20\nsources:\n  - ref: doc-a\n    locator: ensemble\n"
        "edition: {action: ajoute, justification: Doublon.}\n---\n\nTexte.\n", encoding="utf-8")
    assert codes(base, edition) == [("path-collision", "edition/content/pages/Index.md", 1)]


class Rule:
    def __init__(self, national, local):
        self.national, self.local = national, local


def test_terms_apply_in_one_pass_with_plurals_and_quotations_kept():
    term = Terminology([Rule("médecin traitant", "médecin de famille"), Rule("médecin de famille", "omnipraticien")],
                       "au Québec")
    assert term.title("Le médecin traitant") == "Le médecin de famille"  # never chained into « omnipraticien »
    assert term.title("Les médecins traitants") == "Les médecins de famille"  # plural derived
    assert term.title("Le « médecin traitant » selon la loi") == \
        "Le « médecin traitant » [au Québec : médecin de famille] selon la loi"  # a quotation: as written, glossed after
    html = term.html("<p>Le médecin traitant et le médecin traitant.</p><pre><code>médecin traitant</code></pre>"
                     '<p>Voir https://exemple.org/medecin-traitant/ <a href="/médecin traitant">lien</a></p>')
    assert html.startswith("<p>Le médecin traitant [au Québec : médecin de famille] et le médecin traitant.</p>")
    assert "<code>médecin traitant</code>" in html and 'href="/médecin traitant"' in html
    assert plural("intervenant pivot") == "intervenants pivots" and plural("assistant de parcours") == "assistants de parcours"


def test_gloss_once_per_section_never_inside_a_quotation_or_a_cited_title():
    """Issue 20: the gloss is given at the first occurrence of each section (one heading to the next), after the
    closing « » » of a quotation, and never in a title of a cited work (italics) or a quotation set apart."""
    term = Terminology([Rule("médecin traitant", "médecin de famille")], "au Québec")
    gloss = " [au Québec : médecin de famille]"
    html = term.html("<h2>Le médecin traitant</h2><p>Selon « le médecin traitant coordonne » ; le médecin traitant.</p>"
                     "<p>Le médecin traitant, encore.</p><p>Naiditch. <em>Aide aux médecins traitants</em>. 2013.</p>"
                     "<blockquote><p>Le médecin traitant est le pivot.</p></blockquote>"
                     "<h2>Suite</h2><p>Un médecin traitant.</p>")
    assert html.count(gloss) == 2  # one per section
    assert "<h2>Le médecin de famille</h2>" in html
    assert "« le médecin traitant coordonne »" + gloss + " ; le médecin traitant.</p>" in html
    assert "<em>Aide aux médecins traitants</em>" in html and "<p>Le médecin traitant est le pivot.</p>" in html
    assert html.endswith("<p>Un médecin traitant" + gloss + ".</p>")
    # A link named by a tool's title (chooser, « à la une », [[criteria/…]]): the tool's words, glossed after the link.
    tool = '<a href="outil/" class="reperes-outil"><strong>Repérage par le médecin traitant</strong></a>'
    html = term.html(f"<h2>Outils</h2><p>{tool} ; le médecin traitant.</p><h3>Au médecin traitant</h3><p>{tool}</p>")
    assert html == (f"<h2>Outils</h2><p>{tool}{gloss} ; le médecin traitant.</p>"
                    f"<h3>Au médecin de famille</h3><p>{tool}{gloss}</p>")


@given(st.lists(st.text(st.sampled_from("abcéèàç'’-"), min_size=1, max_size=30), min_size=1, max_size=40)
       .map(" ".join), st.integers(min_value=5, max_value=200))
def test_a_label_on_the_ecarts_page_is_never_cut_mid_word(text, limit):
    """Issue 20 (« référence régional… »): a label is cut only between words, what is kept reads as written."""
    from generator.editions.rulediff import quoted

    shown = quoted(text, limit)[2:-2]
    kept = shown[:-1] if shown.endswith("…") and not text.endswith("…") else shown
    assert text.startswith(kept)
    assert kept == text or text[len(kept)] in " ,;:—-"  # the next character starts no new part of a word
    assert len(kept) <= limit or " " not in kept  # bounded (a text of exactly « limit » stays whole), unless one word is longer


def test_terms_are_found_in_escaped_text():
    """Templates escape an apostrophe (&#39;): the term is still the one a reader sees, and « < » stays escaped."""
    term = Terminology([Rule("structures d'appui", "organismes d'appui")], "ici")
    assert term.html("<h2>Les structures d&#39;appui</h2>") == "<h2>Les organismes d'appui</h2>"
    assert term.html("<p>Les structures d&#39;appui &lt;DAC&gt;</p>") == \
        "<p>Les structures d'appui [ici : organismes d'appui] &lt;DAC&gt;</p>"
    assert term.html("<p>Rien &amp; personne d&#39;autre</p>") == "<p>Rien &amp; personne d&#39;autre</p>"  # bytes kept


def test_calculators_are_never_touched():
    term = Terminology([Rule("oui", "non")], "ici")
    calc = '<div class="reperes-calculator"><div><label>Oui</label></div><p>Deux « oui » ou plus</p></div><p>oui</p>'
    assert term.html(calc).startswith(calc[:-len("<p>oui</p>")])
    assert term.html("<p>oui</p>", tool_page=True) == "<p>oui</p>"


# -- Shipped editions ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sites(all_sites) -> dict[str, Path]:
    return all_sites


def _section(html: str, heading: str) -> str:
    m = re.search(rf"<h2[^>]*>{heading}.*?</h2>(.*?)<h2", html, re.S)
    return visible(m.group(1)) if m else ""


def test_rule_text_is_identical_on_every_tool_page_of_every_edition(sites):
    national = sites["national"]
    tools = sorted(p.parent.name for p in (national / "outils").glob("*/index.html"))
    assert len(tools) >= 7
    seen_two_yes = False
    for name, site in sites.items():
        for tool in tools:
            page = site / "outils" / tool / "index.html"
            if not page.is_file():
                continue
            html, base = page.read_text(encoding="utf-8"), (national / "outils" / tool / "index.html").read_text(encoding="utf-8")
            assert _section(html, "Règle de décision") == _section(base, "Règle de décision") != "", (name, tool)
            form = lambda h: h[h.index('<div class="reperes-calculator"'):h.index("</form>")]  # noqa: E731
            if name == "quebec" or tool != "file-active":  # ars-exemple replaces the planner, with its own option
                assert form(html) == form(base), (name, tool)
            seen_two_yes |= "Deux « oui » ou plus" in visible(html)
    assert seen_two_yes  # CONECT-6's rule, as the source words it, on every edition


def test_quebec_quotations_stay_verbatim(sites):
    """Paragraphs reproduced from HAS and Proxicare read the same in the Québec edition, glosses aside."""
    quebec, national = sites["quebec"], sites["national"]
    page = "comprendre/coordination-parcours/index.html"
    text = visible((quebec / page).read_text(encoding="utf-8"))
    assert "La loi du 13 août 2004 relative à l'assurance maladie assied le rôle du médecin traitant et instaure" in text
    assert "médecin traitant [au Québec : médecin de famille]" in text
    gloss = re.compile(r" \[au Québec : [^\]]+\]")
    compared = 0
    for path in national.rglob("index.html"):
        rel = path.relative_to(national)
        if rel.parts[0] in ("outils", "embed", "edition", "search") or not (quebec / rel).is_file() or rel == Path("index.html"):
            continue
        paragraphs = lambda h: {visible(p) for p in re.findall(r"<p>(.*?)</p>", h, re.S)}  # noqa: E731
        ours = {gloss.sub("", p) for p in paragraphs((quebec / rel).read_text(encoding="utf-8"))}
        missing = paragraphs(path.read_text(encoding="utf-8")) - ours
        assert not missing, (rel, sorted(missing)[:2])
        compared += 1
    assert compared > 100


@pytest.mark.parametrize("name", ["quebec", "ars-exemple"])
def test_ecarts_page_reads_as_french(sites, name):
    html = (sites[name] / "edition/ecarts/index.html").read_text(encoding="utf-8")
    assert "{'" not in html and "':" not in html
    text = visible(html)
    assert "Contacts locaux" in text
    data = json.loads((sites[name] / "api/ecarts.json").read_text(encoding="utf-8"))
    assert not any("{'" in d or "':" in d for c in data["changes"] for d in c["details"])


@pytest.mark.parametrize("name", ["quebec", "ars-exemple"])
def test_edition_home_does_not_claim_nothing_is_added(sites, name):
    assert "Rien n'y est ajouté" not in visible((sites[name] / "index.html").read_text(encoding="utf-8"))


def test_local_contact_is_in_the_copied_summary(sites):
    from generator.engine import evaluate, summarize

    site = sites["ars-exemple"]
    edition = yaml.safe_load((REPO / "editions/ars-exemple/edition.yml").read_text(encoding="utf-8"))
    resource = edition["resources"][0]
    spec = json.loads((site / "api/criteria" / f"{resource['criterion']}.json").read_text(encoding="utf-8"))
    example = next(e for e in spec["examples"] if e["expect_outcome"] in resource["outcomes"])
    text = summarize(spec, example["answers"], evaluate(spec, example["answers"]), "2026-12-02")
    assert f"Contact local : {resource['contact']['name']}" in text


@pytest.mark.parametrize("name", ["quebec", "ars-exemple"])
def test_shipped_editions_are_up_to_date_with_the_national_reference(name):
    """After a national change, review the edition, then run « reperes edition accept editions/<id> »."""
    from generator.build import check

    warnings: list = []
    check(REPO, REPO / "editions" / name, warnings=warnings)
    assert [str(w) for w in warnings] == []
