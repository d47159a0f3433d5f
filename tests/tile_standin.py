"""A stand-in tile server on loopback: answers ``/{z}/{x}/{y}.png`` with a real PNG over real HTTP, counts every
request per path and records the User-Agent; it can be told to fail with a status, to sleep past the client's
timeout, or to answer something that is no image."""

import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from struct import pack

import pytest

from .loopback import LoopbackServer


def png_pixel(rgb: tuple[int, int, int] = (200, 220, 240)) -> bytes:
    """A 1×1 PNG of one colour (a tile's bytes, valid for any image decoder)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes(rgb))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@dataclass
class TileStandin(LoopbackServer):
    """The server and its script; ``reset()`` between tests."""

    hits: Counter = field(default_factory=Counter)
    user_agents: list[str] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0
    body: bytes = field(default_factory=png_pixel)

    def handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    @property
    def template(self) -> str:
        """The XYZ URL template for MAPFINDER_MAP_TILES."""
        return self.base_url + "/{z}/{x}/{y}.png"

    def reset(self) -> None:
        """Forget the hits; answer every tile with the PNG again."""
        self.hits.clear()
        self.user_agents.clear()
        self.status, self.delay, self.body = 200, 0.0, png_pixel()


def _handler_for(standin: TileStandin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            standin.hits[self.path] += 1
            standin.user_agents.append(self.headers.get("User-Agent", ""))
            time.sleep(standin.delay)
            ok = standin.status == 200
            data = standin.body if ok else b"<html>error</html>"
            try:
                self.send_response(standin.status)
                self.send_header("Content-Type", "image/png" if ok else "text/html")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args) -> None:
            pass

    return Handler


# Fixtures; a test module imports them (``from .tile_standin import tile_server, tile_standin``).
@pytest.fixture(scope="session")
def tile_server():
    """One stand-in tile server for the whole run."""
    server = TileStandin().start()
    yield server
    server.stop()


@pytest.fixture()
def tile_standin(tile_server, app, tmp_path, monkeypatch):
    """The stand-in as the app's proxied basemap, with an empty cache folder of this test."""
    tile_server.reset()
    monkeypatch.setitem(app.config, "MAP_TILES", tile_server.template)
    monkeypatch.setitem(app.config, "TILE_PROXY", True)
    monkeypatch.setitem(app.config, "TILE_CACHE_DIR", str(tmp_path / "tiles"))
    monkeypatch.setitem(app.config, "TILE_TIMEOUT", 1.0)
    yield tile_server
    tile_server.reset()
