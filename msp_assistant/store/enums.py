"""The case store's enumerations, each with the MSPRP source it follows (msp-rules.md sections 4-9)."""
from __future__ import annotations

#: Party roles. Attorneys represent beneficiaries, insurers are applicable plans (liability, no-fault,
#: workers' compensation entities), agents are the help desk (msp-rules.md section 8).
PARTY_ROLES: tuple[str, ...] = ("attorney", "insurer", "agent")

#: Authorization documents on a case: Beneficiary Proof of Representation, Beneficiary Consent to
#: Release, and the insurer's Letter of Authority / Recovery Agent Authorization
#: (MSPRP "Authorization Documentation"; msp-rules.md section 8).
AUTHORIZATION_KINDS: tuple[str, ...] = ("proof_of_representation", "consent_to_release", "letter_of_authority")

#: Which party role may hold which authorization (msp-rules.md section 8): a POR is the beneficiary's
#: representative (an attorney here); a CTR may be given to anyone who does not represent the
#: beneficiary; a Letter of Authority comes from the applicable plan (an insurer). Help-desk agents see
#: every case and hold no authorizations.
ROLES_FOR_AUTHORIZATION: dict[str, tuple[str, ...]] = {
    "proof_of_representation": ("attorney",),
    "consent_to_release": ("attorney", "insurer"),
    "letter_of_authority": ("insurer",),
}

#: Case types the MSPRP handles (seed page "CMS Medicare Secondary Payer Recovery Portal").
CASE_TYPES: tuple[str, ...] = ("liability", "no_fault", "workers_compensation")

#: Who owes the debt: the beneficiary (BCRC) or the applicable plan with ORM (CRC) (msp-rules.md section 9).
DEBTORS: tuple[str, ...] = ("beneficiary", "applicable_plan")

#: Where a case is in recovery, in order (msp-rules.md sections 4-5): conditional payments are being
#: identified (CPL/CPN); the Final Conditional Payment process has been started (amount frozen); a
#: demand letter has been issued; the case is closed.
CASE_PHASES: tuple[str, ...] = ("conditional_payment", "final_conditional_payment", "demand", "closed")

#: Final Conditional Payment process status on a case (MSPRP eCPL help shows Active, Pending NOS,
#: Complete and "void in progress"; msp-rules.md section 4): active after the request froze the amount,
#: complete once settlement information came within the window, voided when it did not.
FCP_STATUSES: tuple[str, ...] = ("active", "complete", "voided")

#: Case types for which the MSPRP offers the Final Conditional Payment process (msp-rules.md section 4:
#: "liability and WC cases"; no-fault appears excluded).
FCP_CASE_TYPES: tuple[str, ...] = ("liability", "workers_compensation")

#: A claim in the conditional payment amount: counted (related), disputed as unrelated, or removed
#: after a dispute (MSPRP "View/Dispute Claims Listing"; msp-rules.md section 6).
CLAIM_STATUSES: tuple[str, ...] = ("related", "disputed", "removed")

#: Dispute states: submitted and waiting, accepted (claims removed), denied (claims stay).
DISPUTE_STATUSES: tuple[str, ...] = ("submitted", "accepted", "denied")

#: Correspondence direction as the MSPRP correspondence status page shows it (seed page, feature 5).
DIRECTIONS: tuple[str, ...] = ("sent", "received")

#: Requests after a demand or settlement: waiver, compromise, redetermination (seed page, feature 7).
REQUEST_KINDS: tuple[str, ...] = ("waiver", "compromise", "redetermination")

#: Who an audit-log entry is about.
ACTOR_KINDS: tuple[str, ...] = ("anonymous", "beneficiary", "party", "system")

#: MSPRP case IDs are 15 digits; BCRC case IDs begin with 2, CRC recovery IDs with 3 (msp-rules.md section 7).
RECOVERY_CONTRACTOR_BY_FIRST_DIGIT: dict[str, str] = {"2": "BCRC", "3": "CRC"}
