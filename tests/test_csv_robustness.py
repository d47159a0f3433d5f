"""CSV imports lose nothing silently (issue 17): broken quotes are reported with their line, rows are split only at
real line ends, codes and web addresses are checked, and rows are committed in batches so a crash keeps earlier
rows and a rerun continues."""

import pytest
from sqlalchemy import func, select

from mapfinder.extensions import db
from mapfinder.importers.csv_import import import_offers_csv
from mapfinder.models import Offer, Place

PLACES_HEADER = "key,name,kind,street,postcode,languages,website\n"
OFFERS_HEADER = "key,title,phases,categories,description,languages\n"


def _write(tmp_path, text: str, name: str = "partner.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _offer(session, key: str) -> Offer | None:
    return session.scalar(select(Offer).where(Offer.key == key))


def test_an_unclosed_quote_is_reported_with_its_line_not_merged_silently(cli, session, tmp_path):
    path = _write(
        tmp_path,
        OFFERS_HEADER
        + (
            "q-1,Sprachcafé,lebenslang,sprache,Gut,de\n"
            'q-2,"Elterncafé,lebenslang,familie,Quote bleibt offen,de\n'
            "q-3,Krabbelgruppe,fruehe-kindheit,familie,Gut,de\n"
            'q-4,Lesestunde,grundschule,bildung,"Mit Komma, und Quote",de\n'
            "q-5,Schwimmkurs,grundschule,sport-freizeit,Gut,de\n"
        ),
    )
    result = cli.invoke(args=["import", "offers", str(path)])
    assert result.exit_code == 1, result.output
    assert "bad line 3" in result.output and "quote opened on line 3" in result.output
    assert _offer(session, "q-1") is not None and _offer(session, "q-5") is not None
    assert _offer(session, "q-2") is None  # never stored merged with the rows it swallowed


def test_a_quote_open_until_the_end_of_the_file_is_reported(cli, session, tmp_path):
    path = _write(
        tmp_path,
        OFFERS_HEADER + "q-1,Sprachcafé,lebenslang,sprache,Gut,de\n"
        'q-2,Elterncafé,lebenslang,familie,"offen bis zum Ende,de\nq-3,Kurs,jugend,sport-freizeit,x,de\n',
    )
    result = cli.invoke(args=["import", "offers", str(path)])
    assert result.exit_code == 1
    assert "bad line 3, field '(quotes)': a quote opened on line 3 is never closed" in result.output
    assert _offer(session, "q-1") is not None


def test_rows_end_only_at_real_line_ends(cli, session, tmp_path):
    path = _write(
        tmp_path,
        OFFERS_HEADER
        + (
            "s-1,Kurs\u2028Abend,lebenslang,sprache,Zeile eins\x0bZeile zwei\x0cZeile drei,de\n"
            "s-2,Treff,jugend,sport-freizeit,Gut,de\r\n"
            "s-3,Lauftreff,jugend,sport-freizeit,Gut,de\n"
        ),
    )
    result = cli.invoke(args=["import", "offers", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 rows, 3 imported, 0 bad" in result.output
    first = _offer(session, "s-1")
    assert first.title == "Kurs\u2028Abend" and first.description == "Zeile eins\nZeile zwei\nZeile drei"


@pytest.mark.parametrize(
    "languages, problem",
    [
        ("deutsch", "not an ISO 639-1 language code"),
        ("de;xx", "e.g. de, tr): xx"),
    ],
)
def test_language_codes_must_be_iso_639_1(cli, session, tmp_path, languages, problem):
    path = _write(
        tmp_path,
        OFFERS_HEADER + f"l-1,Kurs,jugend,sport-freizeit,x,{languages}\nl-2,Kurs,jugend,sport-freizeit,x,DE;tr\n",
    )
    result = cli.invoke(args=["import", "offers", str(path)])
    assert "bad line 2, field 'languages'" in result.output and problem in result.output
    assert _offer(session, "l-1") is None and _offer(session, "l-2").languages == ["de", "tr"]


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org", "www.example.org", "https://"]
)
def test_web_addresses_must_be_http_or_https(cli, session, tmp_path, website):
    path = _write(
        tmp_path,
        PLACES_HEADER + f'w-1,Treff,treff,Bruchstraße 3,45468,de,"{website}"\n'
        "w-2,Treff 2,treff,Bruchstraße 5,45468,de,https://example.org/treff\n",
    )
    result = cli.invoke(args=["import", "places", str(path)])
    assert "bad line 2, field 'website'" in result.output
    assert session.scalar(select(Place).where(Place.key == "w-1")) is None
    assert session.scalar(select(Place).where(Place.key == "w-2")).website == "https://example.org/treff"


def test_control_characters_are_refused_on_import(cli, session, tmp_path):
    path = _write(
        tmp_path,
        OFFERS_HEADER + "c-1,Kurs\x01,jugend,sport-freizeit,x,de\nc-2,Kurs,jugend,sport-freizeit,x\x00y,de\n"
        "c-3,Kurs,jugend,sport-freizeit,gut,de\n",
    )
    result = cli.invoke(args=["import", "offers", str(path)])
    assert "bad line 2, field 'title': contains a control character" in result.output
    assert "bad line 3, field 'description': contains a control character" in result.output
    assert _offer(session, "c-1") is None and _offer(session, "c-3") is not None


class Crash(Exception):
    """The process dies in the middle of an import."""


def _crashing_after(count: int):
    def each(rows):
        for number, row in enumerate(rows, start=1):
            if number > count:
                raise Crash(f"crashed before row {number}")
            yield row

    return each


def _count(session, prefix: str) -> int:
    return session.scalar(select(func.count(Offer.id)).where(Offer.key.like(f"{prefix}%")))


def test_a_crash_keeps_the_committed_batches_and_a_rerun_continues(session, tmp_path):
    rows = "".join(f"b-{n:02d},Kurs {n},jugend,sport-freizeit,x,de\n" for n in range(1, 11))
    path = _write(tmp_path, OFFERS_HEADER + rows)
    with pytest.raises(Crash):
        import_offers_csv(path, each=_crashing_after(7), batch_size=3)
    db.session.rollback()
    assert _count(session, "b-") == 6  # two whole batches survive; the third was cut off by the crash
    report = import_offers_csv(path, batch_size=3)
    assert report.rows == 10 and len(report.imported) == 10 and not report.bad_rows
    assert _count(session, "b-") == 10
    import_offers_csv(path, batch_size=3)
    assert _count(session, "b-") == 10  # idempotent: a second rerun adds nothing
