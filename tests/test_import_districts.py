"""`flask geodata import-districts`: official boundaries replace the derived ones and every place moves with them."""

import json

import shapefile
from sqlalchemy import select, text

from mapfinder.models import District, DistrictLevel, Place

# A point in Dümpten near the Styrum border; the "official" file below hands the area around it to Styrum.
MOVED_POINT = (6.8850, 51.4560)


def _official_stadtteile(session, *, srid: int) -> list[tuple[str, dict]]:
    """The nine Stadtteile as an official file would have them: Styrum grows by 400 m into Dümpten."""
    rows = session.execute(
        text(
            "WITH moved AS (SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 400)::geometry"
            " AS g)"
            " SELECT d.name, ST_AsGeoJSON(ST_Transform(CASE"
            "   WHEN d.slug = 'styrum' THEN ST_Multi(ST_Union(d.geom, ST_Intersection(moved.g, duempten.geom)))"
            "   WHEN d.slug = 'duempten' THEN ST_Multi(ST_Difference(d.geom, moved.g))"
            "   ELSE d.geom END, :srid), 6)"
            " FROM districts d, moved, districts duempten"
            " WHERE d.level = 'stadtteil' AND duempten.slug = 'duempten' ORDER BY d.name"
        ),
        {"lon": MOVED_POINT[0], "lat": MOVED_POINT[1], "srid": srid},
    ).all()
    return [(name, json.loads(geometry)) for name, geometry in rows]


def test_geojson_import_replaces_stadtteile_and_reassigns_places(cli, session, make, tmp_path):
    place = make.place(lon=MOVED_POINT[0], lat=MOVED_POINT[1])
    assert place.stadtteil.slug == "duempten"
    features = [
        {"type": "Feature", "properties": {"STT_NAME": name}, "geometry": geometry}
        for name, geometry in _official_stadtteile(session, srid=4326)
    ]
    path = tmp_path / "stadtteile.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")

    result = cli.invoke(
        args=["geodata", "import-districts", str(path), "--level", "stadtteil", "--name-field", "STT_NAME"]
    )

    assert result.exit_code == 0, result.output
    session.expire_all()
    assert session.get(Place, place.id).stadtteil.slug == "styrum"
    stadtteile = session.scalars(select(District).where(District.level == DistrictLevel.STADTTEIL)).all()
    assert len(stadtteile) == 9 and not any(d.approximate for d in stadtteile)
    assert {d.slug: d.parent.slug for d in stadtteile}["styrum"] == "rechtsruhr-nord"


def test_shapefile_in_utm32_is_reprojected(cli, session, make, tmp_path):
    place = make.place(lon=MOVED_POINT[0], lat=MOVED_POINT[1])
    path = tmp_path / "stadtteile.shp"
    with shapefile.Writer(str(path), shapeType=shapefile.POLYGON) as writer:
        writer.field("NAME", "C", size=60)
        for name, geometry in _official_stadtteile(session, srid=25832):
            writer.shape(geometry)
            writer.record(name)
    path.with_suffix(".prj").write_text('PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89"]]')

    result = cli.invoke(args=["geodata", "import-districts", str(path), "--level", "stadtteil", "--name-field", "NAME"])

    assert result.exit_code == 0, result.output
    session.expire_all()
    assert session.get(Place, place.id).stadtteil.slug == "styrum"
    # reprojected back to lon/lat: the Stadtteile still cover the schools
    assert session.scalar(text("SELECT count(*) FROM places WHERE key LIKE 'school-%' AND stadtteil_id IS NULL")) == 0


def test_a_file_without_the_name_field_loads_nothing(cli, session, tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"other": "x"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[6.8, 51.4], [6.9, 51.4], [6.9, 51.5], [6.8, 51.4]]],
                        },
                    }
                ],
            }
        )
    )
    result = cli.invoke(args=["geodata", "import-districts", str(path), "--level", "stadtteil", "--name-field", "NAME"])
    assert result.exit_code != 0
    assert "broken.geojson: feature 1, field 'NAME': missing" in result.output
    assert session.scalar(select(District).where(District.slug == "styrum")).approximate is True


def test_a_file_with_a_point_geometry_is_refused(cli, tmp_path):
    path = tmp_path / "points.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"NAME": "Styrum"},
                        "geometry": {"type": "Point", "coordinates": [6.8, 51.4]},
                    }
                ],
            }
        )
    )
    result = cli.invoke(args=["geodata", "import-districts", str(path), "--level", "stadtteil", "--name-field", "NAME"])
    assert result.exit_code != 0
    assert "field 'geometry': not a polygon" in result.output
