"""Finding numbers in free text: digits ("8,000.50", "10k", "1.2 million") and words ("eight thousand five hundred").

Shared by the amount, percentage and date parsers. A *run* is one number: consecutive digit tokens,
number words and scale words that read as one quantity. "8000 or 9000" is two runs, and so is
"eight thousand nine thousand", because the second part cannot extend the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
#: Abbreviated scales, read as scales only right after digits ("10k", "1.2m", "5 mm").
_SUFFIX_SCALES = {"k": 10**3, "m": 10**6, "mm": 10**6, "mil": 10**6, "bn": 10**9}
_HUNDRED = "hundred"

_TOKEN = re.compile(r"\d[\d,]*(?:\.\d*)?|\.\d+|[a-z]+|\S", re.IGNORECASE)
_GROUPED_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+")


@dataclass(frozen=True)
class NumberRun:
    """One number found in a text: its value, where it is, and how it was written."""

    value: Decimal
    start: int
    end: int
    #: the most digits written after a decimal point in the run ("8,000.505" -> 3)
    fraction_digits: int
    #: a scale word multiplied the digits ("1.2 million", "10k")
    scaled: bool
    #: at least one token was a number word ("eight thousand")
    has_words: bool
    #: a digit group was malformed ("10,00"): the caller should refuse it
    malformed: bool


@dataclass
class _Run:
    start: int
    end: int = 0
    total: Decimal = Decimal(0)
    current: Decimal = Decimal(0)
    last_scale: int = 0
    fraction_digits: int = 0
    scaled: bool = False
    has_words: bool = False
    malformed: bool = False
    after_digits: bool = False

    def freeze(self) -> NumberRun:
        return NumberRun(
            self.total + self.current, self.start, self.end, self.fraction_digits,
            self.scaled, self.has_words, self.malformed,
        )


def _read_digits(text: str) -> tuple[Decimal, int, bool]:
    """A digit token -> (value, digits after the point, malformed?)."""
    text = text.rstrip(",")
    malformed = _GROUPED_DIGITS.fullmatch(text) is None
    whole, _, fraction = text.partition(".")
    value = Decimal((whole.replace(",", "") or "0") + "." + (fraction or "0"))
    return value, len(fraction), malformed


def _can_add(current: Decimal, value: int) -> bool:
    """Whether the word for ``value`` may extend a run whose pending group is ``current``."""
    last_two = current % 100
    if value >= 10:  # ten..nineteen or a tens word: the group must end in 00
        return last_two == 0
    return last_two == 0 or (last_two >= 20 and last_two % 10 == 0)


def find_numbers(text: str) -> list[NumberRun]:
    """Every number in ``text``, in order; ``"about $1.2 million"`` -> one run of 1,200,000."""
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    runs: list[NumberRun] = []
    run: _Run | None = None

    def close() -> None:
        nonlocal run
        if run is not None:
            runs.append(run.freeze())
            run = None

    for index, (token, start, end) in enumerate(tokens):
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if token[0].isdigit() or (token[0] == "." and len(token) > 1):
            if run is not None and run.current != 0:
                close()
            if run is None:
                run = _Run(start)
            value, fraction_digits, malformed = _read_digits(token)
            run.current += value
            run.fraction_digits = max(run.fraction_digits, fraction_digits)
            run.malformed = run.malformed or malformed
            run.end = start + len(token.rstrip(","))
            run.after_digits = True
            continue
        scale = _SCALES.get(token) or (_SUFFIX_SCALES.get(token) if run is not None and run.after_digits else None)
        if scale is not None and run is not None and run.current != 0 and (run.last_scale == 0 or scale < run.last_scale):
            run.total += run.current * scale
            run.current = Decimal(0)
            run.last_scale = scale
            run.scaled = True
            run.end = end
        elif token == _HUNDRED and run is not None and 0 < run.current < 100 and run.current == int(run.current):
            run.current *= 100
            run.end = end
        elif token in _UNITS or token in _TEENS or token in _TENS:
            word_value = _UNITS.get(token, _TEENS.get(token, _TENS.get(token, 0)))
            if run is not None and (run.after_digits or not _can_add(run.current, word_value)):
                close()
            if run is None:
                run = _Run(start)
            run.current += word_value
            run.has_words = True
            run.end = end
        elif token in ("a", "an") and (following == _HUNDRED or following in _SCALES):
            close()
            run = _Run(start, end=end, current=Decimal(1), has_words=True)
        elif token in ("and", "-") and run is not None and (following in _UNITS or following in _TEENS or following in _TENS):
            pass  # "one hundred and five", "twenty-one"
        else:
            close()
            continue
        if run is not None:
            run.after_digits = False
    close()
    return runs


def replace_number_words(text: str) -> str:
    """Rewrite runs written in words as digits: ``"twenty-one days ago" -> "21 days ago"``; digits stay as written."""
    pieces: list[str] = []
    position = 0
    for run in find_numbers(text):
        if run.has_words:
            pieces.append(text[position:run.start])
            pieces.append(f"{run.value:f}")
            position = run.end
    pieces.append(text[position:])
    return "".join(pieces)


def iter_word_values() -> Iterator[tuple[str, int]]:
    """Every number word the reader knows, with its value (for tests and documentation)."""
    yield from _UNITS.items()
    yield from _TEENS.items()
    yield from _TENS.items()
