"""Picking claims in plain words."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from msp_assistant.access import MASK
from msp_assistant.claim_selection import SelectionError, select_claims


@dataclass(frozen=True)
class Listed:
    provider: str
    service_dates: tuple[date, date]


def on(day: date, provider: str) -> Listed:
    return Listed(provider, (day, day))


CLAIMS = [
    on(date(2024, 6, 1), "Mercy Hospital Emergency"),
    on(date(2024, 6, 15), "Lakeside Orthopedics"),
    on(date(2024, 12, 3), "Heart Center Cardiology"),
    on(date(2024, 12, 20), "Skin Dermatology Associates"),
    Listed("Valley Cardiology", (date(2025, 1, 5), date(2025, 1, 7))),
]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("2 and 5", [2, 5]),
        ("3, 4", [3, 4]),
        ("#3", [3]),
        ("claims 1-3", [1, 2, 3]),
        ("2 through 4", [2, 3, 4]),
        ("all of them", [1, 2, 3, 4, 5]),
        ("the cardiology ones", [3, 5]),
        ("the dermatology bill", [4]),
        ("the heart ones", [3]),
        ("all the ones from December", [3, 4]),
        ("December 2024", [3, 4]),
        ("the one on 12/20/2024", [4]),
        ("the visit on 01/06/2025", [5]),  # inside a multi-day claim
        ("the first and the last", [1, 5]),
        ("two and three", [2, 3]),
    ],
)
def test_selections(text: str, numbers: list[int]) -> None:
    assert [i + 1 for i in select_claims(text, CLAIMS)] == numbers


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9", "There are only 5 claims; I can't find number 9."),
        ("0 and 2", "There are only 5 claims; I can't find number 0."),
        ("the ones from March", "None of the claims has a service date then."),
        ("the one on 02/30/2024", "02/30/2024 is not a real date."),
        ("whatever", "I couldn't tell which claims you mean."),
    ],
)
def test_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(SelectionError) as refused:
        select_claims(text, CLAIMS)
    assert refused.value.message.startswith(message)


def test_masked_providers_cannot_be_picked_by_name() -> None:
    masked = [Listed(MASK, c.service_dates) for c in CLAIMS]
    with pytest.raises(SelectionError, match="masked"):
        select_claims("the cardiology ones", masked)
    assert select_claims("2 and 3", masked) == [1, 2]


def test_nothing_to_choose_from() -> None:
    with pytest.raises(SelectionError, match="no claims"):
        select_claims("1", [])
