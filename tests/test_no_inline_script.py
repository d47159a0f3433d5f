"""Every public page works under ``Content-Security-Policy: script-src 'self'; style-src 'self'``: a <script> either
loads a file of this app or holds JSON data, no element carries an inline event handler (``onclick=`` …), and styles
come from stylesheets only (no ``style`` attribute, no <style> element)."""

import json
from html.parser import HTMLParser

import pytest

from mapfinder.models import BarrierFree

DATA_TYPES = {"application/json"}


class ScriptAudit(HTMLParser):
    """Collects what a strict CSP would block: inline code in <script>, ``on*`` attributes, ``javascript:`` URLs,
    ``style`` attributes and <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.json_blocks: list[str] = []
        self._open_script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._open_script, self._text = attributes, []

    def handle_data(self, data):
        if self._open_script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self._open_script is None:
            return
        attributes, body = self._open_script, "".join(self._text)
        self._open_script = None
        if attributes.get("src"):
            if body.strip():
                self.problems.append(f"<script src={attributes['src']!r}> with inline code")
            if not attributes["src"].startswith("/static/"):
                self.problems.append(f"<script src={attributes['src']!r}> not served by this app")
        elif attributes.get("type") in DATA_TYPES:
            self.json_blocks.append(body)
        else:
            self.problems.append(f"inline <script {attributes}>: {body.strip()[:80]!r}")


def audit(html: str) -> ScriptAudit:
    parser = ScriptAudit()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture()
def public_paths(make, session) -> list[str]:
    """One URL of every public page, with an offer (two places) of its own."""
    from sqlalchemy import select

    from mapfinder.models import Network

    places = [make.place(barrier_free=BarrierFree.YES), make.place(lon=6.87, lat=51.44)]
    offer = make.offer(title="Elterncafé <b>Probe</b>", places=places)
    network = session.scalars(select(Network).order_by(Network.slug)).first()
    return [
        "/",
        "/?phase=fruehe-kindheit&district=styrum",
        "/?age=200",
        "/results?phase=jugend",
        f"/offers/{offer.id}",
        "/offers/999999999",
        "/districts",
        "/districts/styrum",
        "/districts/gibt-es-nicht",
        "/networks",
        f"/networks/{network.slug}",
        "/planning",
        "/planning?phase=fruehe-kindheit&level=bezirk",
        "/planning?phase=x",
        f"/referral?offers={offer.id}",
        "/referral",
        "/about",
        "/?lang=ar",
        "/barrierefreiheit",
        "/leichte-sprache?lang=ar",
        "/gebaerdensprache",
        "/impressum?lang=tr",
        "/datenschutz",
        f"/feedback/offer/{offer.id}",
        "/feedback/?lang=ar",
    ]


def test_no_page_has_inline_script_or_inline_handlers(client, public_paths):
    for path in public_paths:
        response = client.get(path)
        assert response.status_code < 500, path
        result = audit(response.get_data(as_text=True))
        assert not result.problems, (path, result.problems)
        for block in result.json_blocks:
            json.loads(block)  # a data block is JSON, never code


def test_map_pages_hand_their_map_to_the_static_module_as_json(client, make):
    offer = make.offer(title="</script><script>alert(1)</script>", places=[make.place(name="Ort <i>kursiv</i>")])
    html = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert '<script type="module" src="/static/js/map/page.js"></script>' in html
    block = html.split('data-map-spec="map-offer">', 1)[1].split("</script>", 1)[0]
    spec = json.loads(block)
    assert spec["key"] == "offer" and spec["layers"][0]["kind"] == "places"
    assert spec["layers"][0]["records"][0]["label"].startswith("Ort <i>kursiv</i>, ")  # plain text, shown as text
    assert "<i>" not in block and "</script><script>alert" not in html


def test_the_audit_finds_what_a_strict_policy_blocks():
    blocked = audit(
        '<script>alert(1)</script><button onclick="x()">b</button><a href="javascript:x()">a</a>'
        '<script src="https://cdn.example.org/x.js"></script><span style="color: red">s</span><style>p{}</style>'
    )
    assert len(blocked.problems) == 6
    allowed = audit(
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<script type="module" src="/static/js/map/page.js"></script>'
    )
    assert not allowed.problems and allowed.json_blocks == ['{"a": 1}']


def test_every_colour_class_on_a_page_is_defined_in_the_colour_stylesheet(client, public_paths, session):
    import re

    from sqlalchemy import select

    from mapfinder.models import LifePhase

    session.scalars(select(LifePhase).order_by(LifePhase.position)).first().colour = "#123ABC"
    session.flush()
    stylesheet = client.get("/colours.css")
    assert stylesheet.status_code == 200 and stylesheet.mimetype == "text/css"
    defined = set(
        re.findall(r"\.(colour-[0-9a-f]{6})\{background-color:#[0-9a-f]{6}\}", stylesheet.get_data(as_text=True))
    )
    used = set()
    for path in public_paths:
        used |= set(re.findall(r"\b(colour-[0-9a-f]{6})\b", client.get(path).get_data(as_text=True)))
    assert len(used) >= 10  # phases, categories, kinds of place and legends all carry a class
    assert used <= defined, used - defined
    assert "colour-123abc" in used  # a colour changed in the data reaches page and stylesheet alike


def test_the_colour_stylesheet_answers_304_when_unchanged(client):
    first = client.get("/colours.css")
    again = client.get("/colours.css", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
