"""The case store's repository API: plain frozen records in, plain frozen records out.

``CaseStore(url)`` opens its own engine (never at import time); call ``close()`` (or use it as a context
manager) when done. Queries are SQLAlchemy 2.0-style (``select()``, ``Session(future=True)``) and work
on SQLite and PostgreSQL. Run the migrations first (``upgrade_database(url)`` or ``msp-admin upgrade``).
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from msp_assistant.database import create_database_engine
from msp_assistant.store import enums, models, passwords
from msp_assistant.store.migrate import upgrade_database
from msp_assistant.store.records import (
    AuditRecord,
    AuthorizationRecord,
    AuthorizedCase,
    BeneficiaryRecord,
    CaseRecord,
    ClaimRecord,
    CorrespondenceRecord,
    DemandRecord,
    DisputeRecord,
    DocumentRecord,
    PartyRecord,
    RequestRecord,
    SettlementRecord,
    mask_mbi,
)
from rules_engine.mbi import normalize_mbi

#: Anything shaped like an MBI, with or without the card's dashes (msp-rules.md section 7); it is masked
#: before it reaches the audit log. Deliberately looser than the MBI rule: masking too much is harmless.
_MBI_LIKE = re.compile(r"\b[1-9][A-Z][A-Z0-9][0-9][-\s]?[A-Z][A-Z0-9][0-9][-\s]?[A-Z]{2}[0-9]{2}\b", re.IGNORECASE)
_CASE_ID_SEPARATORS = re.compile(r"[\s\-]+")


def scrub(text: str | None) -> str | None:
    """``text`` with every MBI-shaped token masked to its last four characters."""
    if text is None:
        return None
    return _MBI_LIKE.sub(lambda match: mask_mbi(re.sub(r"[-\s]", "", match.group(0)).upper()), text)


def normalize_case_id(case_id: str) -> str:
    """A case ID as stored: the 15 digits without the spaces or dashes letters show (``#####-#####-#####``)."""
    return _CASE_ID_SEPARATORS.sub("", str(case_id))


def utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (SQLite hands timestamps back without a zone)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def now() -> datetime:
    return datetime.now(timezone.utc)


def _json_default(item: Any) -> Any:
    if isinstance(item, Decimal):
        return str(item)  # exact, never a float
    if isinstance(item, (date, datetime)):
        return item.isoformat()
    if isinstance(item, (tuple, set, frozenset)):
        return list(item)
    raise TypeError(f"cannot store a {type(item).__name__} as JSON")


def jsonable(value: Any) -> Any:
    """``value`` with Decimals (as exact strings), dates and tuples turned into JSON types."""
    return json.loads(json.dumps(value, default=_json_default))


# --- ORM object -> record -------------------------------------------------------------------------


def beneficiary_record(row: models.Beneficiary) -> BeneficiaryRecord:
    return BeneficiaryRecord(row.id, row.mbi, row.first_name, row.last_name, row.date_of_birth, row.zip)


def party_record(row: models.Party) -> PartyRecord:
    return PartyRecord(row.id, row.role, row.name, row.username, row.totp_secret is not None)


def case_record(row: models.Case) -> CaseRecord:
    return CaseRecord(
        case_id=row.case_id,
        beneficiary=beneficiary_record(row.beneficiary),
        case_type=row.case_type,
        debtor=row.debtor,
        date_of_incident=row.date_of_incident,
        injury_description=row.injury_description,
        phase=row.phase,
        final_conditional_payment_requested_on=row.final_conditional_payment_requested_on,
        conditional_payment_notice_on=row.conditional_payment_notice_on,
        final_conditional_payment_amount=row.final_conditional_payment_amount,
        final_conditional_payment_status=row.final_conditional_payment_status,
    )


def claim_record(row: models.Claim) -> ClaimRecord:
    return ClaimRecord(
        row.id, row.case_id, row.claim_number, row.from_date, row.to_date, row.provider,
        tuple(row.diagnosis_codes), Decimal(row.amount_paid), row.status,
    )


def dispute_record(row: models.Dispute) -> DisputeRecord:
    return DisputeRecord(
        row.id, row.case_id, tuple(claim.claim_number for claim in row.claims), row.reason,
        utc(row.created_at), row.status, row.conversation_id,
    )


def settlement_record(row: models.Settlement) -> SettlementRecord:
    return SettlementRecord(
        row.id, row.case_id, utc(row.submitted_at), row.conversation_id, row.actor_kind, row.actor_id,
        dict(row.answers), dict(row.verdict), None if row.estimate is None else dict(row.estimate),
        tuple(row.documents_owed), row.confirmation_number, row.idempotency_key,
    )


def document_record(row: models.Document) -> DocumentRecord:
    return DocumentRecord(
        row.id, row.case_id, row.purpose, row.filename, row.content_type, row.size, row.sha256, row.path,
        utc(row.uploaded_at), row.conversation_id, row.deleted,
    )


def audit_record(row: models.AuditEntry) -> AuditRecord:
    return AuditRecord(
        row.id, utc(row.at), row.actor_kind, row.actor_id, row.action, row.case_id, row.conversation_id,
        row.allowed, row.detail,
    )


class CaseStore:
    """Everything the bot and the website read from or write to the case store."""

    def __init__(self, url: str, *, upgrade: bool = False) -> None:
        """Open an engine on ``url``; with ``upgrade=True`` run the migrations first."""
        if upgrade:
            upgrade_database(url)
        self.url = url
        self._engine = create_database_engine(url)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> "CaseStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def session(self) -> Session:
        """A new 2.0-style session on this store's engine (for the importer and for tests)."""
        return Session(self._engine, future=True)

    # --- parties ---------------------------------------------------------------------------------

    def authenticate_party(self, username: str, password: str) -> PartyRecord | None:
        """The party whose username and password these are, else None.

        An unknown username is checked against a dummy argon2 hash, so it takes about as long to refuse
        as a wrong password (no username probing by timing). A hash made with weaker parameters is
        upgraded on a successful sign-in.
        """
        with self.session() as session, session.begin():
            party = session.execute(
                select(models.Party).where(models.Party.username == username.strip())
            ).scalar_one_or_none()
            if party is None:
                passwords.spend_verification_time(password)
                return None
            if not passwords.verify_password(party.password_hash, password):
                return None
            if passwords.needs_rehash(party.password_hash):
                party.password_hash = passwords.hash_password(password)
            return party_record(party)

    def party(self, party_id: int) -> PartyRecord | None:
        with self.session() as session:
            party = session.get(models.Party, party_id)
            return None if party is None else party_record(party)

    def party_by_username(self, username: str) -> PartyRecord | None:
        with self.session() as session:
            party = session.execute(
                select(models.Party).where(models.Party.username == username.strip())
            ).scalar_one_or_none()
            return None if party is None else party_record(party)

    def set_totp_secret(self, party_id: int, secret: str | None) -> None:
        """Store (or with None, remove) the party's authenticator secret; LookupError for an unknown party."""
        with self.session() as session, session.begin():
            party = session.get(models.Party, party_id)
            if party is None:
                raise LookupError(f"no party with id {party_id}")
            party.totp_secret = secret

    def totp_secret(self, party_id: int) -> str | None:
        """The party's base32 TOTP secret, None when no authenticator is enrolled (or no such party)."""
        with self.session() as session:
            party = session.get(models.Party, party_id)
            return None if party is None else party.totp_secret

    # --- beneficiaries and cases -----------------------------------------------------------------

    def find_beneficiary(self, mbi: str, last_name: str, date_of_birth: date) -> BeneficiaryRecord | None:
        """The beneficiary matching all three (MSPRP "How to Get Started": Medicare ID, name and DOB), or None.

        The MBI is normalised with ``rules_engine.normalize_mbi`` (dashes, spaces and case do not
        matter), which raises ``rules_engine.AnswerError`` when its shape is wrong; the last name is
        compared trimmed and case-insensitively.
        """
        normalized = normalize_mbi(mbi)
        with self.session() as session:
            row = session.execute(
                select(models.Beneficiary).where(models.Beneficiary.mbi == normalized)
            ).scalar_one_or_none()
            if row is None:
                return None
            if row.last_name.strip().casefold() != last_name.strip().casefold() or row.date_of_birth != date_of_birth:
                return None
            return beneficiary_record(row)

    def beneficiary(self, beneficiary_id: int) -> BeneficiaryRecord | None:
        with self.session() as session:
            row = session.get(models.Beneficiary, beneficiary_id)
            return None if row is None else beneficiary_record(row)

    def _cases(self, session: Session, *conditions: Any) -> list[models.Case]:
        query = select(models.Case).options(joinedload(models.Case.beneficiary)).order_by(models.Case.case_id)
        return list(session.execute(query.where(*conditions)).scalars())

    def case(self, case_id: str) -> CaseRecord | None:
        """The case with this ID (spaces and dashes ignored), or None."""
        with self.session() as session:
            rows = self._cases(session, models.Case.case_id == normalize_case_id(case_id))
            return case_record(rows[0]) if rows else None

    def cases_for_beneficiary(self, beneficiary_id: int) -> list[CaseRecord]:
        with self.session() as session:
            return [case_record(row) for row in self._cases(session, models.Case.beneficiary_id == beneficiary_id)]

    def all_cases(self) -> list[CaseRecord]:
        """Every case (help-desk agents may see any case)."""
        with self.session() as session:
            return [case_record(row) for row in self._cases(session)]

    def cases_for_party(self, party_id: int) -> list[AuthorizedCase]:
        """The cases on which the party holds an authorization, with the kinds it holds there.

        Agents hold none (they see every case: ``all_cases``)."""
        with self.session() as session:
            rows = session.execute(
                select(models.Authorization.case_id, models.Authorization.kind).where(
                    models.Authorization.party_id == party_id
                )
            ).all()
            kinds: dict[str, set[str]] = {}
            for case_id, kind in rows:
                kinds.setdefault(case_id, set()).add(kind)
            cases = self._cases(session, models.Case.case_id.in_(kinds))
            return [AuthorizedCase(case_record(row), frozenset(kinds[row.case_id])) for row in cases]

    def authorization_kinds(self, case_id: str, party_id: int) -> frozenset[str]:
        """The kinds of authorization ``party_id`` holds on ``case_id`` (empty when none)."""
        with self.session() as session:
            return frozenset(
                session.execute(
                    select(models.Authorization.kind).where(
                        models.Authorization.case_id == normalize_case_id(case_id),
                        models.Authorization.party_id == party_id,
                    )
                ).scalars()
            )

    def authorizations(self, case_id: str) -> list[AuthorizationRecord]:
        with self.session() as session:
            rows = session.execute(
                select(models.Authorization)
                .options(joinedload(models.Authorization.party))
                .where(models.Authorization.case_id == normalize_case_id(case_id))
                .order_by(models.Authorization.received_on, models.Authorization.id)
            ).scalars()
            return [
                AuthorizationRecord(row.id, row.case_id, row.party_id, row.party.name, row.party.role, row.kind,
                                    row.received_on)
                for row in rows
            ]

    # --- case details ----------------------------------------------------------------------------

    def _rows(self, session: Session, model: Any, case_id: str, *order_by: Any) -> Iterator[Any]:
        return session.execute(
            select(model).where(model.case_id == normalize_case_id(case_id)).order_by(*order_by, model.id)
        ).scalars()

    def claims(self, case_id: str) -> list[ClaimRecord]:
        with self.session() as session:
            return [claim_record(row) for row in self._rows(session, models.Claim, case_id, models.Claim.from_date)]

    def correspondence(self, case_id: str) -> list[CorrespondenceRecord]:
        with self.session() as session:
            return [
                CorrespondenceRecord(row.id, row.case_id, row.type, row.direction, row.date, row.status, row.description)
                for row in self._rows(session, models.Correspondence, case_id, models.Correspondence.date)
            ]

    def record_correspondence(
        self, case_id: str, *, type: str, direction: str, on: date, status: str, description: str | None = None
    ) -> CorrespondenceRecord:
        """Append a piece of correspondence (e.g. a request for a copy of the conditional payment letter)."""
        if direction not in enums.DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(enums.DIRECTIONS)}")
        with self.session() as session, session.begin():
            row = models.Correspondence(case_id=normalize_case_id(case_id), type=type, direction=direction,
                                        date=on, status=status, description=description)
            session.add(row)
            session.flush()
            return CorrespondenceRecord(row.id, row.case_id, row.type, row.direction, row.date, row.status,
                                        row.description)

    def request_final_conditional_payment(self, case_id: str, *, requested_on: date, amount: Decimal) -> CaseRecord:
        """Freeze the conditional payment amount and start the Final Conditional Payment process, once per
        case (msp-rules.md section 4). ValueError when the case is unknown or it was requested before."""
        with self.session() as session, session.begin():
            row = session.get(models.Case, normalize_case_id(case_id), with_for_update=True)
            if row is None:
                raise ValueError(f"no case {case_id}")
            if row.final_conditional_payment_requested_on is not None:
                raise ValueError(f"the final conditional payment amount was already requested for case {case_id}")
            row.final_conditional_payment_requested_on = requested_on
            row.final_conditional_payment_amount = amount
            row.final_conditional_payment_status = "active"
            row.phase = "final_conditional_payment"
            session.flush()
            return case_record(row)

    def set_final_conditional_payment_status(self, case_id: str, status: str) -> CaseRecord:
        """Mark the process complete (settlement reported in time) or voided (outside the window)."""
        if status not in enums.FCP_STATUSES:
            raise ValueError(f"status must be one of {', '.join(enums.FCP_STATUSES)}")
        with self.session() as session, session.begin():
            row = session.get(models.Case, normalize_case_id(case_id))
            if row is None or row.final_conditional_payment_requested_on is None:
                raise ValueError(f"case {case_id} is not in the Final Conditional Payment process")
            row.final_conditional_payment_status = status
            if status == "voided":
                row.phase = "conditional_payment"
            session.flush()
            return case_record(row)

    def requests(self, case_id: str) -> list[RequestRecord]:
        with self.session() as session:
            return [
                RequestRecord(row.id, row.case_id, row.kind, row.received_on, row.decision, row.decision_on)
                for row in self._rows(session, models.Request, case_id, models.Request.received_on)
            ]

    def demands(self, case_id: str) -> list[DemandRecord]:
        """Every demand letter on the case, oldest first (an ORM case may have several; msp-rules.md section 9)."""
        with self.session() as session:
            return [
                DemandRecord(row.id, row.case_id, row.issued_on, Decimal(row.amount))
                for row in self._rows(session, models.DemandLetter, case_id, models.DemandLetter.issued_on)
            ]

    def demand(self, case_id: str) -> DemandRecord | None:
        """The latest demand letter on the case, or None when none was issued."""
        letters = self.demands(case_id)
        return letters[-1] if letters else None

    # --- disputes, settlements, documents --------------------------------------------------------

    def record_dispute(
        self, case_id: str, claim_numbers: Iterable[str], reason: str, conversation_id: str | None = None
    ) -> DisputeRecord:
        """Store a dispute of these claims as unrelated and mark them disputed (msp-rules.md section 6).

        ValueError when a claim number is not on the case or no claim is named.
        """
        case_id = normalize_case_id(case_id)
        wanted = list(dict.fromkeys(claim_numbers))
        if not wanted:
            raise ValueError("a dispute names at least one claim")
        with self.session() as session, session.begin():
            claims = list(
                session.execute(
                    select(models.Claim).where(models.Claim.case_id == case_id, models.Claim.claim_number.in_(wanted))
                ).scalars()
            )
            missing = sorted(set(wanted) - {claim.claim_number for claim in claims})
            if missing:
                raise ValueError(f"claims not on case {case_id}: {', '.join(missing)}")
            for claim in claims:
                claim.status = "disputed"
            dispute = models.Dispute(
                case_id=case_id, reason=reason, created_at=now(), status="submitted",
                conversation_id=conversation_id, claims=claims,
            )
            session.add(dispute)
            session.flush()
            return dispute_record(dispute)

    def disputes(self, case_id: str) -> list[DisputeRecord]:
        with self.session() as session:
            rows = session.execute(
                select(models.Dispute)
                .options(joinedload(models.Dispute.claims))
                .where(models.Dispute.case_id == normalize_case_id(case_id))
                .order_by(models.Dispute.created_at, models.Dispute.id)
            ).unique().scalars()
            return [dispute_record(row) for row in rows]

    def record_settlement(
        self,
        case_id: str,
        *,
        answers: dict[str, Any],
        verdict: dict[str, Any],
        estimate: dict[str, Any] | None,
        documents_owed: Iterable[str],
        confirmation_number: str,
        idempotency_key: str,
        conversation_id: str | None = None,
        actor_kind: str = "anonymous",
        actor_id: str | None = None,
    ) -> SettlementRecord:
        """Store a Notice of Settlement as submitted; a retry with the same idempotency key stores nothing
        new and returns the first submission (with its confirmation number)."""
        if actor_kind not in enums.ACTOR_KINDS:
            raise ValueError(f"actor_kind must be one of {', '.join(enums.ACTOR_KINDS)}")
        existing = self.settlement_by_key(idempotency_key)
        if existing is not None:
            return existing
        try:
            with self.session() as session, session.begin():
                row = models.Settlement(
                    case_id=normalize_case_id(case_id), submitted_at=now(), conversation_id=conversation_id,
                    actor_kind=actor_kind, actor_id=scrub(actor_id), answers=jsonable(answers),
                    verdict=jsonable(verdict), estimate=None if estimate is None else jsonable(estimate),
                    documents_owed=list(documents_owed), confirmation_number=confirmation_number,
                    idempotency_key=idempotency_key,
                )
                session.add(row)
                session.flush()
                return settlement_record(row)
        except IntegrityError:
            existing = self.settlement_by_key(idempotency_key)  # a concurrent retry won the race
            if existing is None:
                raise
            return existing

    def settlement_by_key(self, idempotency_key: str) -> SettlementRecord | None:
        with self.session() as session:
            row = session.execute(
                select(models.Settlement).where(models.Settlement.idempotency_key == idempotency_key)
            ).scalar_one_or_none()
            return None if row is None else settlement_record(row)

    def settlements(self, case_id: str) -> list[SettlementRecord]:
        with self.session() as session:
            return [
                settlement_record(row)
                for row in self._rows(session, models.Settlement, case_id, models.Settlement.submitted_at)
            ]

    def record_document(
        self,
        case_id: str,
        *,
        purpose: str,
        filename: str,
        content_type: str,
        size: int,
        sha256: str,
        path: str,
        conversation_id: str | None = None,
    ) -> DocumentRecord:
        """Store the metadata of an uploaded document (the bytes are already at ``path``)."""
        with self.session() as session, session.begin():
            row = models.Document(
                case_id=normalize_case_id(case_id), purpose=purpose, filename=filename, content_type=content_type,
                size=size, sha256=sha256, path=path, uploaded_at=now(), conversation_id=conversation_id,
                deleted=False,
            )
            session.add(row)
            session.flush()
            return document_record(row)

    def documents(self, case_id: str, *, include_deleted: bool = False) -> list[DocumentRecord]:
        with self.session() as session:
            rows = self._rows(session, models.Document, case_id, models.Document.uploaded_at)
            return [document_record(row) for row in rows if include_deleted or not row.deleted]

    def delete_document(self, document_id: int) -> bool:
        """Mark a document deleted (the row stays, for the record); False when there is no such document."""
        with self.session() as session, session.begin():
            row = session.get(models.Document, document_id)
            if row is None:
                return False
            row.deleted = True
            return True

    # --- audit log -------------------------------------------------------------------------------

    def record_access(
        self,
        *,
        actor_kind: str,
        actor_id: str | int | None,
        action: str,
        case_id: str | None,
        conversation_id: str | None,
        allowed: bool,
        detail: str | None = None,
    ) -> AuditRecord:
        """Append one entry to the audit log: who (``actor_kind`` anonymous|beneficiary|party|system and
        id), did what, on which case, in which conversation, and whether it was allowed.

        Any MBI-shaped text is masked before it is written; the log never holds a full MBI.
        """
        if actor_kind not in enums.ACTOR_KINDS:
            raise ValueError(f"actor_kind must be one of {', '.join(enums.ACTOR_KINDS)}")
        with self.session() as session, session.begin():
            row = models.AuditEntry(
                at=now(), actor_kind=actor_kind, actor_id=scrub(None if actor_id is None else str(actor_id)),
                action=scrub(action), case_id=None if case_id is None else scrub(normalize_case_id(case_id))[:32],
                conversation_id=conversation_id, allowed=bool(allowed), detail=scrub(detail),
            )
            session.add(row)
            session.flush()
            return audit_record(row)

    def audit_entries(self, case_id: str | None = None, *, conversation_id: str | None = None) -> list[AuditRecord]:
        """Audit entries, oldest first; only one case's or one conversation's when asked."""
        query = select(models.AuditEntry).order_by(models.AuditEntry.at, models.AuditEntry.id)
        if case_id is not None:
            query = query.where(models.AuditEntry.case_id == normalize_case_id(case_id))
        if conversation_id is not None:
            query = query.where(models.AuditEntry.conversation_id == conversation_id)
        with self.session() as session:
            return [audit_record(row) for row in session.execute(query).scalars()]
