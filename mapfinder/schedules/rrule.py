"""A schedule rule as an iCalendar RRULE (RFC 5545), for calendar feeds."""

_KEYS = ("freq", "interval", "byday", "bymonthday", "count", "until")


def to_rrule(schedule) -> str | None:
    """``FREQ=WEEKLY;BYDAY=MO,WE`` for a recurring rule; None for a one-off date or a note."""
    freq = getattr(schedule.freq, "value", schedule.freq)
    if not freq:
        return None
    parts = [f"FREQ={freq}"]
    if (getattr(schedule, "interval", 1) or 1) > 1:
        parts.append(f"INTERVAL={schedule.interval}")
    byday = schedule.byday if isinstance(schedule.byday, str) else ",".join(schedule.byday or [])
    if byday:
        parts.append(f"BYDAY={byday}")
    if getattr(schedule, "bymonthday", None):
        parts.append(f"BYMONTHDAY={schedule.bymonthday}")
    if getattr(schedule, "count", None):
        parts.append(f"COUNT={schedule.count}")
    elif getattr(schedule, "until", None):
        parts.append(f"UNTIL={schedule.until:%Y%m%d}")
    return ";".join(parts)
