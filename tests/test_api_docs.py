"""/api/v1/docs: the OpenAPI contract as a reference page rendered by the app — every operation with its parameters
and answers, the page's own words in the reader's language, no script at all, linked from the data page."""

import re

import pytest

from .test_no_inline_script import audit


@pytest.fixture()
def contract(client) -> dict:
    return client.get("/api/v1/openapi.json").json


def test_every_operation_of_the_contract_is_on_the_page(client, contract):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    headings = re.findall(
        r'<h3 id="get-[^"]*-heading"><bdi dir="ltr"><span class="api-method">GET</span> <code>([^<]+)</code>', html
    )
    assert sorted(headings) == sorted(contract["paths"]) and len(headings) == len(set(headings))
    assert "<code>taxonomy_term_id</code>" in html and "<code>proximity</code>" in html
    assert 'href="#schema-HsdsPage"' in html and 'id="schema-HsdsPage"' in html
    assert 'href="/api/v1/openapi.json"' in html


def test_parameter_rules_and_chrome_are_in_german(client):
    german = client.get("/api/v1/docs?lang=de").get_data(as_text=True)
    assert "<h1>API-Dokumentation</h1>" in german and "Standardwert: 50" in german and "1 bis 1000" in german


def test_arabic_readers_get_their_chrome_right_to_left_and_the_contracts_english_marked(client):
    arabic = client.get("/api/v1/docs?lang=ar").get_data(as_text=True)
    main = arabic.split('<main id="main"', 1)[1]
    assert '<html lang="ar" dir="rtl">' in arabic and "<h1>توثيق واجهة البرمجة (API)</h1>" in main
    assert "API-Dokumentation" not in main and "Standardwert" not in main
    assert '<p class="api-summary" lang="en" dir="ltr">Life phases</p>' in main


def test_the_page_runs_no_script_and_loads_only_this_apps_files(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert not audit(html).problems
    assert "/static/css/api-docs.css" in html
    assert not re.search(r'src="(?:https?:)?//', html) and not re.search(r'<link[^>]+href="(?:https?:)?//', html)


def test_the_data_page_links_the_documentation(client):
    html = client.get("/about").get_data(as_text=True)
    assert 'href="/api/v1/docs"' in html and 'href="/ogc?f=html"' in html and 'href="/hsds/"' in html
