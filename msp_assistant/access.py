"""Who is asking, and what they may see and do on a case (MSPRP authorizations and masking).

Sources (msp-rules.md section 8, High): a Proof of Representation lets the representative see the
case and act on it; a Consent to Release lets a party receive case information but not act; an
insurer's Letter of Authority (Recovery Agent Authorization) lets its holder act for the plan.
Help-desk agents see any case, to guide callers, and act on none. Claims data is masked unless the
viewer is the beneficiary or has passed multi-factor authentication (MSPRP claimsListing).
The rules engine decides nothing about identity; every case-data action asks this module.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Literal, Protocol

from msp_assistant.auth_tokens import SignedInParty

MASK = "******"

PROOF_OF_REPRESENTATION = "proof_of_representation"
CONSENT_TO_RELEASE = "consent_to_release"
LETTER_OF_AUTHORITY = "letter_of_authority"
AUTHORIZATIONS_THAT_ACT = frozenset({PROOF_OF_REPRESENTATION, LETTER_OF_AUTHORITY})
AUTHORIZATIONS_THAT_VIEW = AUTHORIZATIONS_THAT_ACT | {CONSENT_TO_RELEASE}


class CaseLike(Protocol):
    case_id: str
    beneficiary_id: int


class AuthorizationLike(Protocol):
    party_id: int
    kind: str


class ClaimLike(Protocol):
    claim_number: str
    from_date: date
    to_date: date
    provider: str
    diagnosis_codes: tuple[str, ...]
    amount_paid: Decimal


@dataclass(frozen=True)
class Viewer:
    """The person behind this turn: anonymous, a beneficiary verified in chat, or a signed-in party."""

    kind: Literal["anonymous", "beneficiary", "party"]
    party: SignedInParty | None = None
    beneficiary_id: int | None = None
    mfa_verified: bool = False

    @classmethod
    def anonymous(cls) -> "Viewer":
        return cls(kind="anonymous")

    @property
    def actor(self) -> tuple[str, int | None]:
        """(kind, id) for the audit log: "party", "beneficiary" or "anonymous", and the id."""
        if self.party is not None:
            return "party", self.party.party_id
        return self.kind, self.beneficiary_id


@dataclass(frozen=True)
class CaseAccess:
    can_view: bool
    can_act: bool
    reason: str


def case_access(viewer: Viewer, case: CaseLike, authorizations: Iterable[AuthorizationLike]) -> CaseAccess:
    """What ``viewer`` may do on ``case``, with the plain-language reason."""
    if viewer.kind == "beneficiary":
        if viewer.beneficiary_id == case.beneficiary_id:
            return CaseAccess(True, True, "This is your own case.")
        return CaseAccess(False, False, "That case is not yours, so I can't show it to you.")
    if viewer.party is None:
        return CaseAccess(False, False, "I need to know who you are before I can show case information.")
    if viewer.party.role == "agent":
        return CaseAccess(True, False, "Help-desk agents can look up any case, to guide callers.")
    held = {a.kind for a in authorizations if a.party_id == viewer.party.party_id}
    if held & AUTHORIZATIONS_THAT_ACT:
        return CaseAccess(True, True, "You hold an authorization to act on this case.")
    if CONSENT_TO_RELEASE in held:
        return CaseAccess(
            True, False,
            "Your Consent to Release lets you see this case's information, but not act on the "
            "beneficiary's behalf (that needs a Proof of Representation).",
        )
    return CaseAccess(
        False, False,
        "There is no Proof of Representation, Consent to Release or Letter of Authority on file "
        "for you on this case, so I can't show it.",
    )


@dataclass(frozen=True)
class ClaimView:
    """A claim as this viewer may see it; masked fields hold ``MASK``."""

    claim_number: str
    service_dates: tuple[date, date]
    amount_paid: Decimal
    provider: str
    diagnosis_codes: str


def claim_view(viewer: Viewer, claim: ClaimLike) -> ClaimView:
    """Mask as the MSPRP does: beneficiaries see providers; parties see providers and diagnosis
    codes only after multi-factor authentication; nobody else sees claims at all."""
    if viewer.kind == "anonymous":
        raise PermissionError("anonymous viewers see no claims")
    party_unmasked = viewer.party is not None and viewer.mfa_verified
    show_provider = viewer.kind == "beneficiary" or party_unmasked
    return ClaimView(
        claim_number=claim.claim_number,
        service_dates=(claim.from_date, claim.to_date),
        amount_paid=claim.amount_paid,
        provider=claim.provider if show_provider else MASK,
        diagnosis_codes=", ".join(claim.diagnosis_codes) if party_unmasked else MASK,
    )
