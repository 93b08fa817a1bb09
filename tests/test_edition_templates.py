"""An edition's notices, « Écarts » page and local contacts, formatted by generator/render/templates/edition/ (issue 13).

render_edition.py computes what to say; the templates format it with autoescape on. These tests render the
Markdown the way MkDocs does (same extensions as mkdocs.yml) and check what a reader gets: source text
inert, brackets never turned into links, code spans not escaped twice, every contact value escaped.
"""
from __future__ import annotations

import datetime as dt

import markdown
import yaml

from generator.render import render_edition
from generator.editions.merge import Change, Review
from generator.sources.models.common import SourceRef
from generator.sources.models.edition import Contact, Edition

from helpers import REPO

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables"]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def provenance(from_uri: str, sources) -> list[dict]:
    """What render._Renderer.provenance gives: the reference's label and link, and the locator."""
    return [{"label": "HAS 2014", "href": f"../references/index.md#{s.ref}", "locator": s.locator, "note": s.note}
            for s in sources]


def edition(**changes) -> Edition:
    data = yaml.safe_load((REPO / "editions/ars-exemple/edition.yml").read_text(encoding="utf-8"))
    return Edition.model_validate({**data, **changes})


REPLACED = Change("remplacee", "criteria/file-active", "Planifier [la file active]",
                  "Paramètre régional de l'agence : 45 situations & plus", (SourceRef(ref="has-2014", locator="§ 2.5.6 « L'idéal »"),),
                  ("Seuil : 40 → 45",), True,
                  review=Review(dt.date(2026, 3, 1), ("La question 2 a changé",)))
RETIRED = Change("retiree", "page:references/methode-has-2014.md", "Méthode d'élaboration", "Démonstration d'une page retirée")


def test_notice_keeps_source_text_inert_and_says_everything():
    html = to_html(render_edition.notice([REPLACED], "outils/file-active.md", provenance))
    assert html.count('class="admonition info"') == 1
    assert "<strong>Planifier [la file active]</strong> remplace la version nationale" in html.replace("\\", "")
    assert "<a" not in html.split("Sources")[0]  # the brackets of the title made no link
    assert "Justification : Paramètre régional de l&#39;agence : 45 situations &amp; plus" in html
    assert "À revoir depuis la mise à jour nationale du 1er mars 2026" in html
    # Two lists: what changed nationally, then how this version differs (Markdown merges adjacent lists).
    review, details = html.split("Différences avec la version nationale :")
    assert review.count("<li>") == 1 and "<li>La question 2 a changé</li>" in review
    assert details.count("<li>") == 1 and "<li>Seuil : 40 → 45</li>" in details
    assert 'Sources : <a href="../references/index.md#has-2014">HAS 2014</a>, § 2.5.6 « L&#39;idéal »' in html


def test_changes_page_links_and_code_spans():
    ed = edition(terminology=[{"national": "structures d'appui", "local": "dispositifs d'appui & co"}])
    text = render_edition.changes_page(ed, [REPLACED, RETIRED], provenance, {}, [("comprendre/a.md", "L'intégration")])
    html = to_html(str(text))
    # Markdown escapes a code span's content itself: the apostrophe is not escaped a second time.
    assert "<td><code>structures d'appui</code></td>" in html
    assert "<td>dispositifs d&#39;appui &amp; co</td>" in html
    assert '<a href="../outils/file-active.md">Planifier [la file active]</a>' in html.replace("\\", "")
    national = render_edition.national_link(ed, "references/methode-has-2014.md", "/")
    assert national == "/national/references/methode-has-2014/"  # national_url « ../national/ » from the site's root
    assert f'<a href="{national}">Méthode d&#39;élaboration</a> (version nationale)' in html
    assert "<h3>Retirée : Méthode d&#39;élaboration</h3>" in html
    assert '<a href="../comprendre/a.md">L&#39;intégration</a>' in html
    assert html.count("<h2>") == 4  # vocabulary, changes, contacts, pages changed by the vocabulary alone


def test_changes_page_of_an_edition_that_changes_nothing():
    html = to_html(str(render_edition.changes_page(edition(terminology=[], resources=[], demonstration=False), [],
                                                   provenance, {}, [])))
    for said in ("Aucun terme n'est remplacé.", "Aucune fiche ni page ne diffère du référentiel national.",
                 "Aucun contact local n'est ajouté aux résultats des outils."):
        assert said.replace("'", "&#39;") in html or said in html
    assert "admonition" not in html and html.count("<h2>") == 3


def test_contact_html_escapes_every_value():
    contact = Contact(name="Soins & Cie d'Exemple", role="Guichet <unique>", phone="+33 (0)1 99 00 12 34",
                      email="contact@exemple.example.org", url="https://exemple.example.org/?a=1&b=2", note='Dit "ouvert"')
    html = str(render_edition.contact_html(contact))
    assert html == ("<strong>Soins &amp; Cie d&#39;Exemple</strong><br>Guichet &lt;unique&gt;"
                    '<br>Téléphone : <a href="tel:+330199001234">+33 (0)1 99 00 12 34</a>'
                    '<br>Courriel : <a href="mailto:contact@exemple.example.org">contact@exemple.example.org</a>'
                    '<br><a href="https://exemple.example.org/?a=1&amp;b=2">https://exemple.example.org/?a=1&amp;b=2</a>'
                    "<br>Dit &#34;ouvert&#34;")
    assert str(render_edition.contact_html(Contact(name="DAC"))) == "<strong>DAC</strong>"


def test_wording_notice_is_an_admonition():
    html = to_html(render_edition.wording_notice())
    assert 'class="admonition note"' in html and "ne diffère du référentiel national que par le vocabulaire" in html

