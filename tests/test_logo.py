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


def test_edition_logo_problem_points_at_the_logo_file_and_line(tmp_path):
    base, edition = copy_fixtures(tmp_path)
    (edition / "assets").mkdir()
    (edition / "assets" / "logo.svg").write_text(HOSTILE["namespaced-script"][0], encoding="utf-8")
    config = edition / "edition.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("branding:\n", "branding:\n  logo: assets/logo.svg\n"),
                      encoding="utf-8")
    found = [(code, path.replace(str(tmp_path) + "/", ""), line) for code, path, line in problems(base, edition)]
    assert found == [("unsafe-file", "edition/assets/logo.svg", 4)]
