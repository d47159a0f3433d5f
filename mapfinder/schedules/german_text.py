"""Partners write times in German ("montags und mittwochs 9:30–11:00", "Mo–Fr 7:30–16:30, Sa 10–14",
"jeden ersten Montag im Monat 9:00–12:00"). This turns such text into HSDS schedule rules; what is not a rule
("nach Vereinbarung", "(45 Wochenstunden)", "5 Termine") stays as a German note, so nothing is lost."""

import re
from dataclasses import dataclass, field
from datetime import time

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_WORDS = {
    "mo": "MO",
    "montag": "MO",
    "montags": "MO",
    "di": "TU",
    "dienstag": "TU",
    "dienstags": "TU",
    "mi": "WE",
    "mittwoch": "WE",
    "mittwochs": "WE",
    "do": "TH",
    "donnerstag": "TH",
    "donnerstags": "TH",
    "fr": "FR",
    "freitag": "FR",
    "freitags": "FR",
    "sa": "SA",
    "samstag": "SA",
    "samstags": "SA",
    "so": "SU",
    "sonntag": "SU",
    "sonntags": "SU",
}
_ORDINALS = {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "letzten": -1}
_DAY = r"(?:montags?|dienstags?|mittwochs?|donnerstags?|freitags?|samstags?|sonntags?|mo|di|mi|do|fr|sa|so)\b\.?"
_DASH = r"\s*[–—-]\s*"
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_TIMES = re.compile(rf"(?:(?:von\s+)?{_TIME}{_DASH}{_TIME}|bis\s+{_TIME})(?:\s*uhr)?", re.IGNORECASE)
_DAYS = re.compile(rf"^(?:{_DAY})(?:(?:{_DASH}|\s*,\s*|\s+und\s+){_DAY})*", re.IGNORECASE)
_MONTHLY = re.compile(rf"^jeden\s+({'|'.join(_ORDINALS)})\s+({_DAY})\s+im\s+monat", re.IGNORECASE)
_FORTNIGHTLY = re.compile(rf"^jeden\s+zweiten\s+({_DAY})", re.IGNORECASE)
_TIME_THEN_DAY = re.compile(rf"(\d)\s+und\s+(?={_DAY})", re.IGNORECASE)
_DAILY = re.compile(r"^(?:täglich|jeden tag)", re.IGNORECASE)


@dataclass
class ScheduleRule:
    """One rule: weekly or monthly days with times, or only a note."""

    freq: str | None = None
    byday: list[str] = field(default_factory=list)
    interval: int = 1
    opens_at: time | None = None
    closes_at: time | None = None
    notes: str | None = None


def parse_schedule_text(text: str | None) -> list[ScheduleRule]:
    """Rules read from German text; unrecognised words become the note of the rule they belong to."""
    text = " ".join((text or "").split())
    if not text:
        return []
    rules, leftovers = [], []
    for part in _parts(text):
        rule = _parse_part(part)
        if rule is None:
            leftovers.append(part)
        else:
            rules.append(rule)
    note = ", ".join(leftovers) or None
    if not rules:
        return [ScheduleRule(notes=text)]
    if note:
        rules[0].notes = ", ".join(filter(None, [rules[0].notes, note]))
    return rules


def _parts(text: str) -> list[str]:
    """Comma- or semicolon-separated parts; a bare list of days ("Mo, Mi und Fr …") stays with what follows."""
    parts: list[str] = []
    pending = ""
    for part in re.split(r"\s*[,;]\s*", _TIME_THEN_DAY.sub(r"\1, ", text)):
        if _DAYS.fullmatch(part.strip()):
            pending = f"{pending}, {part}" if pending else part
            continue
        parts.append(f"{pending}, {part}" if pending and _DAYS.match(part) else part)
        if pending and not _DAYS.match(part):
            parts.insert(len(parts) - 1, pending)
        pending = ""
    return parts + ([pending] if pending else [])


def _parse_part(part: str) -> ScheduleRule | None:
    """One comma-separated part: days, then times, then an optional remark."""
    part = part.strip()
    monthly = _MONTHLY.match(part)
    if monthly:
        day = _DAY_WORDS[monthly.group(2).lower().rstrip(".")]
        rule, rest = ScheduleRule("MONTHLY", [f"{_ORDINALS[monthly.group(1).lower()]}{day}"]), part[monthly.end() :]
    elif fortnightly := _FORTNIGHTLY.match(part):
        rule = ScheduleRule("WEEKLY", _expand_days(fortnightly.group(1)), interval=2)
        rest = part[fortnightly.end() :]
    elif daily := _DAILY.match(part):
        rule, rest = ScheduleRule("WEEKLY", list(DAY_CODES)), part[daily.end() :]
    elif days := _DAYS.match(part):
        rule, rest = ScheduleRule("WEEKLY", _expand_days(days.group(0))), part[days.end() :]
    else:
        return None
    times = _TIMES.search(rest)
    if times is None:
        return _with_note(rule, rest)
    rule.opens_at, rule.closes_at = _times(times)
    return _with_note(rule, rest[: times.start()] + rest[times.end() :])


def _with_note(rule: ScheduleRule, rest: str) -> ScheduleRule:
    note = rest.strip(" ,;")
    rule.notes = note or None
    return rule


def _times(match: re.Match) -> tuple[time | None, time | None]:
    h1, m1, h2, m2, until_h, until_m = match.groups()
    if until_h is not None:
        return None, _clock(until_h, until_m)
    return _clock(h1, m1), _clock(h2, m2)


def _clock(hours: str, minutes: str | None) -> time:
    hour = int(hours)
    return time(0, 0) if hour == 24 else time(hour, int(minutes or 0))


def _expand_days(text: str) -> list[str]:
    """``Mo–Fr`` → MO…FR; ``Mo, Mi und Fr`` → MO, WE, FR; in the week's order, without repeats."""
    codes: list[str] = []
    for chunk in re.split(r"\s*,\s*|\s+und\s+", text.strip()):
        ends = [_DAY_WORDS[word.lower().rstrip(".")] for word in re.split(_DASH, chunk) if word]
        if len(ends) == 2:
            first, last = DAY_CODES.index(ends[0]), DAY_CODES.index(ends[1])
            codes.extend(DAY_CODES[first : last + 1] if first <= last else DAY_CODES[first:] + DAY_CODES[: last + 1])
        else:
            codes.extend(ends)
    return sorted(dict.fromkeys(codes), key=DAY_CODES.index)
