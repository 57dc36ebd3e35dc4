"""Who to call, from the MSPRP seed page ("Assistance with MSPRP Issues")."""
from __future__ import annotations

BCRC_CASE_LINE = "1-855-798-2627"
"""The BCRC: questions about a case, or why an MSPRP option is unavailable."""

BCRC_EDI_LINE = "1-646-458-6740"
"""The BCRC EDI Department: registration and other technical problems with the MSPRP."""


def how_to_reach_a_person() -> str:
    return (
        f"To talk to a person about a case, call the Benefits Coordination & Recovery Center (BCRC) "
        f"at {BCRC_CASE_LINE}. For registration or technical problems with the MSPRP website, call the "
        f"BCRC EDI Department at {BCRC_EDI_LINE}."
    )
