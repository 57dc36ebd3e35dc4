"""Case status, conditional payment information, the Final Conditional Payment request and claim
disputes, end to end over REST with the trained model; stored records checked in the database."""
from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest

from assistant_testing import start_with_cases
from msp_assistant.harness import RunningAssistant
from msp_assistant.store.repository import CaseStore

pytestmark = pytest.mark.e2e

CASES = Path(__file__).parent / "fixtures" / "case_status_cases.yaml"
KIM, PARK, ORTIZ, REED, CLOSED, NO_LETTER = (f"2000000000000{n}" for n in (21, 22, 23, 24, 25, 26))


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('case-status') / 'msp.db'}"


@pytest.fixture(scope="module")
def bot(trained_model: Path, database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningAssistant]:
    running = start_with_cases(CASES, database_url, tmp_path_factory.mktemp("case-status-logs"))
    yield running
    running.stop()


@pytest.fixture
def store(database_url: str) -> Iterator[CaseStore]:
    with CaseStore(database_url) as opened:
        yield opened


class Chat:
    """One conversation, signed in (or not)."""

    def __init__(self, bot: RunningAssistant, username: str | None = None, password: str | None = None) -> None:
        self.bot, self.sender = bot, f"cs-{uuid.uuid4().hex[:12]}"
        self.metadata = {"token": bot.login(username, password)} if username else None

    def __call__(self, text: str) -> str:
        return self.bot.say(self.sender, text, self.metadata)


def brooks(bot: RunningAssistant) -> Chat:
    return Chat(bot, "jbrooks", "brooks-attorney-pass-1")


# --- case status ---------------------------------------------------------------------------------

def test_status_by_beneficiary_name(bot: RunningAssistant) -> None:
    reply = brooks(bot)("what's the status on the Ortiz case?")
    assert "Case 20000 00000 00023: liability insurance, Luis Ortiz" in reply
    assert "Demand letter: $2,100.00 issued 03/03/2025; payment due 05/02/2025; redetermination (appeal) by 07/06/2025." in reply
    assert "redetermination received 04/01/2025, no decision yet" in reply
    assert "Next step: Pay the demand of $2,100.00 by 05/02/2025" in reply


def test_which_cases_need_action(bot: RunningAssistant) -> None:
    reply = brooks(bot)("which of my cases need action?")
    assert "Case 20000 00000 00023 (Ortiz): Pay the demand of $2,100.00 by 05/02/2025" in reply
    assert "00025" not in reply and "00026" not in reply  # closed, and still waiting for the letter


def test_conditional_payment_amount(bot: RunningAssistant) -> None:
    reply = brooks(bot)(f"what is the conditional payment amount on case {NO_LETTER}")
    assert reply.startswith("The current conditional payment amount on case 20000 00000 00026 is $310.00 in 1 claims (as of 05/01/2025).")


def test_status_is_refused_without_authorization_and_audited(bot: RunningAssistant, store: CaseStore) -> None:
    chat = Chat(bot, "cmoore", "moore-consent-pass-1")
    reply = chat(f"status of case {ORTIZ}")
    assert "no Proof of Representation, Consent to Release or Letter of Authority on file" in reply
    entries = store.audit_entries(conversation_id=chat.sender)
    assert [(e.action, e.case_id, e.allowed) for e in entries] == [("case_status", ORTIZ, False)]


# --- conditional payment letter and early demand -------------------------------------------------

def test_copy_of_the_conditional_payment_letter_by_mail_is_recorded(bot: RunningAssistant, store: CaseStore) -> None:
    chat = brooks(bot)
    assert "by mail, or as an electronic copy" in chat(f"send me a copy of the conditional payment letter for case {KIM}")
    assert "multi-factor authentication" in chat("electronic copy")  # a representative needs MFA for the eCPL
    reply = chat("by mail please")
    assert "requested a copy of the current conditional payment letter for case 20000 00000 00021" in reply
    assert "mailed" in reply
    requests = [c for c in store.correspondence(KIM) if c.type == "conditional_payment_letter_copy_request"]
    assert [(c.direction, c.status, c.description) for c in requests] == [
        ("received", "requested", "copy of the current conditional payment letter by mail")]


def test_initiate_demand_early_after_agreeing(bot: RunningAssistant, store: CaseStore) -> None:
    chat = brooks(bot)
    question = chat(f"I agree with the amount, please initiate the demand letter for case {REED}")
    assert "$880.00 in 1 claims" in question and "30-day" in question
    assert "requested" in chat("yes")
    assert [c.type for c in store.correspondence(REED)].count("demand_letter_request") == 1
    again = chat(f"initiate the demand letter for case {REED}")  # a second time is refused with the reason
    assert "already been requested" in again
    assert [c.type for c in store.correspondence(REED)].count("demand_letter_request") == 1


def test_initiate_demand_refused_once_demanded(bot: RunningAssistant) -> None:
    reply = brooks(bot)(f"initiate the demand letter for case {ORTIZ}")
    assert "can't be initiated early" in reply and "demand" in reply


# --- Final Conditional Payment --------------------------------------------------------------------

