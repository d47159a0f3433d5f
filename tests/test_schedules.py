"""Schedules are data: German partner text is read into rules, and rules are shown in the reader's language."""

from datetime import time

import pytest
from flask_babel import force_locale

from mapfinder.schedules import format_schedules, parse_schedule_text, to_rrule


def test_weekly_days_and_times_are_read_from_german_text():
    [rule] = parse_schedule_text("montags und mittwochs 8:30–11:30")
    assert (rule.freq, rule.byday, rule.opens_at, rule.closes_at, rule.notes) == (
        "WEEKLY",
        ["MO", "WE"],
        time(8, 30),
        time(11, 30),
        None,
    )


def test_day_ranges_several_rules_and_remarks_are_kept():
    rules = parse_schedule_text("Herbstferien, Mo–Mi 10:00–15:00, Fr 9–12 Uhr")
    assert [rule.byday for rule in rules] == [["MO", "TU", "WE"], ["FR"]]
    assert rules[0].notes == "Herbstferien" and rules[1].closes_at == time(12)


def test_monthly_and_fortnightly_rules():
    [monthly] = parse_schedule_text("jeden ersten Montag im Monat 9:00–12:00")
    [fortnightly] = parse_schedule_text("jeden zweiten Dienstag 10:00–10:45")
    assert (monthly.freq, monthly.byday) == ("MONTHLY", ["1MO"])
    assert (fortnightly.freq, fortnightly.interval, fortnightly.byday) == ("WEEKLY", 2, ["TU"])
    assert to_rrule(monthly) == "FREQ=MONTHLY;BYDAY=1MO"
    assert to_rrule(fortnightly) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


def test_text_that_is_no_rule_stays_a_note_and_words_are_not_mistaken_for_days():
    assert [(r.freq, r.notes) for r in parse_schedule_text("nach Vereinbarung")] == [(None, "nach Vereinbarung")]
    [rule] = parse_schedule_text("Sommerferien, wochenweise")
    assert rule.freq is None and rule.notes == "Sommerferien, wochenweise"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("de", "Dienstag 09:30–11:00"),
        ("fr", "mardi 09:30–11:00"),
        ("tr", "Salı 09:30–11:00"),
        ("uk", "вівторок 09:30–11:00"),
        ("en", "Tuesday 9:30\u202fAM–11:00\u202fAM"),
    ],
)
def test_a_rule_is_formatted_from_data_in_the_readers_locale(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        [formatted] = format_schedules(parse_schedule_text("dienstags 9:30–11:00"), locale)
    assert formatted.text == expected


def test_runs_of_days_are_shortened_and_phrases_translated(app):
    with app.test_request_context():
        german = [f.text for f in format_schedules(parse_schedule_text("Mo–Fr bis 16:00, täglich 8–22"), "de")]
        turkish = [f.text for f in format_schedules(parse_schedule_text("jeden ersten Mittwoch im Monat"), "tr")]
    assert german == ["Mo.–Fr. bis 16:00", "täglich 08:00–22:00"]
    assert turkish == ["her ayın ilk Çarşamba günü"]
