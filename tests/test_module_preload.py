"""A page names every JavaScript module it will load in its head, and the finder asks for its first map points there,
so the browser fetches them while the scripts load instead of one level of imports after the other."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from mapfinder.module_preload import _module_graph
from mapfinder.municipality import current_municipality


def link_hrefs(html: str, rel: str) -> list[str]:
    return re.findall(rf'<link rel="{rel}"[^>]*href="([^"]+)"', html)


def first_points(client, url: str, status: int = 200) -> tuple[str, list[tuple[str, str]]]:
    response = client.get(url)
    assert response.status_code == status
    (href,) = re.findall(
        r'<link rel="preload" as="fetch" crossorigin="anonymous" id="first-points" href="([^"]+)"',
        response.get_data(as_text=True),
    )
    parts = urlsplit(href.replace("&amp;", "&"))
    return parts.path, parse_qsl(parts.query)


def test_the_graph_follows_every_relative_import_once(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "app" / "main.js").write_text(
        'import {a,\n  b} from "./a.js";\nimport "../lib/side.js";\nimport L from "leaflet";\n'
        'export {c} from "./c.js";\nimport {gone} from "./gone.js";\nconst text = "import x from \'./no.js\'";\n'
    )
    (tmp_path / "app" / "a.js").write_text('import {main} from "./main.js";\nimport {c} from "./c.js";\n')
    (tmp_path / "app" / "c.js").write_text("export const c = 1;\n")
    (tmp_path / "lib" / "side.js").write_text("window.side = true;\n")
    (tmp_path / "app" / "no.js").write_text("export const no = 1;\n")
    assert _module_graph(tmp_path, ("app/main.js",)) == ("app/main.js", "app/a.js", "lib/side.js", "app/c.js")


def test_an_import_outside_the_static_folder_is_left_out(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "outside.js").write_text("export const secret = 1;\n")
    (tmp_path / "static" / "main.js").write_text('import {secret} from "../outside.js";\n')
    assert _module_graph(tmp_path / "static", ("main.js",)) == ("main.js",)


def test_the_finder_preloads_every_module_it_loads_and_each_is_served(client):
    html = client.get("/").get_data(as_text=True)
    preloads = link_hrefs(html, "modulepreload")
    assert len(preloads) == len(set(preloads))
    # The entries and modules four imports deep (main → list → meta, main → offer-markers → … → marker-keys).
    for module in ("finder/main.js", "finder/street-field.js", "map/page.js", "finder/meta.js", "map/marker-keys.js"):
        assert f"/static/js/{module}" in preloads
    for href in preloads:
        response = client.get(href)
        assert response.status_code == 200 and "javascript" in response.mimetype
        response.close()


def test_the_first_points_are_the_map_filters_at_the_opening_zoom(client, app):
    with app.test_request_context():
        zoom = str(current_municipality().zoom)
    path, query = first_points(client, "/?q=Kurs&phase=geburt&phase=fruehe-kindheit&district=styrum&page=2&address=")
    assert path == "/api/v1/offers/points"
    # The list's own parameters (page, address) and empty ones are left out; the order and repeats stay.
    expected = [("q", "Kurs"), ("phase", "geburt"), ("phase", "fruehe-kindheit"), ("district", "styrum")]
    assert query == [*expected, ("zoom", zoom)]


def test_the_first_points_are_near_the_resolved_address(client, monkeypatch):
    from mapfinder.pages import finder
    from mapfinder.pages.finder import NearPoint

    monkeypatch.setattr(finder, "locate_address", lambda address, **_: NearPoint(51.4537, 6.8656, address))
    _, query = first_points(client, "/?address=Schlo%C3%9Fstra%C3%9Fe+1&radius=2000")
    assert ("near", "51.4537,6.8656") in query and ("radius", "2000") in query
    assert not any(name == "address" for name, _ in query)


@pytest.mark.parametrize("bad", ["phase=keine-phase", "age=alt", "radius=-5"])
def test_a_dropped_parameter_stays_out_of_the_first_points(client, bad):
    _, query = first_points(client, f"/?district=styrum&{bad}", status=400)
    name = bad.split("=")[0]
    assert ("district", "styrum") in query and not any(key == name for key, _ in query)
