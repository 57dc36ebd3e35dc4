"""Upload tickets: a conversation may upload documents to a case only after an action allowed it.

When a flow asks for documentation, the action checks who is asking and what they may do on the
case, then sends the page a signed, short-lived ticket naming the case, the purpose and the
conversation. The website's upload endpoints accept a file (or a delete) only with a valid ticket.
Same secret as the sign-in tokens (MSP_TOKEN_SECRET).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import jwt

ALGORITHM = "HS256"
AUDIENCE = "msp-document-upload"
TICKET_TTL = timedelta(minutes=30)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""The size limit the page states and the server enforces."""
ACCEPTED_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "image/tiff": "TIFF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}
"""Accepted by content (magic bytes), never by file name."""

DOCUMENT_PURPOSES: dict[str, str] = {
    "settlement_documentation": "settlement documentation",
    "fpo_election": "Fixed Percentage Option election document",
    "final_settlement_detail": "Final Settlement Detail document",
    "dispute_support": "documentation supporting a claim dispute",
    "proof_of_representation": "Proof of Representation",
    "consent_to_release": "Consent to Release",
    "letter_of_authority": "Letter of Authority",
}
"""What a document is for (MSPRP feature list items 1, 3 and 6; Settlement Information Help, Table 3)."""


@dataclass(frozen=True)
class UploadTicket:
    case_id: str
    purpose: str
    conversation_id: str
    actor_kind: str
    actor_id: str | None


def issue_upload_ticket(ticket: UploadTicket, *, secret: str, now: datetime, ttl: timedelta = TICKET_TTL) -> str:
    if ticket.purpose not in DOCUMENT_PURPOSES:
        raise ValueError(f"unknown document purpose {ticket.purpose!r}")
    claims = {
        "aud": AUDIENCE,
        "case": ticket.case_id,
        "purpose": ticket.purpose,
        "conv": ticket.conversation_id,
        "actor": ticket.actor_kind,
        "actor_id": ticket.actor_id,
        "exp": int((now + ttl).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_upload_ticket(token: object, *, secret: str, now: datetime) -> UploadTicket | None:
    """The ticket's grant, or None when it is missing, forged, malformed or expired."""
    if not isinstance(token, str) or not token:
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], audience=AUDIENCE,
                            options={"require": ["exp", "aud"], "verify_exp": False})
        if now.astimezone(timezone.utc).timestamp() >= int(claims["exp"]):
            return None
        ticket = UploadTicket(
            case_id=str(claims["case"]), purpose=str(claims["purpose"]), conversation_id=str(claims["conv"]),
            actor_kind=str(claims["actor"]), actor_id=None if claims["actor_id"] is None else str(claims["actor_id"]),
        )
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        return None
    return ticket if ticket.purpose in DOCUMENT_PURPOSES else None
