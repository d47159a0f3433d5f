"""`flask demo generate`: a reproducible synthetic data set, inside the city, replaced on each run."""

from sqlalchemy import func, select

from mapfinder.models import Offer, Place


def _synthetic(session) -> list[tuple]:
    return session.execute(
        select(Offer.key, Offer.title, Offer.min_age).where(Offer.key.startswith("synthetic-")).order_by(Offer.key)
    ).all()


def test_generate_is_reproducible_and_replaces_the_previous_set(cli, session):
    assert cli.invoke(args=["demo", "generate", "--offers", "90", "--seed", "7"]).exit_code == 0
    first = _synthetic(session)
    assert cli.invoke(args=["demo", "generate", "--offers", "90", "--seed", "7"]).exit_code == 0
    assert _synthetic(session) == first and len(first) == 90
    assert cli.invoke(args=["demo", "generate", "--offers", "30", "--seed", "8"]).exit_code == 0
    assert len(_synthetic(session)) == 30


def test_generated_places_lie_in_the_city_and_are_assigned(cli, session):
    cli.invoke(args=["demo", "generate", "--offers", "60", "--seed", "3"])
    unassigned = session.scalar(
        select(func.count()).where(Place.key.startswith("synthetic-"), Place.quarter_id.is_(None))
    )
    assert unassigned == 0
    offers = session.scalars(select(Offer).where(Offer.key.startswith("synthetic-"))).all()
    assert all(offer.is_demo and offer.phases and offer.categories and offer.places for offer in offers)


def test_generate_refuses_a_count_below_one(cli):
    result = cli.invoke(args=["demo", "generate", "--offers", "0"])
    assert result.exit_code != 0 and "--offers" in result.output
