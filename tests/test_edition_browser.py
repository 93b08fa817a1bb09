"""Issue 10, in Chromium: an edition's local contact is shown with the result and copied with it."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml

from browser import needs_chromium, serve

pytestmark = [pytest.mark.browser, needs_chromium]
REPO = Path(__file__).resolve().parent.parent


def test_local_contact_is_shown_and_copied_with_the_result(all_sites, browser):
    from playwright.sync_api import expect

    site = all_sites["ars-exemple"]
    resource = yaml.safe_load((REPO / "editions/ars-exemple/edition.yml").read_text(encoding="utf-8"))["resources"][0]
    cid, name = resource["criterion"], resource["contact"]["name"]
    spec = json.loads((site / "api/criteria" / f"{cid}.json").read_text(encoding="utf-8"))
    example = next(e for e in spec["examples"] if e["expect_outcome"] in resource["outcomes"])
    with serve(site) as base:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}outils/{cid}/?{urlencode({k: str(v) for k, v in example['answers'].items()})}")
        result = page.locator(f'[data-result-for="{cid}"]')
        expect(result).to_have_attribute("data-outcome", example["expect_outcome"], timeout=30000)
        expect(result).to_contain_text(name)
        # Headless Chromium may have no clipboard: record what the page writes.
        page.evaluate("""() => { window.__copied = null;
            navigator.clipboard.writeText = (text) => { window.__copied = text; return Promise.resolve(); }; }""")
        page.click("[data-copy]")
        expect(page.locator("[data-copy-status]")).to_have_text("Résultat copié dans le presse-papiers.")
        copied = page.evaluate("() => window.__copied")
        context.close()
    assert errors == []
    assert f"Contact local : {name}" in copied and resource["contact"]["phone"] in copied
