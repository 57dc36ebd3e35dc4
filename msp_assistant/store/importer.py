"""``msp-admin import``: validate a whole YAML/JSON file of parties, beneficiaries and cases, then upsert it
in one transaction.

A file with any problem is rejected whole (:class:`ImportRejected`, one line per problem naming the record
and field, e.g. ``cases[2].claims[0].amount_paid: must not be negative (-5.00)``) and nothing is written,
not even the schema. Importing the same file again changes nothing: rows are matched by natural keys
(username, MBI, case ID, and per case: party+kind, claim number, type+direction+date, kind+received date,
issue date) and a stored password hash is kept when it still verifies.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from msp_assistant import clock
from msp_assistant.store import enums, models, passwords
from msp_assistant.store.migrate import upgrade_database
from msp_assistant.store.repository import CaseStore
from rules_engine.errors import AnswerError
from rules_engine.mbi import normalize_mbi

MAX_AMOUNT = Decimal("9999999999.99")  # Numeric(12, 2)


class ImportRejected(Exception):
    """The file was not imported; ``problems`` has one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Problem(ValueError):
    """One field's value is wrong; the message says why, without echoing identifiers."""


# --- field parsers: (value, today) -> parsed value, or raise Problem -------------------------------

Parser = Callable[[Any, date], Any]


def text(max_length: int) -> Parser:
    def parse(value: Any, today: date) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Problem("must be non-empty text")
        if len(value.strip()) > max_length:
            raise Problem(f"must be at most {max_length} characters")
        return value.strip()

    return parse


def optional_text(max_length: int) -> Parser:
    required = text(max_length)
    return lambda value, today: None if value is None else required(value, today)


def one_of(values: tuple[str, ...]) -> Parser:
    def parse(value: Any, today: date) -> str:
        if value not in values:
            raise Problem(f"must be one of {' | '.join(values)}, not {value!r}")
        return value

    return parse


