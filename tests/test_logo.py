"""An edition's SVG logo is a drawing: anything that could run or load something is refused, with its line."""
from __future__ import annotations


import pytest

from conftest import REPO, problems
from helpers import copy_fixtures
from generator.sources.logo import svg_problems

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 48 48">\n'  # noqa: E501

HOSTILE = {
    # name: (SVG text, line of the offending element)
    "namespaced-script": (HEAD + '<rect width="48" height="48"/>\n<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>\n</svg>\n', 4),  # noqa: E501
    "plain-script": (HEAD + "<g>\n<script>alert(1)</script>\n</g>\n</svg>\n", 4),
    "xhtml-script": (HEAD + '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>\n</svg>\n', 3),
    "foreign-object": (HEAD + '<foreignObject width="48" height="48">\n<div xmlns="http://www.w3.org/1999/xhtml">x</div>\n</foreignObject>\n</svg>\n', 3),  # noqa: E501
    "onload": ('<svg xmlns="http://www.w3.org/2000/svg"\n  viewBox="0 0 1 1"\n  onload="alert(1)">\n</svg>\n', 1),
    "onclick-on-child": (HEAD + '<rect width="1" height="1"/>\n<circle r="3"\n onclick="alert(1)"/>\n</svg>\n', 4),
    "xlink-javascript": (HEAD + '<use xlink:href="java&#x09;script:alert(1)"/>\n</svg>\n', 3),
    "anchor-javascript": (HEAD + '<a href="javascript:alert(1)"><rect width="1" height="1"/></a>\n</svg>\n', 3),
    "external-href": (HEAD + '<image href="https://tracker.example/p.png" width="1" height="1"/>\n</svg>\n', 3),
    "external-use": (HEAD + '\n<use href="other.svg#shape"/>\n</svg>\n', 4),
    "external-css": (HEAD + "<style>\n@import url(https://fonts.example/f.css);\n</style>\n</svg>\n", 5),
    "external-fill": (HEAD + '<rect width="1" height="1" fill="url(https://x.example/p.svg#g)"/>\n</svg>\n', 3),
    "animate-href": (HEAD + '<a><animate attributeName="href" to="javascript:alert(1)"/></a>\n</svg>\n', 3),
    "stylesheet-pi": ('<?xml version="1.0"?>\n<?xml-stylesheet href="https://x.example/s.css"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n', 2),  # noqa: E501
    "entity-bomb": ('<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY a "aaaaaaaaaa">\n <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
                    ' <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>\n', 2),  # noqa: E501
    "external-entity": ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>\n', 2),
    "not-svg-root": ('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n', 1),
    "broken-xml": (HEAD + "<rect>\n</svg>\n", 4),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_svg_is_refused_at_its_line(name):
    text, line = HOSTILE[name]
    found = svg_problems(text.encode("utf-8"))
    assert found, f"{name} passed the logo check"
    assert found[0][0] == line, found


@pytest.mark.parametrize("logo", sorted(str(p.relative_to(REPO)) for p in (REPO / "editions").glob("*/assets/*.svg")))
def test_shipped_logos_pass(logo):
    assert svg_problems((REPO / logo).read_bytes()) == []


def test_ordinary_drawing_passes():
    drawing = (HEAD + '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>\n'
               '<title>Logo</title><rect width="48" height="48" fill="url(#g)" style="fill-opacity:.5"/>\n'
               '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>\n'
               '<text x="1" y="2" xml:space="preserve">R</text></svg>\n')
    assert svg_problems(drawing.encode("utf-8")) == []


def with_logo(edition, svg: str) -> None:
    """The edition's logo becomes ``svg``."""
    (edition / "assets").mkdir()
    (edition / "assets" / "logo.svg").write_text(svg, encoding="utf-8")
    config = edition / "edition.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("branding:\n", "branding:\n  logo: assets/logo.svg\n"),
                      encoding="utf-8")


def test_edition_logo_problem_points_at_the_logo_file_and_line(tmp_path):
    base, edition = copy_fixtures(tmp_path)
    with_logo(edition, HOSTILE["namespaced-script"][0])
    found = [(code, path.replace(str(tmp_path) + "/", ""), line) for code, path, line in problems(base, edition)]
    assert found == [("unsafe-file", "edition/assets/logo.svg", 4)]


# Inkscape's own « SVG Inkscape » format: editors' bookkeeping around a plain drawing.
INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="48" height="48" viewBox="0 0 48 48" version="1.1" id="svg1"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="logo.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" bordercolor="#000000" borderopacity="0.25" showgrid="false"
     onload="alert(1)" inkscape:showpageshadow="2" inkscape:document-units="px">
    <inkscape:page x="0" y="0" width="48" height="48"/></sodipodi:namedview>
  <defs id="defs1"/>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:title>Logo</dc:title></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Calque 1" inkscape:groupmode="layer" id="layer1">
    <style>rect &gt; title { fill: #1d3b6f }</style>
    <rect style="fill:#1d3b6f" id="rect1" width="40" height="40" x="4" y="4"/>
    <use xlink:href="#rect1"/><text xml:space="preserve" x="4" y="44">R &amp; co</text>
  </g>
</svg>
"""


def test_inkscape_logo_is_taken_and_published_without_editor_bookkeeping(tmp_path):
    """An agency's logo saved by Inkscape passes as it is; the site publishes the drawing alone (allow-listed again)."""
    from generator.build import prepare
    from generator.sources.logo import published_svg

    assert svg_problems(INKSCAPE.encode("utf-8")) == []
    base, edition = copy_fixtures(tmp_path)
    with_logo(edition, INKSCAPE)
    published = prepare(base, edition).files["assets/edition/logo.svg"]
    assert published == published_svg(INKSCAPE.encode("utf-8"))
    text = published.decode("utf-8")
    for bookkeeping in ("sodipodi", "inkscape", "namedview", "pagecolor", "onload", "metadata", "rdf", "<!--"):
        assert bookkeeping not in text, bookkeeping
    for drawing in ('<rect style="fill:#1d3b6f" id="rect1"', 'xlink:href="#rect1"', "R &amp; co", "rect &gt; title",
                    'xml:space="preserve"', 'viewBox="0 0 48 48"'):
        assert drawing in text, drawing
    assert svg_problems(published) == []  # what is published passes the allow-list by itself


def test_a_refused_logo_says_how_to_save_a_plain_svg(tmp_path):
    base, edition = copy_fixtures(tmp_path)
    with_logo(edition, HOSTILE["plain-script"][0])
    from generator.sources.errors import SourcesInvalid
    from generator.sources.load import load
    from generator.editions.resolve import resolve
    from generator.sources.validate import validate

    with pytest.raises(SourcesInvalid) as refused:
        resolve(validate(load(base, edition)))
    assert [p.code for p in refused.value.problems] == ["unsafe-file"]
    assert "SVG simple" in refused.value.problems[0].message
