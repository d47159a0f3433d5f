"""The referral sheet in a real browser: a professional adds three offers on a district page and opens the sheet
in Turkish."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_three_offers_onto_a_sheet_in_german_and_turkish(page, live_server):
    page.goto(live_server + "/districts/eppinghofen")
    buttons = page.locator(".phase-group .referral-add-button:not(.is-added)")
    for number in range(1, 4):
        buttons.first.click()
        page.wait_for_function(f"document.querySelector('[data-referral-count]').textContent === '{number}'")
    assert page.locator(".phase-group .referral-add-button.is-added").count() >= 3
    assert page.locator(".phase-group .referral-add-button.is-added").first.inner_text() == "✓ Auf dem Empfehlungsblatt"

    page.goto(live_server + "/referral?client=tr")
    page.wait_for_url(re.compile(r"/referral\?offers=\d+,\d+,\d+&client=tr"))
    assert page.locator("section.sheet-offer").count() == 3
    german = page.locator('td.sheet-col[lang="de"]').all_inner_texts()
    turkish = page.locator('td.sheet-col[lang="tr"]').all_inner_texts()
    assert len(german) == len(turkish) == 4  # the heading and three offers
    assert any("Kosten" in text for text in german)
    assert any(re.search(r"Türkçe|Erken çocukluk|Hamilelik|İlkokul|Gençlik", text) for text in turkish)
    assert page.locator("section.sheet-offer svg").count() == 3  # a QR code per offer
    pdf_link = page.locator("a[href*='/referral.pdf']").get_attribute("href")
    assert "client=tr" in pdf_link and re.search(r"offers=\d+(%2C|,)\d+(%2C|,)\d+", pdf_link)


def test_sheet_prints_without_the_site_around_it(page, live_server):
    page.goto(live_server + "/referral?offers=1,2&client=ar")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".referral-toolbar").is_visible()
    assert page.locator("section.sheet-offer").first.is_visible()
    assert page.locator('td.sheet-col[lang="ar"]').first.get_attribute("dir") == "rtl"


def test_add_without_javascript_posts_the_pages_one_form_and_comes_back(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(live_server + "/?phase=fruehe-kindheit")
        first = page.locator("li.result").first
        offer_id = first.locator(".referral-add-button").get_attribute("value")
        first.locator(".referral-add-button").click()
        page.wait_for_url(re.compile(r"/\?phase=fruehe-kindheit$"))
        added = page.locator(f'.referral-add-button[value="{offer_id}"]')
        assert added.get_attribute("aria-pressed") == "true" and "Auf dem Empfehlungsblatt" in added.inner_text()
        assert page.locator("form#referral-add").count() == 1  # one form (and one CSRF token) for the whole list
    finally:
        context.close()
