"""Which claims the user means, in plain words: "2 and 5", "claims 1-3", "all of them",
"the cardiology ones", "all the ones from December", "the one on 09/03/2024".

Claims are numbered as the bot listed them (1-based). Provider words only work where the provider
names are shown to this user (masked names match nothing, and the user is told to pick by number).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol, Sequence

from msp_assistant.access import MASK

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10}
FILLER = {"the", "ones", "one", "claim", "claims", "from", "in", "on", "and", "or", "for", "all", "of", "them",
          "those", "these", "please", "number", "numbers", "dispute", "i", "want", "to", "with", "at", "by",
          "bills", "bill", "visits", "visit", "that", "were", "was", "are", "is", "not", "related", "unrelated",
          "only", "just", "a", "an", "my", "me", "to", "through", "thru", "last", "both"}
US_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
RANGE = re.compile(r"\b(\d{1,2})\s*(?:-|to|through|thru)\s*(\d{1,2})\b")


class ListedClaim(Protocol):
    provider: str
    service_dates: tuple[date, date]


class SelectionError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class _Words:
    text: str

    @property
    def tokens(self) -> list[str]:
        return re.findall(r"[a-z]+|\d+", self.text.lower())


def _by_dates(text: str, claims: Sequence[ListedClaim]) -> set[int]:
    chosen: set[int] = set()
    for month, day, year in US_DATE.findall(text):
        try:
            wanted = date(int(year), int(month), int(day))
        except ValueError:
            raise SelectionError(f"{month}/{day}/{year} is not a real date.") from None
        chosen |= {i for i, c in enumerate(claims) if c.service_dates[0] <= wanted <= c.service_dates[1]}
    return chosen


def _by_months(tokens: list[str], claims: Sequence[ListedClaim]) -> tuple[set[int], bool]:
    # "may" is a month only when it reads like one ("the ones in May"), not in "may I dispute ...".
    months = [MONTHS[t] for t in tokens if t in MONTHS and (t != "may" or "in" in tokens)]
    years = [int(t) for t in tokens if len(t) == 4 and t.isdigit()]
    if not months:
        return set(), False
    chosen = {i for i, c in enumerate(claims)
              if c.service_dates[0].month in months and (not years or c.service_dates[0].year in years)}
    return chosen, True


def _by_numbers(text: str, tokens: list[str], count: int) -> set[int]:
    numbers: set[int] = set()
    for low, high in RANGE.findall(text):
        numbers |= set(range(int(low), int(high) + 1))
    without_ranges = RANGE.sub(" ", text)
    numbers |= {int(n) for n in re.findall(r"(?<![\d/])\b(\d{1,2})\b(?![\d/])", without_ranges)}
    numbers |= {NUMBER_WORDS[t] for t in tokens if t in NUMBER_WORDS and t != "one"}
    numbers |= {ORDINALS[t] for t in tokens if t in ORDINALS}
    if "last" in tokens and count:
        numbers.add(count)
    outside = sorted(n for n in numbers if not 1 <= n <= count)
    if outside:
        raise SelectionError(f"There are only {count} claims; I can't find number {outside[0]}.")
    return {n - 1 for n in numbers}


def _by_provider(tokens: list[str], claims: Sequence[ListedClaim]) -> tuple[set[int], list[str]]:
    words = [t for t in tokens if t.isalpha() and t not in FILLER and t not in MONTHS and t not in ORDINALS
             and t not in NUMBER_WORDS and len(t) > 2]
    chosen: set[int] = set()
    for word in words:
        stem = word[:-1] if word.endswith("s") else word
        stem = re.sub(r"(ic|y|ist|ists)$", "", stem) or stem
        chosen |= {i for i, c in enumerate(claims) if c.provider != MASK and stem in c.provider.lower()}
    return chosen, words


def select_claims(text: str, claims: Sequence[ListedClaim]) -> list[int]:
    """0-based indexes of the claims the user picked; SelectionError with a plain reason otherwise."""
    if not claims:
        raise SelectionError("There are no claims to choose from.")
    tokens = _Words(text).tokens
    if {"all", "every", "everything"} & set(tokens) and not (set(tokens) & set(MONTHS)) and not US_DATE.search(text):
        if not [t for t in _by_provider(tokens, claims)[1]]:
            return list(range(len(claims)))
    chosen = _by_dates(text, claims)
    by_month, named_month = _by_months(tokens, claims)
    chosen |= by_month
    chosen |= _by_numbers(US_DATE.sub(" ", text), tokens, len(claims)) if not named_month else set()
    by_provider, words = _by_provider(tokens, claims)
    if words and not by_provider and all(c.provider == MASK for c in claims):
        raise SelectionError("Provider names are masked for you, so please pick the claims by their numbers.")
    chosen |= by_provider
    if not chosen:
        if named_month or US_DATE.search(text):
            raise SelectionError("None of the claims has a service date then. Please pick them by number.")
        raise SelectionError("I couldn't tell which claims you mean. Please give their numbers, like \"2 and 5\".")
    return sorted(chosen)