def reference(value: Any, today: date) -> str:
    """A record ``id`` in the file (text or a whole number); references are compared as text."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise Problem("must be an id (text or a whole number)")
    return str(value).strip()


def past_date(value: Any, today: date) -> date:
    """A date written YYYY-MM-DD, not after today (``msp_assistant.clock.today()``, MSP_TODAY)."""
    if isinstance(value, datetime) or not isinstance(value, (date, str)):
        raise Problem("must be a date written YYYY-MM-DD")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise Problem(f"must be a date written YYYY-MM-DD, not {value!r}") from None
    if value > today:
        raise Problem(f"must not be in the future ({value.isoformat()} is after today, {today.isoformat()})")
    return value


def optional_past_date(value: Any, today: date) -> date | None:
    return None if value is None else past_date(value, today)


def money(value: Any, today: date) -> Decimal:
    """A non-negative amount in dollars and cents (Numeric(12, 2)); floats are read via their shortest text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise Problem("must be an amount such as 1234.56")
    try:
        amount = Decimal(str(value).replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        raise Problem(f"must be an amount such as 1234.56, not {value!r}") from None
    if not amount.is_finite():
        raise Problem("must be an amount such as 1234.56")
    if amount < 0:
        raise Problem(f"must not be negative ({amount:.2f})")
    if amount != amount.quantize(Decimal("0.01")):
        raise Problem(f"must be in whole cents ({amount})")
    if amount > MAX_AMOUNT:
        raise Problem(f"must be at most {MAX_AMOUNT}")
    return amount.quantize(Decimal("0.01"))


def mbi(value: Any, today: date) -> str:
    """An MBI, normalised by ``rules_engine.normalize_mbi`` (msp-rules.md section 7); never echoed back."""
    if not isinstance(value, str):
        raise Problem("must be a Medicare Number (MBI) written as text, like 1EG4-TE5-MK73")
    try:
        return normalize_mbi(value)
    except AnswerError as error:
        raise Problem(error.message) from None


CASE_ID_PATTERN = re.compile(r"[23][0-9]{14}")


def case_id(value: Any, today: date) -> str:
    """15 digits; BCRC case IDs begin with 2, CRC recovery IDs with 3 (msp-rules.md section 7)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Problem("must be 15 digits beginning with 2 (BCRC) or 3 (CRC)")
    digits = re.sub(r"[\s\-]", "", str(value))
    if not CASE_ID_PATTERN.fullmatch(digits):
        raise Problem(f"must be 15 digits beginning with 2 (BCRC) or 3 (CRC), not {value!r}")
    return digits


def zip_code(value: Any, today: date) -> str:
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]{5}(-[0-9]{4})?", str(value).strip()):
        raise Problem("must be a ZIP code like 21244 or 21244-1850 (quote it in YAML if it starts with 0)")
    return str(value).strip()


def username(value: Any, today: date) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9._@-]{3,100}", value.strip()):
        raise Problem("must be 3-100 letters, digits, '.', '_', '@' or '-'")
    return value.strip()


def password(value: Any, today: date) -> str:
    if not isinstance(value, str) or len(value) < 8:
        raise Problem("must be text of at least 8 characters")
    return value


def diagnosis_codes(value: Any, today: date) -> list[str]:
    """A list of ICD-10 codes (letters, digits and dots, 3-8 characters); stored upper case."""
    if not isinstance(value, list):
        raise Problem("must be a list of diagnosis codes, like [S62.101A, W01.XXXA]")
    codes = [str(code).strip().upper() for code in value]
    bad = [code for code in codes if not re.fullmatch(r"[A-Z0-9.]{3,8}", code)]
    if bad:
        raise Problem(f"{', '.join(map(repr, bad))} is not a diagnosis code (letters, digits and dots, 3-8)")
    return codes


REQUIRED, OPTIONAL = True, False

PARTY_FIELDS = {
    "id": (reference, REQUIRED),
    "role": (one_of(enums.PARTY_ROLES), REQUIRED),
    "name": (text(200), REQUIRED),
    "username": (username, REQUIRED),
    "password": (password, REQUIRED),
}
BENEFICIARY_FIELDS = {
    "id": (reference, REQUIRED),
    "mbi": (mbi, REQUIRED),
    "first_name": (text(100), REQUIRED),
    "last_name": (text(100), REQUIRED),
    "date_of_birth": (past_date, REQUIRED),
    "zip": (zip_code, REQUIRED),
}
CASE_FIELDS = {
    "case_id": (case_id, REQUIRED),
    "beneficiary": (reference, REQUIRED),
    "case_type": (one_of(enums.CASE_TYPES), REQUIRED),
    "debtor": (one_of(enums.DEBTORS), REQUIRED),
    "date_of_incident": (past_date, REQUIRED),
    "injury_description": (text(2000), REQUIRED),
    "phase": (one_of(enums.CASE_PHASES), OPTIONAL),
    "final_conditional_payment_requested_on": (optional_past_date, OPTIONAL),
    "final_conditional_payment_amount": (money, OPTIONAL),
    "final_conditional_payment_status": (one_of(enums.FCP_STATUSES), OPTIONAL),
    "conditional_payment_notice_on": (optional_past_date, OPTIONAL),
    "authorizations": (None, OPTIONAL),
    "claims": (None, OPTIONAL),
    "correspondence": (None, OPTIONAL),
    "requests": (None, OPTIONAL),
    "demand": (None, OPTIONAL),
}
AUTHORIZATION_FIELDS = {
    "party": (reference, REQUIRED),
    "kind": (one_of(enums.AUTHORIZATION_KINDS), REQUIRED),
    "received_on": (past_date, REQUIRED),
}
CLAIM_FIELDS = {
    "claim_number": (text(30), REQUIRED),
    "from_date": (past_date, REQUIRED),
    "to_date": (past_date, REQUIRED),
    "provider": (text(200), REQUIRED),
    "diagnosis_codes": (diagnosis_codes, REQUIRED),
    "amount_paid": (money, REQUIRED),
    "status": (one_of(enums.CLAIM_STATUSES), OPTIONAL),
}
CORRESPONDENCE_FIELDS = {
    "type": (text(100), REQUIRED),
    "direction": (one_of(enums.DIRECTIONS), REQUIRED),
    "date": (past_date, REQUIRED),
    "status": (text(100), REQUIRED),
    "description": (optional_text(2000), OPTIONAL),
}
REQUEST_FIELDS = {
    "kind": (one_of(enums.REQUEST_KINDS), REQUIRED),
    "received_on": (past_date, REQUIRED),
    "decision": (optional_text(200), OPTIONAL),
    "decision_on": (optional_past_date, OPTIONAL),
}
DEMAND_FIELDS = {
    "issued_on": (past_date, REQUIRED),
    "amount": (money, REQUIRED),
}
TOP_LEVEL_KEYS = ("parties", "beneficiaries", "cases")


@dataclass
class CasePlan:
    """One validated case: its columns, and its children as column dicts (``party`` still a file id)."""

    columns: dict[str, Any]
    beneficiary: str
    #: The phase the file's dates imply, used when the file gives no ``phase`` (see :func:`default_phase`).
    derived_phase: str = "conditional_payment"
    authorizations: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    correspondence: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    demand: dict[str, Any] | None = None


@dataclass
class ImportPlan:
    """A whole file, validated: nothing in it can fail on the way into the database."""

    parties: dict[str, dict[str, Any]]
    beneficiaries: dict[str, dict[str, Any]]
    cases: list[CasePlan]


class Validator:
    """Collects every problem of a file, one line each, instead of stopping at the first."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def items(self, container: Mapping[str, Any], key: str, path: str) -> list[tuple[str, Any]]:
        """The (path, item) pairs of an optional list ``container[key]``."""
        value = container.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{path}{key}", "must be a list")
            return []
        return [(f"{path}{key}[{index}]", item) for index, item in enumerate(value)]

    def record(self, raw: Any, path: str, fields: dict[str, tuple[Parser | None, bool]]) -> dict[str, Any] | None:
        """Parse one record: every required key present, no unknown key, every value valid."""
        if not isinstance(raw, dict):
            self.problem(path, "must be a mapping of keys to values")
            return None
        parsed: dict[str, Any] = {}
        before = len(self.problems)
        for key in raw:
            if key not in fields:
                self.problem(f"{path}.{key}", f"unknown key (expected {', '.join(fields)})")
        for key, (parse, required) in fields.items():
            if raw.get(key) is None:
                if required:
                    self.problem(f"{path}.{key}", "is required")
                elif key in raw and parse is not None:
                    parsed[key] = None  # an explicit null clears a stored value; a missing key keeps it
                continue
            if parse is None:
                continue
            try:
                parsed[key] = parse(raw[key], self.today)
            except Problem as problem:
                self.problem(f"{path}.{key}", str(problem))
        return parsed if len(self.problems) == before else None

    def unique(self, path: str, key: str, value: Any, seen: dict[Any, str], what: str) -> None:
        if value in seen:
            self.problem(f"{path}.{key}", f"duplicate {what} (also {seen[value]})")
        else:
            seen[value] = path


def validate(document: Any, today: date) -> ImportPlan:
    """Check a whole parsed file; :class:`ImportRejected` with every problem, else the plan to write."""
    check = Validator(today)
    if not isinstance(document, dict):
        raise ImportRejected(["file: must be a mapping with parties, beneficiaries and cases"])
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            check.problem(str(key), f"unknown key (expected {', '.join(TOP_LEVEL_KEYS)})")

    parties, party_ids = identified_records(check, document, "parties", PARTY_FIELDS, "party", "username", "username")
    roles = {ref: party["role"] for ref, party in parties.items()}
    beneficiaries, beneficiary_ids = identified_records(
        check, document, "beneficiaries", BENEFICIARY_FIELDS, "beneficiary", "mbi", "MBI"
    )

    cases: list[CasePlan] = []
    case_ids: dict[Any, str] = {}
    for path, raw in check.items(document, "cases", ""):
        plan = validate_case(check, path, raw, beneficiary_ids, party_ids, roles)
        if plan is not None:
            check.unique(path, "case_id", plan.columns["case_id"], case_ids, "case_id")
            cases.append(plan)
    if check.problems:
        raise ImportRejected(check.problems)
    return ImportPlan(parties, beneficiaries, cases)


def identified_records(
    check: Validator, document: Mapping[str, Any], key: str, fields: dict[str, tuple[Parser | None, bool]],
    what: str, natural_key: str, natural_label: str,
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The valid records of ``document[key]`` by their file-local ``id`` (each id and each natural key
    once; for a duplicate the first one stands), and every id the file uses (valid record or not)."""
    records: dict[str, dict[str, Any]] = {}
    ids: dict[Any, str] = {}
    naturals: dict[Any, str] = {}
    for path, raw in check.items(document, key, ""):
        if isinstance(raw, dict) and raw.get("id") is not None:
            check.unique(path, "id", str(raw["id"]).strip(), ids, f"{what} id")
        record = check.record(raw, path, fields)
        if record is not None:
            check.unique(path, natural_key, record[natural_key], naturals, natural_label)
            records.setdefault(record.pop("id"), record)
    return records, ids


def claim_rules(item_path: str, claim: dict[str, Any], check: Validator) -> None:
    if claim["to_date"] < claim["from_date"]:
        check.problem(f"{item_path}.to_date", "must not be before from_date")


def request_rules(item_path: str, request: dict[str, Any], check: Validator) -> None:
    if (request.get("decision") is None) != (request.get("decision_on") is None):
        missing = "decision_on" if request.get("decision_on") is None else "decision"
        check.problem(f"{item_path}.{missing}", "is required when a decision or decision date is given")
    elif request.get("decision_on") is not None and request["decision_on"] < request["received_on"]:
        check.problem(f"{item_path}.decision_on", "must not be before received_on")


@dataclass(frozen=True)
class Child:
    """A list of records under a case: its fields, and the natural key that is unique on the case and
    finds the stored row again on a re-import (a duplicate is reported on the key's last field)."""

    fields: dict[str, tuple[Parser | None, bool]]
    natural_key: tuple[str, ...]
    duplicate: str


CHILDREN = {
    "authorizations": Child(AUTHORIZATION_FIELDS, ("party", "kind"), "authorization for this party"),
    "claims": Child(CLAIM_FIELDS, ("claim_number",), "claim_number on this case"),
    "correspondence": Child(CORRESPONDENCE_FIELDS, ("type", "direction", "date"),
                            "correspondence (same type, direction and date)"),
    "requests": Child(REQUEST_FIELDS, ("kind", "received_on"), "request (same kind and received date)"),
}


def validate_case(
    check: Validator,
    path: str,
    raw: Any,
    beneficiary_ids: Mapping[str, str],
    party_ids: Mapping[str, str],
    roles: Mapping[str, str],
) -> CasePlan | None:
    """One case and its children; cross-field rules cite msp-rules.md."""
    columns = check.record(raw, path, CASE_FIELDS)
    plan = None if columns is None else CasePlan(columns, columns.pop("beneficiary"))
    if plan is not None and plan.beneficiary not in beneficiary_ids:
        check.problem(f"{path}.beneficiary", f"no beneficiary with id {plan.beneficiary!r} in this file")
    if not isinstance(raw, dict):
        return None

    def authorization_rules(item_path: str, authorization: dict[str, Any]) -> None:
        party, kind = authorization["party"], authorization["kind"]
        if party not in party_ids:
            check.problem(f"{item_path}.party", f"no party with id {party!r} in this file")
        elif party in roles and roles[party] not in enums.ROLES_FOR_AUTHORIZATION[kind]:
            check.problem(
                f"{item_path}.kind",
                f"an {roles[party]} cannot hold a {kind} (msp-rules.md section 8: only "
                f"{' or '.join(enums.ROLES_FOR_AUTHORIZATION[kind])})",
            )

    rules: dict[str, Callable[[str, dict[str, Any]], None]] = {
        "authorizations": authorization_rules,
        "claims": lambda item_path, claim: claim_rules(item_path, claim, check),
        "requests": lambda item_path, request: request_rules(item_path, request, check),
    }
    for key, child in CHILDREN.items():
        seen: dict[Any, str] = {}
        for item_path, item in check.items(raw, key, f"{path}."):
            record = check.record(item, item_path, child.fields)
            if record is None:
                continue
            natural = tuple(record[name] for name in child.natural_key)
            check.unique(item_path, child.natural_key[-1], natural, seen, child.duplicate)
            if key in rules:
                rules[key](item_path, record)
            if plan is not None:
                getattr(plan, key).append(record)

    if raw.get("demand") is not None:
        demand = check.record(raw["demand"], f"{path}.demand", DEMAND_FIELDS)
        if plan is not None and demand is not None:
            plan.demand = demand

    if plan is not None:
        check_case_rules(check, path, plan, demand_given=raw.get("demand") is not None)
    return plan


def check_case_rules(check: Validator, path: str, plan: CasePlan, demand_given: bool) -> None:
    """Rules across a case's fields; the phase defaults to what the case's dates say."""
    columns = plan.columns
    fcp_on = columns.get("final_conditional_payment_requested_on")
    if fcp_on is not None and columns["case_type"] not in enums.FCP_CASE_TYPES:
        check.problem(
            f"{path}.final_conditional_payment_requested_on",
            "the Final Conditional Payment process is for liability and workers' compensation cases only "
            "(msp-rules.md section 4)",
        )
    for key in ("final_conditional_payment_amount", "final_conditional_payment_status"):
        if columns.get(key) is not None and fcp_on is None:
            check.problem(f"{path}.{key}", "needs final_conditional_payment_requested_on")
    for key in ("final_conditional_payment_requested_on", "conditional_payment_notice_on"):
        if columns.get(key) is not None and columns[key] < columns["date_of_incident"]:
            check.problem(f"{path}.{key}", "must not be before date_of_incident")
    if plan.demand is not None and plan.demand["issued_on"] < columns["date_of_incident"]:
        check.problem(f"{path}.demand.issued_on", "must not be before date_of_incident")
    plan.derived_phase = default_phase(plan)
    phase = columns.get("phase") or plan.derived_phase
    if phase == "final_conditional_payment" and fcp_on is None:
        check.problem(f"{path}.final_conditional_payment_requested_on", "is required when phase is final_conditional_payment")
    if phase == "demand" and not demand_given:
        check.problem(f"{path}.demand", "is required when phase is demand")


def default_phase(plan: CasePlan) -> str:
    """The phase of a new case without an explicit ``phase``: demand if a demand letter was issued,
    final_conditional_payment if the Final CP amount was requested, else conditional_payment."""
    if plan.demand is not None:
        return "demand"
    if plan.columns.get("final_conditional_payment_requested_on") is not None:
        return "final_conditional_payment"
    return "conditional_payment"


# --- reading the file -------------------------------------------------------------------------------


def load_document(path: Path) -> Any:
    """The parsed file: JSON for ``.json``, YAML otherwise; :class:`ImportRejected` if it cannot be read."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRejected([f"{path}: cannot be read ({error})"]) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(content)
        return yaml.safe_load(content)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        raise ImportRejected([f"{path}: not valid {kind} ({' '.join(str(error).split())})"]) from None


# --- writing ----------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """How many rows of each table were created, updated or left unchanged."""

    tallies: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, table: str, outcome: str) -> None:
        self.tallies.setdefault(table, Counter())[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(tally["created"] or tally["updated"] for tally in self.tallies.values())

    def lines(self) -> list[str]:
        lines = []
        for table, tally in self.tallies.items():
            parts = [f"{tally[outcome]} {outcome}" for outcome in ("created", "updated", "unchanged") if tally[outcome]]
            lines.append(f"  {table}: {sum(tally.values())} ({', '.join(parts)})")
        return lines


def upsert(
    session: Session,
    model: type,
    key: dict[str, Any],
    values: dict[str, Any],
    summary: ImportSummary,
    defaults: Mapping[str, Any] | None = None,
) -> Any:
    """The row of ``model`` with natural ``key``, created (``defaults`` filling what ``values`` lacks) or
    brought up to ``values``; columns not in ``values`` keep what is stored. Tallied in ``summary``."""
    row = session.execute(select(model).filter_by(**key)).scalar_one_or_none()
    if row is None:
        row = model(**key, **{**(defaults or {}), **values})
        session.add(row)
        session.flush()
        summary.count(model.__tablename__, "created")
        return row
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    summary.count(model.__tablename__, "updated" if changed else "unchanged")
    return row


def split(record: Mapping[str, Any], *key_names: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record's natural key and the rest of its values."""
    return ({name: record[name] for name in key_names},
            {name: value for name, value in record.items() if name not in key_names})


#: The table of each kind of case child, and the defaults a new row gets.
CHILD_MODELS: dict[str, tuple[type, dict[str, Any]]] = {
    "authorizations": (models.Authorization, {}),
    "claims": (models.Claim, {"status": "related"}),
    "correspondence": (models.Correspondence, {}),
    "requests": (models.Request, {}),
}


def write(session: Session, plan: ImportPlan) -> ImportSummary:
    """Upsert a validated plan in the caller's transaction.

    Optional keys the file leaves out keep what the store holds, because the bot changes some of them
    (a claim's status after a dispute; a case's phase and Final Conditional Payment date after a request
    in chat) and ``make run`` imports the demo file at every start; an explicit null clears a value.
    """
    summary = ImportSummary()
    party_rows = {}
    for ref, party in plan.parties.items():
        existing = session.execute(
            select(models.Party).where(models.Party.username == party["username"])
        ).scalar_one_or_none()
        keep = existing is not None and passwords.verify_password(existing.password_hash, party["password"])
        password_hash = existing.password_hash if keep else passwords.hash_password(party["password"])
        values = {"role": party["role"], "name": party["name"], "password_hash": password_hash}
        party_rows[ref] = upsert(session, models.Party, {"username": party["username"]}, values, summary)
    beneficiary_rows = {
        ref: upsert(session, models.Beneficiary, *split(columns, "mbi"), summary)
        for ref, columns in plan.beneficiaries.items()
    }
    for case in plan.cases:
        key, values = split(case.columns, "case_id")
        if values.get("phase") is None:  # a new case gets the phase its dates imply; a stored one keeps its own
            values.pop("phase", None)
        upsert(session, models.Case, key, {**values, "beneficiary_id": beneficiary_rows[case.beneficiary].id},
               summary, defaults={"phase": case.derived_phase})
        on_case = {"case_id": key["case_id"]}
        for child_key, child in CHILDREN.items():
            model, defaults = CHILD_MODELS[child_key]
            for record in getattr(case, child_key):
                key, values = split(record, *child.natural_key)
                if "party" in key:  # authorizations name the party by its id in the file
                    key["party_id"] = party_rows[key.pop("party")].id
                upsert(session, model, {**on_case, **key}, values, summary, defaults=defaults)
        if case.demand is not None:
            key, values = split(case.demand, "issued_on")
            upsert(session, models.DemandLetter, {**on_case, **key}, values, summary)
    return summary


def import_file(path: Path, url: str, today: date | None = None) -> ImportSummary:
    """Validate ``path`` whole, then (only if it is clean) upgrade the database and upsert it in one transaction."""
    plan = validate(load_document(path), clock.today() if today is None else today)
    upgrade_database(url)
    with CaseStore(url) as store, store.session() as session, session.begin():
        return write(session, plan)
