"""How case data reads in chat: MSPRP formats ($8,000.00, 05/01/2025, case IDs in groups of five)."""
from __future__ import annotations

import re

from msp_assistant.access import ClaimView
from rules_engine import format_date, format_money

CASE_ID_IN_TEXT = re.compile(r"(?<!\d)((?:\d[ -]?){14}\d)(?!\d)")


def case_id_in(text: str) -> str | None:
    """A 15-digit case ID typed with or without spaces or dashes, digits only; else None."""
    match = CASE_ID_IN_TEXT.search(text or "")
    return re.sub(r"[ -]", "", match.group(1)) if match else None


def claims_table(claims: list[ClaimView]) -> str:
    """A numbered, readable claims list; masked fields stay masked."""
    lines = []
    for number, claim in enumerate(claims, start=1):
        start, end = claim.service_dates
        dates = format_date(start) if start == end else f"{format_date(start)} to {format_date(end)}"
        lines.append(
            f"{number}. {dates}, {format_money(claim.amount_paid)}, provider: {claim.provider}, "
            f"diagnosis codes: {claim.diagnosis_codes} (claim {claim.claim_number})"
        )
    return "\n".join(lines)
