"""French formatting shared by several stages (an edition's review dates, page footers).

Standard library only; imports nothing of the generator, so any stage may use it.
"""
from __future__ import annotations

import datetime as dt

FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]


def french_date(day: dt.date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {FRENCH_MONTHS[day.month - 1]} {day.year}"