def test_final_conditional_payment_is_frozen_with_exact_dates(bot: RunningAssistant, store: CaseStore) -> None:
    chat = brooks(bot)
    assert "When do you expect the case to settle?" in chat(f"request the final conditional payment amount for case {PARK}")
    assert "120 days or less" in chat("in about 6 months")
    question = chat("in two weeks")
    assert "$3,475.50" in question and "05/06/2025" in question and "05/31/2025" in question
    done = chat("yes")
    assert "is $3,475.50, requested 05/01/2025" in done
    assert "settle by 05/06/2025" in done and "Report the settlement by 05/31/2025" in done
    assert "non-physical trauma-based" in done
    case = store.case(PARK)
    assert case.final_conditional_payment_requested_on.isoformat() == "2025-05-01"
    assert case.final_conditional_payment_amount == Decimal("3475.50") and case.phase == "final_conditional_payment"
    assert "can be requested only once" in chat(f"request the final conditional payment amount for case {PARK}")


def test_final_conditional_payment_refusals(bot: RunningAssistant) -> None:
    chat = brooks(bot)
    no_fault = chat(f"request the final conditional payment amount for case {REED}")
    assert "only for liability and workers' compensation cases" in no_fault
    closed = chat(f"request the final conditional payment amount for case {CLOSED}")
    assert "case status is closed" in closed


# --- disputes -------------------------------------------------------------------------------------

def test_dispute_by_number_is_stored_and_shown_in_status(bot: RunningAssistant, store: CaseStore) -> None:
    chat = brooks(bot)
    listing = chat(f"I want to dispute claims on case {KIM}")
    assert "1. 08/10/2024, $1,500.00" in listing and "4. 12/18/2024, $120.00" in listing
    assert "Which claims are not related" in listing
    assert "masked" in chat("the cardiology ones")  # provider names are masked for a representative without MFA
    assert "Why are these claims not related" in chat("3 and 4")
    confirm = chat("Heart and skin treatment, nothing to do with the broken ankle")
    assert "2 claims totalling $770.00" in confirm and "from $2,670.00 to $1,900.00" in confirm
    done = chat("yes")
    assert "Your dispute of 2 claims ($770.00)" in done and "$1,900.00" in done
    assert "You can upload the documentation supporting a claim dispute" in done
    disputes = store.disputes(KIM)
    assert [(d.claim_numbers, d.status) for d in disputes] == [(("1024340000213", "1024350000214"), "submitted")]
    assert {c.claim_number: c.status for c in store.claims(KIM)}["1024340000213"] == "disputed"
    status = chat(f"status of case {KIM}")
    assert "of which $770.00 is in 2 disputed claims" in status and "Disputes: submitted" in status
    again = brooks(bot)
    again(f"dispute claims on case {KIM}")
    assert "already in dispute" in again("3")


def test_beneficiary_picks_claims_by_month_then_cancels(bot: RunningAssistant, store: CaseStore) -> None:
    chat = Chat(bot)
    chat("I want to dispute some claims")
    chat("6PR9WX3YA56")
    chat("Park")
    verified = chat("09/09/1952")
    assert "Thank you, Henry" in verified and "Which case?" in verified  # two cases: asks which
    refused = chat(f"dispute claims on case {NO_LETTER}")
    assert "can be disputed once a conditional payment letter or notice has been issued" in refused
    listing = chat(f"dispute claims on case {PARK}")
    assert "provider: Shoulder & Sports Clinic" in listing  # beneficiaries see provider names
    assert "Why are these claims not related" in chat("the ones from January")
    confirm = chat("That clinic visit was for my other shoulder, years-old arthritis")
    assert "1 claims totalling $275.50" in confirm and "from $3,475.50 to $3,200.00" in confirm
    assert "I stopped" in chat("cancel")
    assert store.disputes(PARK) == []


def test_consent_to_release_cannot_dispute(bot: RunningAssistant) -> None:
    reply = Chat(bot, "cmoore", "moore-consent-pass-1")(f"dispute claims on case {KIM}")
    assert "Consent to Release only lets you view them" in reply


def test_closed_case_points_to_the_appeal_deadline(bot: RunningAssistant) -> None:
    reply = brooks(bot)(f"dispute claims on case {CLOSED}")
    assert "can't be disputed while the case status is closed" in reply
    assert "deadline to appeal the demand (redetermination) was 01/04/2025" in reply


def test_cancel_a_dispute_stores_nothing(bot: RunningAssistant, store: CaseStore) -> None:
    before = len(store.disputes(ORTIZ))
    chat = brooks(bot)
    chat(f"dispute claims on case {ORTIZ}")
    chat("1")
    assert "I stopped" in chat("cancel")
    assert len(store.disputes(ORTIZ)) == before


# --- "Which case?" ---------------------------------------------------------------------------------

def test_a_case_number_alone_answers_which_case(bot: RunningAssistant) -> None:
    chat = brooks(bot)
    assert "Which case?" in chat("what is the conditional payment amount?")  # several cases: asks
    reply = chat(NO_LETTER)
    assert reply.startswith("The current conditional payment amount on case 20000 00000 00026 is $310.00")


def test_a_case_number_with_nothing_waiting_gives_its_status(bot: RunningAssistant) -> None:
    reply = brooks(bot)(f"case {ORTIZ}")
    assert "Case 20000 00000 00023: liability insurance, Luis Ortiz" in reply and "Next step:" in reply
