"""What a tool's page and its embed page are made of (issue 22), without a browser: the intro's lead, links that
open outside an embed's frame, the iframe's height without scripts, computed from the tool, and the French
spacing of the embed pages. Their effect in Chromium: tests/test_tools_ux_browser.py."""
from __future__ import annotations

import re

import pytest

from criteria_specs import rendered
from generator.french import french_spacing, map_text
from generator.render import embed
from generator.render.calculator import LEAD_CHARS, intro_parts


@pytest.mark.parametrize("text, lead", [
    ("Une phrase. Une autre.", "Une phrase. Une autre."),  # short: all of it, nothing folded
    ("« Dans une citation. Elle continue. » Puis l'outil. Ensuite " + "x" * LEAD_CHARS,
     "« Dans une citation. Elle continue. » Puis l'outil."),
    ("Au § 2.5.2 de la note, le 7 sept. 2015, " + "y" * LEAD_CHARS + ". Suite.", None),  # no end inside « § 2.5.2 »
    ("", ""),
])
def test_intro_lead_is_its_first_sentences(text, lead):
    parts = intro_parts(text)
    assert parts["lead"] + (" " + parts["rest"] if parts["rest"] else "") == text  # nothing lost, nothing added
    if lead is not None:
        assert parts["lead"] == lead
    else:
        assert parts["lead"].startswith("Au § 2.5.2 de la note, le 7 sept. 2015") and parts["rest"] == "Suite."


def test_every_link_of_an_embed_opens_outside_its_frame():
    html = '<a href="../../outils/x/">a</a> <a href="mailto:a@b.fr">m</a> <a href="tel:+33100">t</a> <a target="_top" href="y">y</a>'
    assert embed.links_outside(html) == ('<a target="_blank" rel="noopener" href="../../outils/x/">a</a> '
                                         '<a href="mailto:a@b.fr">m</a> <a href="tel:+33100">t</a> <a target="_top" href="y">y</a>')
    for uri, page in rendered().files.items():
        if uri.startswith("embed/"):
            text = page.decode("utf-8")
            anchors = re.findall(r"<a [^>]*>", text)
            assert anchors, uri
            inside = [a for a in anchors if 'href="mailto:' not in a and 'href="tel:' not in a
                      and not ('target="_blank"' in a and 'rel="noopener"' in a)]
            assert inside == [], f"{uri}: links that would open inside the frame: {inside}"


def test_embed_pages_have_the_site_french_spacing():
    for uri, page in rendered().files.items():
        if uri.startswith("embed/"):
            text = page.decode("utf-8")
            assert map_text(text, french_spacing) == text, uri  # nothing left to space
            assert "\u00a0»" in text or "«" not in text, uri


def test_no_script_height_follows_the_tool():
    """Computed from the texts: longer questions, a longer title or more of them make a taller frame."""
    def calc(title: str, questions: list[str], help: str | None = None) -> dict:
        class Q:
            def __init__(self) -> None:
                self.ask_if, self.help, self.answers = None, help, "oui-non"
        return {"title": title, "sections": [{"title": None, "gated": False, "questions": [
            {"q": Q(), "number": n, "text": text, "options": [{"label": "Oui"}, {"label": "Non"}]}
            for n, text in enumerate(questions, start=1)]}]}
    short = embed.no_script_height(calc("Outil", ["Oui ?"]))
    assert short < embed.no_script_height(calc("Outil", ["Oui ?", "Non ?"]))
    assert short < embed.no_script_height(calc("Outil au titre bien plus long que la largeur d'un téléphone", ["Oui ?"]))
    assert short < embed.no_script_height(calc("Outil", ["Une question " * 12]))
    assert short < embed.no_script_height(calc("Outil", ["Oui ?"], help="Une aide assez longue. " * 4))
    three = embed.no_script_height(calc("Outil", ["Oui ?"] * 3))
    assert embed.no_script_height(calc("Outil", ["Oui ?"] * 9)) == three  # the first questions only
    assert embed.lines("un " * 40, 300) > embed.lines("un " * 10, 300) >= 1
