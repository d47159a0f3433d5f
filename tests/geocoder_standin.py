"""A stand-in geocoder on loopback speaking Nominatim's ``/search`` JSON and Photon's ``/api`` GeoJSON, so geopy's
real clients run against it. It records every request and can be told to answer a hit, nothing, a point outside the
city, to sleep past the client's timeout, or to fail with an HTTP status first. Used by the tests and bench/geocode.py.
"""

import hashlib
import json
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

import pytest

from .loopback import LoopbackServer

# Oberhausen, 2 km north of the city limit: where two Mülheim schools of the public data geocode to.
OUTSIDE = (6.85, 51.495)
_CENTRE = (6.885, 51.43)  # Mülheim's centre; derived points scatter around it, well inside the city


@dataclass(frozen=True)
class Reply:
    """How to answer a query: ``hit`` (a point), ``empty`` (nothing) or ``outside`` (a point in Oberhausen)."""

    kind: str = "hit"
    lon: float | None = None  # None: a point derived from the query, so distinct addresses get distinct points
    lat: float | None = None
    precision: str = "house_number"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the stand-in received it."""

    path: str
    params: dict
    user_agent: str
    at: float  # time.monotonic() on arrival


@dataclass
class GeocoderStandin(LoopbackServer):
    """The server and its script; ``reset()`` between tests."""

    requests: list[RecordedRequest] = field(default_factory=list)
    default: Reply = field(default_factory=Reply)
    routes: dict[str, Reply] = field(default_factory=dict)
    statuses: deque = field(default_factory=deque)
    delay: float = 0.0

    def handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    @property
    def url(self) -> str:
        """Base URL for MAPFINDER_GEOCODER_URL."""
        return self.base_url

    def reset(self) -> None:
        """Forget requests and script: every query is a hit again."""
        self.requests.clear()
        self.default, self.routes, self.delay = Reply(), {}, 0.0
        self.statuses.clear()

    def answer(self, kind: str = "hit", *, when: str | None = None, **reply) -> None:
        """Answer every query (or those containing ``when``, case-insensitive) this way."""
        if when is None:
            self.default = Reply(kind, **reply)
        else:
            self.routes[when.casefold()] = Reply(kind, **reply)

    def fail_first(self, status: int, *, times: int = 1, retry_after: str | None = None) -> None:
        """Answer the next ``times`` requests with this HTTP status."""
        self.statuses.extend([(status, retry_after)] * times)

    def reply_for(self, query: str) -> Reply:
        """The scripted reply for a query."""
        folded = query.casefold()
        return next((reply for part, reply in self.routes.items() if part in folded), self.default)


def _handler_for(standin: GeocoderStandin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
        disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart (delayed ACK)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query))
            standin.requests.append(
                RecordedRequest(parts.path, params, self.headers.get("User-Agent", ""), time.monotonic())
            )
            if standin.statuses:
                return self._send(*standin.statuses.popleft())
            time.sleep(standin.delay)
            builders = {"/search": _nominatim_body, "/api": _photon_body}
            if parts.path not in builders:
                return self._send(404)
            query = params.get("q", "")
            self._send(200, body=builders[parts.path](query, standin.reply_for(query)))

        def _send(self, status: int, retry_after: str | None = None, body: object = None) -> None:
            data = json.dumps(body if body is not None else {"error": status}).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if retry_after is not None:
                    self.send_header("Retry-After", retry_after)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args) -> None:
            pass

    return Handler


def _point(query: str, reply: Reply) -> tuple[float, float]:
    if reply.kind == "outside":
        return OUTSIDE
    if reply.lon is not None and reply.lat is not None:
        return reply.lon, reply.lat
    digest = hashlib.sha256(query.encode()).digest()
    return _CENTRE[0] + (digest[0] - 128) / 128 * 0.012, _CENTRE[1] + (digest[1] - 128) / 128 * 0.008


def _address(query: str, precision: str) -> dict:
    """Address details as much as the precision allows ('Sunderweg 90, …' → road Sunderweg, house number 90)."""
    street, _, rest = query.partition(",")
    road, _, number = street.strip().rpartition(" ")
    address = {"city": "Mülheim an der Ruhr", "country": "Deutschland", "country_code": "de", "postcode": "45472"}
    if precision in {"house_number", "street"}:
        address["road"] = road or street
    if precision == "house_number":
        address["house_number"] = number
    return address


_NOMINATIM_KINDS = {
    "house_number": ("building", "house", "building"),
    "street": ("highway", "residential", "road"),
    "postcode": ("place", "postcode", "postcode"),
    "city": ("boundary", "administrative", "city"),
}


def _nominatim_body(query: str, reply: Reply) -> list:
    if reply.kind == "empty":
        return []
    lon, lat = _point(query, reply)
    category, kind, addresstype = _NOMINATIM_KINDS[reply.precision]
    return [
        {
            "place_id": 1,
            "licence": "stand-in",
            "osm_type": "way",
            "osm_id": 1,
            "lat": f"{lat:.7f}",
            "lon": f"{lon:.7f}",
            "class": category,
            "category": category,
            "type": kind,
            "addresstype": addresstype,
            "place_rank": 30,
            "importance": 0.1,
            "display_name": f"{query} (stand-in)",
            "address": _address(query, reply.precision),
            "boundingbox": [f"{lat - 1e-4:.7f}", f"{lat + 1e-4:.7f}", f"{lon - 1e-4:.7f}", f"{lon + 1e-4:.7f}"],
        }
    ]


_PHOTON_KINDS = {"house_number": "house", "street": "street", "postcode": "other", "city": "city"}


def _photon_body(query: str, reply: Reply) -> dict:
    if reply.kind == "empty":
        return {"type": "FeatureCollection", "features": []}
    lon, lat = _point(query, reply)
    address = _address(query, reply.precision)
    properties = {
        "type": _PHOTON_KINDS[reply.precision],
        "city": address["city"],
        "postcode": address["postcode"],
        "country": "Deutschland",
        "countrycode": "DE",
        "osm_key": "place",
        "osm_value": "postcode" if reply.precision == "postcode" else "house",
    }
    if "road" in address:
        properties["street"] = address["road"]
    if "house_number" in address:
        properties["housenumber"] = address["house_number"]
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}
    return {"type": "FeatureCollection", "features": [feature]}


# Fixtures; a test module imports them (``from .geocoder_standin import standin, use_geocoder``).


@pytest.fixture(scope="session")
def standin_server():
    """One stand-in server for the whole run."""
    server = GeocoderStandin().start()
    yield server
    server.stop()


@pytest.fixture()
def standin(standin_server):
    """The stand-in with a fresh script and request log."""
    standin_server.reset()
    yield standin_server
    standin_server.reset()


@pytest.fixture()
def use_geocoder(app, standin, monkeypatch):
    """``use_geocoder("nominatim", min_delay=0.2)``: point the app's geocoder at the stand-in for this test."""

    def configure(provider: str, **settings) -> GeocoderStandin:
        values = {"timeout": 2.0, "min_delay": 0.0, "retries": 2, "backoff": 0.01, "miss_days": 30} | settings
        monkeypatch.setitem(app.config, "GEOCODER", provider)
        monkeypatch.setitem(app.config, "GEOCODER_URL", standin.url)
        for name, value in values.items():
            monkeypatch.setitem(app.config, f"GEOCODER_{name.upper()}", value)
        return standin

    return configure
