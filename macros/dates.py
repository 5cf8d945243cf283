"""Dates as the site writes and counts them: one copy of each rule."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def long_date(day: dt.date) -> str:
    """'1 December 2026': how every page and document writes a date."""
    return f"{day.day} {day:%B %Y}"


def parse_date(value: Any) -> dt.date | None:
    """A date given as a date or as YYYY-MM-DD text; None for anything else."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
