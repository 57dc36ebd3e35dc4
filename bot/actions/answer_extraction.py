"""Finding the Notice of Settlement answers in one free-text message.

A spaCy blank English pipeline (tokenizer only; no model is downloaded) with an EntityRuler finds the
values (money, dates, percentages), the words that name a field ("attorney fees", "MedPay") and the
words that choose an option ("slip and fall", "no lawyer"). Each value is paired with the nearest cue
word; the rules engine parsers then read the value's text, so the matcher never decides what a number
is worth. The pipeline is built once, on first use, never at import.

"We settled a slip and fall for $8,000 on March 3, attorney fees $2,666.67" reads as: injury type
traumatic, settlement amount "$ 8,000", settlement date "March 3", attorney fees "$ 2,666.67" (and so
the "attorney fees" settlement detail).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from bot.actions.presentation import CASE_ID_IN_TEXT
from rules_engine import AnswerError

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
                "million", "and", "a"]

DIGITS = {"LIKE_NUM": True}
DAY = {"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}
SCALED = {"TEXT": {"REGEX": r"^\d+(\.\d+)?[kKmM]$"}}
WORDS = {"LOWER": {"IN": NUMBER_WORDS}, "OP": "+"}


def _phrases(label: str, *phrases: str) -> list[dict[str, Any]]:
    """Phrase patterns, tokenized as the pipeline tokenizes ("non-physical" is three tokens)."""
    tokenizer = _blank().tokenizer
    return [{"label": label, "pattern": [{"LOWER": token.lower_} for token in tokenizer(phrase)]} for phrase in phrases]


@lru_cache(maxsize=1)
def _blank() -> Any:
    import spacy  # loading spaCy is not free, and nothing needs it at import time

    return spacy.blank("en")


def _patterns() -> list[dict[str, Any]]:
    """Every EntityRuler pattern. Longer matches win over shorter ones ("settlement date" is a date cue,
    not the settlement amount's)."""
    money = [
        [{"TEXT": "$"}, DIGITS], [{"TEXT": "$"}, SCALED], [{"TEXT": "$"}, DIGITS, {"LOWER": {"IN": ["k", "thousand", "million"]}}],
        [SCALED], [DIGITS, {"LOWER": {"IN": ["thousand", "million", "dollars", "usd"]}}],
        [WORDS, {"LOWER": {"IN": ["dollars", "bucks"]}}], [DIGITS],
    ]
    dates = [
        [{"LOWER": {"IN": MONTHS}}, {"TEXT": ".", "OP": "?"}, DAY, {"TEXT": ",", "OP": "?"}, {"SHAPE": "dddd", "OP": "?"}],
        [DAY, {"LOWER": "of", "OP": "?"}, {"LOWER": {"IN": MONTHS}}, {"TEXT": ",", "OP": "?"}, {"SHAPE": "dddd", "OP": "?"}],
        [{"TEXT": {"REGEX": r"^\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4})$"}}],
        [{"SHAPE": "dddd"}, {"TEXT": "-"}, {"SHAPE": {"IN": ["dd", "d"]}}, {"TEXT": "-"}, {"SHAPE": {"IN": ["dd", "d"]}}],
        [{"LOWER": {"IN": ["yesterday", "today"]}}],
        [{"LOWER": {"IN": ["last", "past", "previous"]}}, {"LOWER": {"IN": WEEKDAYS}}],
        [{"LOWER": {"IN": NUMBER_WORDS + ["a"]}, "OP": "+"}, {"LOWER": {"IN": ["day", "days", "week", "weeks"]}}, {"LOWER": "ago"}],
        [DIGITS, {"LOWER": {"IN": ["day", "days", "week", "weeks"]}}, {"LOWER": "ago"}],
    ]
    percents = [
        [DIGITS, {"LOWER": {"IN": ["%", "percent", "pct"]}}], [WORDS, {"LOWER": "percent"}],
        [{"LOWER": {"IN": ["a", "one"]}}, {"LOWER": {"IN": ["third", "quarter", "half", "fourth"]}}],
    ]
    patterns = [{"label": "MONEY", "pattern": p} for p in money]
    patterns += [{"label": "DATE", "pattern": p} for p in dates]
    patterns += [{"label": "PERCENT", "pattern": p} for p in percents]
    patterns += _phrases("CUE_settlement_amount", "amount", "settlement amount", "settled for", "settlement of",
                         "settlement was", "award", "judgment", "total")
    patterns += _phrases("CUE_settlement_date", "date", "settlement date", "dated", "signed")
    patterns += _phrases("CUE_attorney_fees", "fees", "fee", "attorney fees", "attorney's fees", "attorney fee",
                         "legal fees", "lawyer fees", "lawyer's fees", "attorney", "lawyer")
    patterns += _phrases("CUE_attorney_expenses", "expenses", "costs", "attorney expenses", "attorney costs",
                         "legal expenses", "legal costs")
    patterns += _phrases("CUE_med_pip_exclusions", "medpay", "med pay", "med-pay", "med / pip", "med/pip", "pip",
                         "exclusions", "exclusion", "personal injury protection", "medical payments")
    patterns += _phrases("CHOICE_traumatic", "traumatic", "traumatic injury", "slip and fall", "slipped", "fell",
                         "fall", "car accident", "auto accident", "car crash", "crash", "collision", "accident",
                         "rear-ended", "rear ended", "physical injury", "broke", "broken", "hit by")
    patterns += _phrases("CHOICE_non_physical_trauma", "non-physical", "non physical", "nonphysical",
                         "non-physical trauma-based", "exposure", "exposed", "implant", "implanted", "implantation",
                         "ingestion", "ingested", "asbestos", "toxic", "medication", "drug", "device")
    patterns += _phrases("CHOICE_none", "none", "no attorney", "no lawyer", "no attorney fees", "no fees",
                         "no legal fees", "without an attorney", "without a lawyer", "did not have a lawyer",
                         "didn't have a lawyer", "didn't have an attorney", "did not have an attorney", "nothing",
                         "no")
    patterns += _phrases("CHOICE_fixed_percentage", "fixed percentage", "fixed percentage option", "fpo",
                         "option 4")
    patterns += _phrases("CHOICE_attorney_fee_percentage", "percentage", "fee percentage", "attorney fee percentage",
                         "contingency", "contingency fee", "percent", "option 3")
    patterns += _phrases("CHOICE_attorney_fees", "dollar amount", "dollar amounts", "option 2")
    return patterns


@lru_cache(maxsize=1)
def nlp() -> Any:
    """The blank English pipeline with our EntityRuler (built on first use, then shared)."""
    pipeline = _blank()
    ruler = pipeline.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(_patterns())
    return pipeline


@dataclass(frozen=True)
class Span:
    label: str
    text: str
    start: int
    end: int


def spans(text: str) -> list[Span]:
    doc = nlp()(text or "")
    return [Span(ent.label_, ent.text, ent.start, ent.end) for ent in doc.ents]


# --- choices -----------------------------------------------------------------------------------------

CHOICE_FIELDS = {
    "injury_type": ("traumatic", "non_physical_trauma"),
    "details_option": ("none", "attorney_fees", "attorney_fee_percentage", "fixed_percentage"),
}
CHOICE_HELP = {
    "injury_type": "Please say \"traumatic\" (a sudden physical injury, like a fall or a car accident) or "
                   "\"non-physical\" (from exposure, implantation or ingestion of a substance).",
    "details_option": "Please choose one: none, attorney fees, attorney fee percentage, or the Fixed Percentage Option.",
}
_CHOICE_FIELD_OF = {value: name for name, values in CHOICE_FIELDS.items() for value in values}


def read_choice(name: str, text: str) -> str:
    """The one option of ``name`` the text chooses; AnswerError when it chooses none or several."""
    if text in CHOICE_FIELDS[name]:
        return text
    found = {s.label.removeprefix("CHOICE_") for s in spans(text) if s.label.startswith("CHOICE_")}
    found = {value for value in found if value in CHOICE_FIELDS[name]}
    if name == "details_option":
        labels = {s.label for s in spans(text)}
        if "PERCENT" in labels:
            found.add("attorney_fee_percentage")
        if "CUE_attorney_fees" in labels or "CUE_attorney_expenses" in labels:
            found.add("attorney_fees")
        if "fixed_percentage" in found:  # "fixed percentage" also says "percentage"
            found.discard("attorney_fee_percentage")
        if len(found) > 1 and "none" in found and found & {"attorney_fees"}:  # "no attorney fees"
            found = {"none"}
    if len(found) == 1:
        return found.pop()
    raise AnswerError(CHOICE_HELP[name])


# --- values and their cues -------------------------------------------------------------------------

MONEY_FIELDS = ("settlement_amount", "attorney_fees", "attorney_expenses", "med_pip_exclusions")
MAX_CUE_DISTANCE = 4


@dataclass
class Reading:
    """What one message says: the text of each field it answers, and the option its fee words imply."""

    values: dict[str, str] = field(default_factory=dict)
    implied_option: Optional[str] = None
    uncued_money: list[str] = field(default_factory=list)


def _distance(value: Span, cue: Span) -> int:
    return value.start - cue.end if cue.end <= value.start else cue.start - value.end


def _pair_money(money: list[Span], cues: list[Span]) -> dict[int, str]:
    """Pair each amount with its nearest cue (greedy by distance; each cue and amount used once)."""
    pairs = sorted(
        ((_distance(value, cue), 0 if cue.end <= value.start else 1, i, j)
         for i, value in enumerate(money) for j, cue in enumerate(cues)),
    )
    taken_values: set[int] = set()
    taken_cues: set[int] = set()
    fields: dict[int, str] = {}
    for distance, _, i, j in pairs:
        if distance > MAX_CUE_DISTANCE or i in taken_values or j in taken_cues:
            continue
        taken_values.add(i)
        taken_cues.add(j)
        fields[i] = cues[j].label.removeprefix("CUE_")
    return fields


def read_answers(text: str) -> Reading:
    """Every answer one message gives, by rules-engine field name (texts, not yet parsed). A case
    number in the message is not an amount."""
    found = spans(CASE_ID_IN_TEXT.sub(lambda match: " " * len(match.group(0)), text or ""))
    reading = Reading()
    money = [s for s in found if s.label == "MONEY"]
    cues = [s for s in found if s.label.startswith("CUE_") and s.label != "CUE_settlement_date"]
    paired = _pair_money(money, [c for c in cues if c.label.removeprefix("CUE_") in MONEY_FIELDS])
    for index, value in enumerate(money):
        name = paired.get(index)
        if name is None:
            reading.uncued_money.append(value.text)
        else:
            reading.values.setdefault(name, value.text)
    for span in found:
        if span.label == "DATE":
            reading.values.setdefault("settlement_date", span.text)
        elif span.label == "PERCENT":
            reading.values.setdefault("attorney_fee_percentage", span.text)
    injuries = {s.label.removeprefix("CHOICE_") for s in found if s.label.startswith("CHOICE_")} & set(CHOICE_FIELDS["injury_type"])
    if len(injuries) == 1:
        reading.values["injury_type"] = injuries.pop()
    if {"attorney_fees", "attorney_expenses"} & set(reading.values):
        reading.implied_option = "attorney_fees"
    elif "attorney_fee_percentage" in reading.values:
        reading.implied_option = "attorney_fee_percentage"
    elif any(s.label == "CHOICE_fixed_percentage" for s in found):
        reading.implied_option = "fixed_percentage"
    return reading


_WHY = re.compile(r"\bwhy\b.*\b(need|ask|want|require|matter|important|necessary)|\bwhat (is|'s) (this|that) for\b"
                  r"|\bwhy do you\b|\bwhy is (this|that)\b", re.IGNORECASE)
_INJURY_TYPES = re.compile(r"\b(difference|mean|means|explain|what is|what's|which)\b.*\b(traumatic|non-?\s?physical|injury type)"
                           r"|\b(traumatic|non-?\s?physical)\b.*\b(mean|means|difference)\b", re.IGNORECASE)
_FPO = re.compile(r"\b(fixed percentage|fpo)\b.*\?|\b(can|could|may|eligible|qualify)\b.*\b(fixed percentage|fpo)\b",
                  re.IGNORECASE)

SIDE_QUESTION_INTENTS = {"ask_why_needed": "why", "explain_injury_types": "injury_types", "check_fpo": "fpo"}


_QUESTION = re.compile(r"\?|^\s*(why|what|what's|whats|how|which|can|could|may|am|is|are|do|does|would|should|"
                       r"explain|tell)\b", re.IGNORECASE)


def side_question(text: str, intent: Optional[str]) -> Optional[str]:
    """"why", "injury_types" or "fpo" when the message asks a question instead of answering; else None.

    Only a question counts ("the fixed percentage option" answers the settlement-details question; "can I
    use the fixed percentage option?" asks one). The intent classifier decides first; the patterns catch
    the questions it scores low."""
    if not _QUESTION.search(text or ""):
        return None
    by_intent = SIDE_QUESTION_INTENTS.get(intent or "")
    if by_intent:
        return by_intent
    for kind, pattern in (("injury_types", _INJURY_TYPES), ("why", _WHY), ("fpo", _FPO)):
        if pattern.search(text or ""):
            return kind
    return None
