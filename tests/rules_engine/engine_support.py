"""Constants shared by the rules engine tests (a uniquely named module: every test folder has a conftest)."""

from __future__ import annotations

from datetime import date

#: A Wednesday; 2025-05-26 (Memorial Day) is a holiday in the following weeks.
TODAY = date(2025, 5, 7)
