"""Schedules: German partner text → rules (``german_text``), rules → the reader's language (``formatting``),
rules → iCal RRULE (``rrule``), rules → the next day (``next_date``). Leaves: no database, no request."""

from .formatting import format_schedule, format_schedules
from .german_text import ScheduleRule, parse_schedule_text
from .next_date import next_date
from .rrule import to_rrule

__all__ = ["ScheduleRule", "format_schedule", "format_schedules", "next_date", "parse_schedule_text", "to_rrule"]
