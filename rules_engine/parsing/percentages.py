"""parse_percentage: the attorney fee percentage, a whole number."""

from __future__ import annotations

import re

from rules_engine.errors import AnswerError
from rules_engine.number_words import find_numbers

#: Common fractions people say for a contingency fee, as the whole percentage the MSPRP takes.
#: "A third" (33 1/3%) is entered as 33 because the field takes whole numbers only.
_FRACTIONS = {
    "third": 33, "a third": 33, "one third": 33, "one-third": 33,
    "half": 50, "a half": 50, "one half": 50, "one-half": 50,
    "quarter": 25, "a quarter": 25, "one quarter": 25, "one-quarter": 25, "a fourth": 25, "one fourth": 25,
}
_DECORATION = re.compile(r"\s*(?:%|percent|per cent|pct)\s*$")
_FRACTION_WRITTEN = re.compile(r"\d\s*/\s*\d")
_NEGATIVE = re.compile(r"^(?:-|\u2212|minus\b|negative\b)")

NO_PERCENTAGE = "I couldn't find a percentage in that. Please give a whole number, like 33."
WHOLE_ONLY = "The fee percentage must be a whole number (no fractions or decimals), like 33."
SEVERAL = "That looks like more than one percentage. Please give just one whole number, like 33."
NEGATIVE = "The fee percentage can't be negative. Please give a whole number, like 33."


def parse_percentage(text: str) -> int:
    """Read the attorney fee percentage: "33", "33%", "33 percent", "thirty-three percent",
    "a third"/"one third" -> 33, "half" -> 50, "a quarter" -> 25.

    Refuses "33.5" and "33 1/3" with a message saying whole numbers only. Source: Settlement
    Information Help, Table 2, Attorney Fee Percentage: "Enter a whole number between 1 and 100
    (Fractions or percentages are not allowed)". The 1-100 bounds are checked by the validator
    (``validate_field("attorney_fee_percentage", ...)``), which cites them.
    """
    cleaned = _DECORATION.sub("", " ".join(text.lower().split()).strip(" ."))
    if cleaned in _FRACTIONS:
        return _FRACTIONS[cleaned]
    if _NEGATIVE.match(cleaned):
        raise AnswerError(NEGATIVE)
    if _FRACTION_WRITTEN.search(cleaned):
        raise AnswerError(WHOLE_ONLY)
    runs = find_numbers(cleaned)
    if not runs:
        raise AnswerError(NO_PERCENTAGE)
    if len(runs) > 1:
        raise AnswerError(SEVERAL)
    value = runs[0].value
    if value != value.to_integral_value():
        raise AnswerError(WHOLE_ONLY)
    return int(value)
