"""Templates only format, escape what they print, and fail on undefined variables."""
from __future__ import annotations

import jinja2
import pytest

from generator.render.environment import environment


def test_undefined_variable_is_an_error():
    template = environment().from_string("{{ missing }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render()


def test_autoescape_makes_html_inert():
    template = environment().from_string("{{ text }}")
    assert template.render(text="<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"


def test_cell_filter_keeps_tables_intact():
    template = environment().from_string("| {{ text | cell }} |")
    assert template.render(text="a | b\nc") == "| a \\| b c |"


def test_every_template_declares_its_context():
    from generator.render.environment import TEMPLATES

    for path in TEMPLATES.rglob("*.j2"):
        first = path.read_text(encoding="utf-8").lstrip()
        assert first.startswith("{#"), f"{path.name} must open with a comment naming its context"


def test_generated_markdown_keeps_block_structure():
    """Jinja's whitespace control must never glue a provenance line or attribute list to a paragraph."""
    from criteria_specs import rendered

    for uri, markdown in rendered().pages.items():
        lines = markdown.splitlines()
        for i, line in enumerate(lines):
            if line.startswith(("Source : ", "Cité dans ce site par", "Note sur la source")):
                assert i > 0 and lines[i - 1] == "", f"{uri}:{i + 1}: block glued to the previous paragraph"
            if "{: ." in line:
                assert line.startswith("{: ."), f"{uri}:{i + 1}: attribute list glued to text"
            assert "et al.." not in line, f"{uri}:{i + 1}: doubled full stop"
