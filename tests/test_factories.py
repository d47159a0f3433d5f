"""The factories build valid records, so tests state only what they are about."""

from mapfinder.models import DistrictLevel


def test_every_factory_builds_a_flushed_record(make, client):
    organization = make.organization(name="Träger Fabrik")
    network = make.network(organizations=[organization])
    district = make.district(level=DistrictLevel.QUARTER)
    offer = make.offer(title="Fabrikprobe", places=[make.place(accessibility_detail="Rampe am Seiteneingang")])
    make.schedule(offer.at_places[0], "donnerstags 15:00–17:00")
    make.translation(offer, "tr", title="Fabrika denemesi")
    user = make.user(organization=organization)
    assert all(record.id for record in (organization, network, district, offer, user))
    assert user.check_password("correct horse battery staple")
    html = client.get(f"/offers/{offer.id}?lang=tr").data.decode()
    assert "Fabrika denemesi" in html and "Perşembe 15:00–17:00" in html
    assert '<span lang="de" dir="ltr">Rampe am Seiteneingang</span>' in html
