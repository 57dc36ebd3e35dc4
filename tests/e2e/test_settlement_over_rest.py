"""Reporting a settlement and checking the Fixed Percentage Option, end to end over REST with the
trained model: what the user reads, and what the case store holds afterwards."""
from __future__ import annotations

import uuid

import pytest

from msp_assistant.harness import RunningAssistant
from msp_assistant.store.repository import CaseStore

pytestmark = pytest.mark.e2e

GARCIA_CASE = "200000000000011"  # liability, beneficiary Rosa Garcia verified in chat; claims $3,000.00
FCP_IN_WINDOW_CASE = "200000000000012"  # FCP requested 04/28/2025: window to 05/01/2025, notice due 05/28/2025
FCP_VOID_CASE = "200000000000013"
WC_CASE = "200000000000014"  # workers' compensation, beneficiary debtor; insurer wcins holds a Letter of Authority
PLAN_DEBTOR_CASE = "300000000000015"
NO_FAULT_CASE = "200000000000016"
DEMAND_CASE = "200000000000017"
CPN_CASE = "200000000000018"
REYES_CASE = "200000000000019"  # liability, attorney jreyes holds a Proof of Representation; claims $4,000.00

ASKS_INJURY = "What type of injury is the settlement for"
ASKS_AMOUNT = "What is the settlement amount"
ASKS_DATE = "What is the settlement date"
ASKS_OPTION = "Which settlement detail applies"
ASKS_EXCLUSIONS = "MED/PIP/Other exclusions"
ASKS_CONFIRMATION = "Is all of this accurate?"


def sender() -> str:
    return f"nos-{uuid.uuid4().hex[:12]}"


def settlements_of(sqlite_url: str, case_id: str, conversation: str) -> list:
    with CaseStore(sqlite_url) as store:
        return [s for s in store.settlements(case_id) if s.conversation_id == conversation]


class Chat:
    """One conversation, signed in (token) or not."""

    def __init__(self, assistant: RunningAssistant, token: str | None = None) -> None:
        self.assistant, self.who = assistant, sender()
        self.metadata = {"token": token} if token else None

    def say(self, text: str) -> str:
        return self.assistant.say(self.who, text, self.metadata)


def as_reyes(assistant: RunningAssistant) -> Chat:
    return Chat(assistant, assistant.login("jreyes", "reyes-attorney-pass-1"))


def verified_garcia(assistant: RunningAssistant) -> tuple[Chat, str]:
    chat = Chat(assistant)
    assert "What is your Medicare Number?" in chat.say("I want to report a settlement")
    chat.say("4TA1-C23-DE45")
    chat.say("Garcia")
    return chat, chat.say("04/20/1951")


# --- a full happy path per settlement-details option -----------------------------------------------

