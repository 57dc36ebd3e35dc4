"""The one clock for "today".

Everything that needs today's date asks :func:`today`. ``MSP_TODAY=YYYY-MM-DD`` pins it for demos and
tests; the rules engine never reads a clock itself, it is always handed this value.
"""
from __future__ import annotations

import os
from datetime import date
from typing import Mapping

TODAY_VARIABLE = "MSP_TODAY"


def today(env: Mapping[str, str] | None = None) -> date:
    """Return ``MSP_TODAY`` when set, else the system date.

    Raises ``ValueError`` with a plain message when ``MSP_TODAY`` is not an ISO date.
    """
    value = (os.environ if env is None else env).get(TODAY_VARIABLE, "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{TODAY_VARIABLE} must be a date written YYYY-MM-DD, not {value!r}") from None
