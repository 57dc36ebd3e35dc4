"""Medicare Beneficiary Identifier (MBI): shape check and normal form."""

from __future__ import annotations

import re

from rules_engine.errors import AnswerError

#: Letters an MBI never uses.
EXCLUDED_LETTERS = "SLOIBZ"
_LETTER = "[AC-HJKMNP-RT-Y]"
_LETTER_OR_DIGIT = "[AC-HJKMNP-RT-Y0-9]"
#: Position types C A AN N A AN N A A N N (msp-rules.md section 7).
MBI_PATTERN = re.compile(
    rf"[1-9]{_LETTER}{_LETTER_OR_DIGIT}[0-9]{_LETTER}{_LETTER_OR_DIGIT}[0-9]{_LETTER}{{2}}[0-9]{{2}}"
)
_SEPARATORS = re.compile(r"[\s\-]+")

WRONG_LENGTH = "A Medicare Number (MBI) has 11 letters and numbers, like 1EG4-TE5-MK73; that has {count}."
EXCLUDED = "A Medicare Number (MBI) never uses the letters S, L, O, I, B or Z. Please check it, like 1EG4-TE5-MK73."
WRONG_SHAPE = "That doesn't look like a Medicare Number (MBI). It looks like 1EG4-TE5-MK73: please check it and try again."


def normalize_mbi(text: str) -> str:
    """The 11-character MBI without dashes or spaces, upper case; :class:`AnswerError` if the shape is wrong.

    Source: CMS "Understanding the Medicare Beneficiary Identifier (MBI) Format" (msp-rules.md
    section 7): positions C A AN N A AN N A A N N, where C is 1-9, N is 0-9, A is a letter other than
    S, L, O, I, B, Z and AN is either; dashes on the card are not part of the MBI; lower case is
    converted to upper case.
    """
    mbi = _SEPARATORS.sub("", text).upper()
    if len(mbi) != 11:
        raise AnswerError(WRONG_LENGTH.format(count=len(mbi)))
    if MBI_PATTERN.fullmatch(mbi):
        return mbi
    if any(letter in EXCLUDED_LETTERS for letter in mbi):
        raise AnswerError(EXCLUDED)
    raise AnswerError(WRONG_SHAPE)
