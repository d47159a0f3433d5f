"""Every listing reads its rows through one query and one presenter, so they cannot disagree."""

import csv
import io
import re
import subprocess

from mapfinder.models import RegistrationKind


def test_arabic_export_and_arabic_finder_list_name_the_same_places_and_districts(client):
    exported = list(
        csv.reader(io.StringIO(client.get("/export.csv?phase=fruehe-kindheit&lang=ar").data.decode("utf-8-sig")))
    )
    rows, district_column = exported[1:], 13
    html = client.get("/?phase=fruehe-kindheit&lang=ar").data.decode()
    listed = set(re.findall(r'<span class="district">· ([^<]+)</span>', html))
    exported_districts = {row[district_column] for row in rows if row[district_column]}
    assert listed and listed <= exported_districts
    assert any(re.search("[\u0600-\u06ff]", name) for name in listed)  # names in Arabic script, in both


def test_schedules_and_registration_are_in_the_readers_language_everywhere(client, make):
    offer = make.offer(
        title="Zeitenprobe", schedule="dienstags 9:30–11:00", registration_kind=RegistrationKind.REQUIRED
    )
    offer_page = client.get(f"/offers/{offer.id}?lang=tr").data.decode()
    results = client.get("/results?q=Zeitenprobe&lang=tr").data.decode()
    sheet = client.get(f"/referral?offers={offer.id}&lang=tr").data.decode()
    for html in (offer_page, results):
        assert "Salı 09:30–11:00" in html
    assert "kayıt gereklidir" in offer_page
    assert "Salı 09:30–11:00" in sheet and "Dienstag 09:30–11:00" in sheet  # client language beside German
    pdf = client.get(f"/referral.pdf?offers={offer.id}&lang=tr")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
    assert "Salı 09:30–11:00" in text and "kayıt gereklidir" in text
