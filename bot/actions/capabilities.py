"""What the assistant offers, said the same way wherever it is listed (greeting, help, fallback)."""
from __future__ import annotations

CAPABILITIES: tuple[str, ...] = (
    "report a settlement (a Notice of Settlement) for a case where the beneficiary is the debtor",
    "check whether a settlement can use the Fixed Percentage Option (25% of a settlement of $10,000.00 or less)",
    "show the claims in your conditional payment amount and dispute the ones unrelated to the injury",
    "give case status: conditional payment amount, demand letter, correspondence, disputes and requests",
    "help BCRC help-desk agents look up a case and draft guidance for a caller",
)


def capabilities_text() -> str:
    """A short bulleted list of what the assistant can do."""
    return "I can help you:\n" + "\n".join(f"- {item}" for item in CAPABILITIES)