def test_beneficiary_reports_a_settlement_without_attorney_fees(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat, reply = verified_garcia(assistant)
    assert "Thank you, Rosa. You are verified" in reply
    assert "Let's report the settlement on case 20000 00000 00011" in reply
    assert "proposed amount" in reply and "dispute" in reply  # when not to submit, said first
    assert ASKS_INJURY in reply
    assert "Got it: the injury type, traumatic injury." in chat.say("it was a slip and fall")
    assert "Got it: the settlement amount, $8,000.00." in chat.say("eight thousand dollars")
    assert "Got it: the settlement date, 03/03/2025." in chat.say("March 3rd")
    assert "Got it: the settlement detail, none (no attorney fees)." in chat.say("none, no lawyer")
    summary = chat.say("none")
    assert "Got it: the MED/PIP/other exclusions, none." in summary
    assert "- Settlement amount: $8,000.00" in summary and "- Settlement date: 03/03/2025" in summary
    assert "No supporting documents are required" in summary
    assert "Estimate of Medicare's recovery: $3,000.00. This is an estimate" in summary
    assert "Procurement ratio: $0.00 ÷ $8,000.00 = 0.00%." in summary and ASKS_CONFIRMATION in summary
    done = chat.say("yes")
    assert "Your notice of settlement is submitted. Your confirmation number is NOS-" in done
    assert "allow 20 days (until about 05/21/2025)" in done and "Final Demand Letter" in done
    (stored,) = settlements_of(sqlite_url, GARCIA_CASE, chat.who)
    assert stored.answers == {"injury_type": "traumatic", "settlement_amount": "8000.00", "settlement_date": "2025-03-03",
                              "details_option": "none", "med_pip_exclusions": "none", "confirmed": True}
    assert stored.actor_kind == "beneficiary" and stored.documents_owed == ()
    assert stored.verdict["ok"] is True and stored.estimate["amount"] == "3000.00"
    assert stored.confirmation_number in done


def test_attorney_reports_attorney_fees_and_is_offered_the_final_settlement_detail_upload(
    assistant: RunningAssistant, sqlite_url: str
) -> None:
    chat = as_reyes(assistant)
    assert ASKS_INJURY in chat.say(f"report a settlement for case {REYES_CASE}")
    chat.say("traumatic")
    chat.say("8000")
    chat.say("03/03/2025")
    assert "How much were the attorney fees" in chat.say("attorney fees")
    assert "Got it: the attorney fees, $2,666.67." in chat.say("2,666.67")
    chat.say("150")
    summary = chat.say("no")
    assert "Final Settlement Detail document" in summary
    assert "Procurement costs: attorney fees $2,666.67 + expenses $150.00 = $2,816.67." in summary
    done = chat.say("yes")
    assert "You can upload the Final Settlement Detail document for case 20000 00000 00019" in done
    (stored,) = settlements_of(sqlite_url, REYES_CASE, chat.who)
    assert stored.answers["attorney_fees"] == "2666.67" and stored.answers["attorney_expenses"] == "150.00"
    assert stored.documents_owed == ("final_settlement_detail",) and stored.actor_kind == "party"


def test_attorney_fee_percentage_a_third(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat = as_reyes(assistant)
    chat.say(f"report a settlement for case {REYES_CASE}")
    for answer in ("car accident", "$9,000", "04/01/2025"):
        chat.say(answer)
    assert "What percentage of the settlement" in chat.say("attorney fee percentage")
    assert "Got it: the attorney fee percentage, 33%." in chat.say("a third")
    summary = chat.say("none")
    assert "Procurement costs: 33% of $9,000.00 = $2,970.00." in summary
    chat.say("yes")
    (stored,) = settlements_of(sqlite_url, REYES_CASE, chat.who)
    assert stored.answers["attorney_fee_percentage"] == 33 and stored.answers["details_option"] == "attorney_fee_percentage"


def test_fixed_percentage_option_in_the_form(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat = as_reyes(assistant)
    chat.say(f"report a settlement for case {REYES_CASE}")
    for answer in ("traumatic", "8000", "04/02/2025"):
        chat.say(answer)
    assert "other settlement, judgment, award or payment" in chat.say("the fixed percentage option")
    summary = chat.say("no")
    assert ASKS_EXCLUSIONS not in summary  # exclusions can't be entered with the FPO
    assert "Fixed Percentage Option Election Model Language" in summary
    assert "Estimate of Medicare's recovery: $2,000.00" in summary and "$8,000.00 × 25.00% = $2,000.00" in summary
    done = chat.say("yes")
    assert "You can upload the Fixed Percentage Option election document" in done
    (stored,) = settlements_of(sqlite_url, REYES_CASE, chat.who)
    assert stored.documents_owed == ("fpo_election",) and stored.estimate["method"] == "fixed_percentage"


# --- bad answers, questions, corrections, cancel ---------------------------------------------------

def test_each_kind_of_bad_answer_is_explained_and_asked_again_keeping_earlier_answers(
    assistant: RunningAssistant, sqlite_url: str
) -> None:
    chat = as_reyes(assistant)
    chat.say(f"report a settlement for case {REYES_CASE}")
    reply = chat.say("what's the difference between traumatic and non-physical?")
    assert "Traumatic injury: an injury or illness from a sudden physical injury" in reply and ASKS_INJURY in reply
    assert "Please say \"traumatic\"" in chat.say("blue")
    chat.say("traumatic")
    assert "I couldn't find an amount" in chat.say("a lot of money")
    reply = chat.say("0")
    assert "The settlement amount must be at least $0.01; you entered $0.00." in reply and ASKS_AMOUNT in reply
    assert "Medicare is entitled to recover" in reply  # second failure: why it is asked, and how to stop
    assert "at most two digits after the decimal point" in chat.say("8000.505")
    chat.say("8000")
    reply = chat.say("why do you need this?")
    assert "the date the payment obligation was established" in reply and ASKS_DATE in reply
    assert "can't be in the future" in chat.say("06/01/2025")
    assert "isn't a real date" in chat.say("13/45/2025")
    assert "must be after the date of incident, 10/01/2024" in chat.say("09/01/2024")
    chat.say("03/03/2025")
    chat.say("attorney fee percentage")
    assert "from 1 to 100; you entered 150" in chat.say("150")
    assert "whole number" in chat.say("33.5")
    summary = chat.say("33")
    assert ASKS_EXCLUSIONS in summary
    summary = chat.say("none")
    assert "- Injury type: traumatic injury" in summary and "- Settlement amount: $8,000.00" in summary
    assert "- Attorney fee percentage: 33%" in summary


def test_a_correction_changes_an_earlier_answer(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat = as_reyes(assistant)
    chat.say(f"report a settlement for case {REYES_CASE}")
    chat.say("traumatic")
    chat.say("8000")
    reply = chat.say("actually the amount was 9,500")
    assert "I changed the settlement amount from $8,000.00 to $9,500.00." in reply and ASKS_DATE in reply
    chat.say("03/03/2025")
    chat.say("none")
    summary = chat.say("none")
    assert "- Settlement amount: $9,500.00" in summary
    reply = chat.say("no, the date was March 5")
    assert "I changed the settlement date from 03/03/2025 to 03/05/2025." in reply and "- Settlement date: 03/05/2025" in reply
    chat.say("yes")
    (stored,) = settlements_of(sqlite_url, REYES_CASE, chat.who)
    assert stored.answers["settlement_amount"] == "9500.00" and stored.answers["settlement_date"] == "2025-03-05"


def test_cancel_stops_and_stores_nothing(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat = as_reyes(assistant)
    chat.say(f"report a settlement for case {REYES_CASE}")
    chat.say("traumatic")
    chat.say("8000")
    assert "I stopped" in chat.say("cancel")
    assert settlements_of(sqlite_url, REYES_CASE, chat.who) == []
    assert ASKS_INJURY in chat.say(f"report a settlement for case {REYES_CASE}")  # starts over, nothing kept


def test_one_message_with_several_answers_fills_every_field_it_can(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat = as_reyes(assistant)
    reply = chat.say(f"we settled a slip and fall for $8,000 on March 3, attorney fees $2,666.67 on case {REYES_CASE}")
    for said in ("the injury type, traumatic injury", "the settlement amount, $8,000.00",
                 "the settlement date, 03/03/2025", "the settlement detail, attorney fees",
                 "the attorney fees, $2,666.67"):
        assert f"Got it: {said}." in reply
    assert "And the attorney expenses" in reply and ASKS_INJURY not in reply


# --- the Fixed Percentage Option check -------------------------------------------------------------

def test_fpo_check_for_an_eligible_case_compares_the_two_amounts(assistant: RunningAssistant) -> None:
    chat = as_reyes(assistant)
    reply = chat.say(f"can I use the fixed percentage option on case {REYES_CASE}?")
    assert "Let's check the Fixed Percentage Option for case 20000 00000 00019" in reply
    assert "What kind of case" not in reply  # known from the case
    for answer in ("traumatic", "8000", "none", "no"):
        reply = chat.say(answer)
    reply = chat.say("none")
    assert "Yes: this settlement qualifies for the Fixed Percentage Option." in reply
    assert "for a conditional payment amount of $4,000.00" in reply
    assert "- Fixed Percentage Option: $2,000.00" in reply and "- Standard formula: $4,000.00" in reply
    assert "The Fixed Percentage Option is lower, by $2,000.00." in reply
    assert "it is final" in reply and "Election Model Language" in reply


@pytest.mark.parametrize(
    ("case_id", "reason"),
    [
        (NO_FAULT_CASE, "only for liability settlements; this is a no-fault case"),
        (DEMAND_CASE, "can't be chosen after Medicare's demand letter (issued 03/01/2025)"),
        (CPN_CASE, "had to be chosen by 02/01/2025, the response date of the Conditional Payment Notice of 01/02/2025"),
    ],
)
def test_fpo_check_ruled_out_by_the_case(assistant: RunningAssistant, case_id: str, reason: str) -> None:
    reply = as_reyes(assistant).say(f"can I use the fixed percentage option on case {case_id}?")
    assert "the Fixed Percentage Option is not available" in reply and reason in reply


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        (("liability", "exposure to asbestos"), "only for a traumatic injury"),
        (("liability", "traumatic", "12,000"), "over the $10,000.00 limit"),
        (("liability", "traumatic", "8000", "$500"), "can't be entered with the Fixed Percentage Option"),
        (("liability", "traumatic", "8000", "none", "yes"), "another settlement, judgment, award or payment"),
        (("workers' compensation",), "only for liability settlements; this is a workers' compensation case"),
        (("liability", "traumatic", "8000", "none", "no", "03/01/2025"), "after Medicare's demand letter"),
    ],
    ids=["injury", "cap", "exclusions", "other-settlements", "case-type", "demand"],
)
def test_fpo_check_hypothetically_gives_each_reason(assistant: RunningAssistant, answers: tuple[str, ...],
                                                    reason: str) -> None:
    """Anonymous and hypothetical: the check stops asking as soon as an answer rules the option out."""
    chat = Chat(assistant)
    assert "What kind of case is it" in chat.say("can I use the fixed percentage option?")
    for answer in answers:
        reply = chat.say(answer)
    assert "No: the Fixed Percentage Option is not available here:" in reply and reason in reply
    assert "Estimates" not in reply


# --- who may report, workers' compensation, the FCP windows, retries ------------------------------

def test_only_beneficiary_debtor_cases_and_parties_that_may_act(assistant: RunningAssistant) -> None:
    reply = as_reyes(assistant).say(f"report a settlement for case {PLAN_DEBTOR_CASE}")
    assert "only be submitted on a case where the beneficiary is the debtor" in reply and ASKS_INJURY not in reply
    viewer = Chat(assistant, assistant.login("cview", "view-consent-pass-1"))
    reply = viewer.say(f"report a settlement for case {GARCIA_CASE}")
    assert "Consent to Release" in reply and "needs the right to act" in reply and ASKS_INJURY not in reply


def test_insurer_on_a_workers_compensation_case_cannot_enter_fees(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat = Chat(assistant, assistant.login("wcins", "prairie-insurer-pass-1"))
    chat.say(f"report a settlement for case {WC_CASE}")
    for answer in ("traumatic", "6000", "04/01/2025"):
        chat.say(answer)
    reply = chat.say("attorney fees")
    assert "PO Box 138832, Oklahoma City, OK 73113" in reply and "(405) 869-3309" in reply and ASKS_OPTION in reply
    assert "(405) 869-3309" in chat.say("a third")  # the percentage too
    chat.say("none")
    summary = chat.say("none")
    assert "Don't upload settlement documentation" in summary
    done = chat.say("yes")
    assert "You can upload" not in done
    (stored,) = settlements_of(sqlite_url, WC_CASE, chat.who)
    assert stored.documents_owed == () and stored.answers["details_option"] == "none"


def test_fcp_case_windows_and_a_settlement_outside_them_voids_the_process(
    assistant: RunningAssistant, sqlite_url: str
) -> None:
    chat = as_reyes(assistant)
    reply = chat.say(f"report a settlement for case {FCP_VOID_CASE}")
    assert "requested on 04/28/2025" in reply and "to 05/01/2025" in reply and "(by 05/28/2025)" in reply
    chat.say("traumatic")
    chat.say("5000")
    reply = chat.say("03/03/2025")
    assert "is not between your Final Conditional Payment request" in reply and "type it again" in reply
    assert "Got it: the settlement date, 03/03/2025." in chat.say("03/03/2025")
    chat.say("none")
    chat.say("none")
    done = chat.say("yes")
    assert "voided from the Final Conditional Payment process" in done
    with CaseStore(sqlite_url) as store:
        case = store.case(FCP_VOID_CASE)
    assert case.final_conditional_payment_status == "voided" and case.phase == "conditional_payment"
    assert len(settlements_of(sqlite_url, FCP_VOID_CASE, chat.who)) == 1


def test_fcp_settlement_within_the_window_completes_the_process(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat = as_reyes(assistant)
    chat.say(f"report a settlement for case {FCP_IN_WINDOW_CASE}")
    for answer in ("traumatic", "5000", "04/29/2025", "none", "none"):
        reply = chat.say(answer)
    assert "voided" not in reply
    assert "voided" not in chat.say("yes")
    with CaseStore(sqlite_url) as store:
        assert store.case(FCP_IN_WINDOW_CASE).final_conditional_payment_status == "complete"


def test_a_retry_stores_one_record(assistant: RunningAssistant, sqlite_url: str) -> None:
    chat = as_reyes(assistant)

    def report() -> str:
        chat.say(f"report a settlement for case {REYES_CASE}")
        for answer in ("traumatic", "7000", "03/03/2025", "none", "none"):
            chat.say(answer)
        return chat.say("yes")

    first = report()
    assert "Your confirmation number is NOS-" in first
    number = first.split("confirmation number is ")[1][:14]
    assert "submitted" not in chat.say("yes")  # the same message again: nothing more to submit
    again = report()  # the same notice filled in again, e.g. after a timeout
    assert "already submitted; nothing new was stored" in again and number in again
    (stored,) = settlements_of(sqlite_url, REYES_CASE, chat.who)
    assert stored.confirmation_number == number
