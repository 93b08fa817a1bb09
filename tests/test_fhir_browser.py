"""The calculator's result downloads as a FHIR QuestionnaireResponse built in the browser (nothing sent)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser import needs_chromium, serve

pytestmark = [pytest.mark.browser, needs_chromium]


def test_questionnaire_response_download(built_site, browser):
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    sent = []
    with serve(built_site) as base:
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.goto(base + "outils/conect-6/?q1=oui&q2=oui&q3=non&q4=non&q5=non&q6=non", wait_until="load")
        page.wait_for_selector('[data-result-for][data-outcome="positif"]', timeout=60000)
        page.on("request", lambda r: sent.append(r.url))
        with page.expect_download() as download:
            page.click("[data-fhir]")
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        name = download.value.suggested_filename
        context.close()
    assert name == "conect-6-reponse.fhir.json"
    QuestionnaireResponse.model_validate(data)
    assert data["status"] == "completed" and data["questionnaire"].startswith("urn:reperes:questionnaire:conect-6")
    assert [i["linkId"] for i in data["item"]][:6] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    # Generated in the page: no request at all (but the browser's own favicon fetch, which may come late).
    assert [r for r in sent if not r.startswith("blob:") and not r.endswith("/assets/images/favicon.png")] == []


def test_calculator_page_links_its_exports(built_site):
    html = (built_site / "outils/conect-6/index.html").read_text(encoding="utf-8")
    for target in ("../../api/criteria/conect-6.json", "../../fhir/Questionnaire-conect-6.json", "../../api/index.json"):
        assert f'href="{target}"' in html
        assert (built_site / "outils/conect-6" / target).resolve().is_file()
