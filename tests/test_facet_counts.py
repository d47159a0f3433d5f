"""The finder's counts beside each filter: distinct offers (one at two places counts once), each count without its
own filter, ended and withdrawn offers left out, demo offers counted for the notice."""

from datetime import UTC, date, datetime, timedelta

from mapfinder.search import OfferFilters, category_counts, count_demo_offers, phase_counts

TERM = "Zählprobe"


def test_counts_are_of_distinct_visible_offers_without_their_own_filter(make):
    make.offer(title=f"A {TERM}", phases=("geburt",), categories=("familie",), places=[make.place(), make.place()])
    make.offer(title=f"B {TERM}", phases=("geburt", "jugend"), categories=("sprache",), is_demo=True)
    make.offer(title=f"C {TERM}", phases=("jugend",), ends_on=date.today() - timedelta(days=1))
    make.offer(title=f"D {TERM}", phases=("jugend",), verified_at=datetime.now(UTC) - timedelta(days=3 * 365))

    chosen = OfferFilters(q=TERM, phases=("geburt",), categories=("familie",))

    assert phase_counts(chosen) == {"geburt": 1}  # the category filter applies, the phase filter does not
    assert category_counts(chosen) == {"familie": 1, "sprache": 1}
    assert phase_counts(OfferFilters(q=TERM)) == {"geburt": 2, "jugend": 1}
    assert count_demo_offers(OfferFilters(q=TERM)) == 1
    assert count_demo_offers(chosen) == 0
