"""The Nu HTML Checker (vnu.jar, installed by scripts/setup.sh into tools/) finds no error on any public page in any
interface language. All pages go to one checker run, so the JVM starts once."""

import json
import subprocess
from pathlib import Path

import pytest
from flask_babel import refresh
from sqlalchemy import select

from config import TestConfig
from mapfinder.models import Offer

pytestmark = pytest.mark.vnu
VNU_JAR = Path(__file__).resolve().parents[1] / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture()
def public_pages(session) -> list[str]:
    offer_id = session.scalar(select(Offer.id).where(Offer.is_demo.is_(True)).order_by(Offer.id))
    return [
        "/",
        "/?phase=fruehe-kindheit&free=true",
        f"/offers/{offer_id}",
        "/districts",
        "/districts/styrum",
        "/networks",
        "/networks/fruehe-hilfen",
        "/planning?phase=fruehe-kindheit",
        "/about",
        "/api/v1/docs",
        f"/referral?offers={offer_id}",
        "/barrierefreiheit",
        "/leichte-sprache",
        "/gebaerdensprache",
        "/impressum",
        "/datenschutz",
        f"/feedback/offer/{offer_id}",
        "/feedback/",
    ]


def _check(files: list[Path]) -> list[dict]:
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make setup` (npm ci in tools/)"
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


def test_public_pages_have_no_html_errors_in_any_language(client, public_pages, tmp_path):
    files = []
    for locale in TestConfig.LANGUAGES:
        for number, path in enumerate(public_pages):
            refresh()
            response = client.get(f"{path}{'&' if '?' in path else '?'}lang={locale}")
            assert response.status_code == 200, path
            file = tmp_path / f"{locale}-{number:02d}.html"
            file.write_bytes(response.get_data())
            files.append(file)
    # A control document with a known error: the test fails if the checker silently checked nothing.
    control = tmp_path / "control.html"
    control.write_text('<!doctype html><html lang="de"><title>x</title><input autocomplete="street-address">')
    names = {f"file:{file}": f"{path} ({file.name[:2]})" for file, path in zip(files, public_pages * 9, strict=True)}
    messages = [m for m in _check([control, *files]) if m["type"] == "error"]
    assert any(m["url"] == f"file:{control}" and "street-address" in m["message"] for m in messages), messages[:3]
    errors = [
        (names.get(m["url"], m["url"]), m.get("lastLine"), m["message"])
        for m in messages
        if m["url"] != f"file:{control}"
    ]
    assert errors == [], f"{len(errors)} HTML errors, first: {errors[:10]}"
