"""Reporting a Notice of Settlement in conversation: starting the report, and the form's validation.

The questions follow the Settlement Information page (Tables 1 and 2): injury type, settlement amount,
settlement date, settlement details, the fee fields the chosen option needs, MED/PIP/Other exclusions
(not with the Fixed Percentage Option), and the confirmation. Every answer is checked by
``rules_engine.check_field`` against the answers so far and the case's facts.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answer_extraction import CHOICE_FIELDS
from bot.actions.answer_validation import (
    FAILURES_SLOT,
    INJURY_TYPES_EXPLAINED,
    Answer,
    AnswerValidation,
    engine_value,
    latest_intent,
    latest_text,
)
from bot.actions.case_context import open_case
from bot.actions.identity import audit, current_viewer
from msp_assistant.case_status import format_case_id
from bot.actions.services import today
from bot.actions.settlement_case import case_facts, case_state, fcp_windows_text
from msp_assistant.access import Viewer
from rules_engine import CaseFacts, SettlementNotice, Verdict, check_field, check_fpo_eligibility, validate_settlement
from rules_engine.facts import NOTICE_FIELDS

DomainDict = dict[str, Any]

FORM = "settlement_form"
READY_SLOT = "nos_ready"
OPENING_SLOT = "nos_opening"
DATE_TO_CONFIRM_SLOT = "nos_date_to_confirm"
OTHER_SETTLEMENTS_UNKNOWN = "fpo_other_settlements_unknown"

SETTLEMENT_ANSWERS: tuple[Answer, ...] = (
    Answer("nos_injury_type", "injury_type", "the injury type", "choice",
           "The notice needs the type of accident, injury or illness being claimed or released for the beneficiary. "
           "Traumatic Injury must be selected for the Fixed Percentage Option, and for a case in the Final "
           "Conditional Payment process a non-physical trauma-based injury lets Medicare amend the final amount if "
           "related claims it did not include are found later."),
    Answer("nos_settlement_amount", "settlement_amount", "the settlement amount", "amount",
           "When a beneficiary receives a settlement, judgment, award or other payment, Medicare is entitled to "
           "recover the payments it made for the injury, and it needs the total payment obligation to calculate "
           "the net refund due. If attorney fees or costs were awarded in addition to the settlement, include them "
           "in the amount. It must be at least $0.01."),
    Answer("nos_settlement_date", "settlement_date", "the settlement date", "date",
           "The settlement date is the date the payment obligation was established, not necessarily the payment "
           "or check date: the date a written agreement was signed; if court approval is required, the later of "
           "the signing and the court approval; with no written agreement, the date the (first) payment was "
           "issued. It must be after 01/01/1960, after the date of incident, and not in the future."),
    Answer("nos_details_option", "details_option", "the settlement detail", "choice",
           "Attorney fees and expenses the beneficiary paid to get the settlement reduce what Medicare recovers, "
           "so the notice asks for one option: none (no attorney fees), attorney fees (dollar amounts for fees "
           "and expenses), attorney fee percentage, or the Fixed Percentage Option (Medicare recovers 25% of the "
           "settlement). Without an option the notice is processed without attorney fees."),
    Answer("nos_other_settlements", "other_settlements", "other settlements expected", "yes_no",
           "The Fixed Percentage Option is only for a beneficiary who has not received and does not expect any "
           "other settlement, judgment, award or payment for this incident."),
    Answer("nos_attorney_fees", "attorney_fees", "the attorney fees", "optional_amount",
           "Attorney fees are the total the attorney charged to take the case. Only what the beneficiary had to "
           "pay to get the settlement counts, and it reduces Medicare's recovery. Say none if there were none."),
    Answer("nos_attorney_expenses", "attorney_expenses", "the attorney expenses", "optional_amount",
           "Attorney expenses are the additional expenses the attorney charged, not including the fees, and only "
           "those the beneficiary paid. Attorney fees and expenses can't both be zero. Say none if there were none."),
    Answer("nos_fee_percentage", "attorney_fee_percentage", "the attorney fee percentage", "percentage",
           "The attorney fee percentage is the agreed percentage of the settlement the attorney charges the "
           "beneficiary; it works out the costs that reduce Medicare's recovery. It is a whole number from 1 to "
           "100 (no fractions)."),
    Answer("nos_exclusions", "med_pip_exclusions", "the MED/PIP/other exclusions", "optional_amount",
           "MED/PIP/Other exclusions are the total paid directly to the beneficiary and/or Medicare by Medical "
           "Payments coverage (MedPay), Personal Injury Protection (PIP) or another coverage for this incident. "
           "If Medicare paid claims for the incident, its recovery amount is directly affected by the amount "
           "entered. Say none if nothing was paid."),
    Answer("nos_confirmed", "confirmed", "the confirmation", "yes_no",
           "The MSPRP only accepts settlement information after you confirm it is accurate. Say yes to submit it, "
           "or tell me what to change (for example \"the amount was 9,500\"), or say cancel."),
)
SETTLEMENT_SLOTS = tuple(answer.slot for answer in SETTLEMENT_ANSWERS)
OPTION_SLOTS = {
    "attorney_fees": ("nos_attorney_fees", "nos_attorney_expenses"),
    "attorney_fee_percentage": ("nos_fee_percentage",),
    "fixed_percentage": ("nos_other_settlements",),
}
WHEN_NOT_TO_SUBMIT = (
    "Before we start: please don't submit a notice of settlement if the amount is only a proposed amount, or if "
    "there are claims you now want to dispute that you haven't disputed yet (dispute those first, from the "
    "claims listing). Otherwise it's best to report the settlement as soon as the case settles, even if the "
    "money hasn't been received yet or is held by the court."
)


def notice_from_slots(slots: dict[str, Any]) -> SettlementNotice:
    """The notice as answered so far; values not yet validated this turn count as not given."""
    known: dict[str, Any] = {}
    for answer in SETTLEMENT_ANSWERS:
        if answer.field not in NOTICE_FIELDS:
            continue
        value = slots.get(answer.slot)
        if answer.kind == "choice" and value not in CHOICE_FIELDS[answer.field]:
            value = None
        try:
            known[answer.field] = engine_value(answer.kind, value)
        except (ValueError, ArithmeticError, TypeError):
            known[answer.field] = None
    known["confirmed"] = slots.get("nos_confirmed") is True
    return SettlementNotice(**known)


def other_settlements_expected(slots: dict[str, Any]) -> Optional[bool]:
    value = slots.get("nos_other_settlements")
    return value if isinstance(value, bool) else None


def settlement_case_facts(tracker: Tracker, viewer: Optional[Viewer] = None) -> Optional[CaseFacts]:
    state = case_state(tracker)
    if state is None:
        return None
    return case_facts(state, viewer or current_viewer(tracker),
                      other_settlements_expected=other_settlements_expected(tracker.slots))


class ActionStartSettlementReport(Action):
    """Who is asking, which case, may they act on it, is it a beneficiary-debtor case; then what not to
    submit and, in the Final Conditional Payment process, the windows with this case's dates."""

    def name(self) -> str:
        return "action_start_settlement_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events: list[EventType] = []
        if latest_intent(tracker) == "report_settlement":
            events.append(SlotSet(OPENING_SLOT, latest_text(tracker)))
        opened = open_case(dispatcher, tracker, self.name())
        if isinstance(opened, list):  # verification started (it resumes this action), or no case to open
            waiting = any(isinstance(event, dict) and event.get("event") == "followup" for event in opened)
            return events + opened + ([] if waiting else [SlotSet(READY_SLOT, False)])
        viewer, state, case_id = opened.viewer, opened.state, opened.case_id
        not_ready = events + [SlotSet(READY_SLOT, False)]
        access = state.access(viewer)
        if not access.can_act:
            audit(tracker, viewer, "start_settlement_report", case_id=case_id, allowed=False,
                  detail=f"no right to act: {access.reason}")
            dispatcher.utter_message(text=f"{access.reason} Reporting a settlement needs the right to act on the case.")
            return not_ready
        facts = case_facts(state, viewer)
        case_level = validate_settlement(notice_from_slots({}), facts, today=today())
        refusals = [v.message for v in case_level.violations if v.field == "case"]
        if refusals:
            dispatcher.utter_message(text=" ".join(refusals) + " On this case the insurer or employer is the debtor, "
                                     "so its settlement is not reported here.")
            return not_ready
        lines = [f"Let's report the settlement on case {format_case_id(case_id)}.", WHEN_NOT_TO_SUBMIT]
        windows = fcp_windows_text(state)
        if windows:
            lines.append(windows)
        lines += [w.message for w in case_level.warnings if w.field == "case"]
        lines.append("You can ask \"why do you need this?\" at any question, change an earlier answer, or say cancel.")
        dispatcher.utter_message(text="\n".join(lines))
        fresh = [SlotSet(slot, None) for slot in (*SETTLEMENT_SLOTS, FAILURES_SLOT, DATE_TO_CONFIRM_SLOT)]
        return events + fresh + [SlotSet("case_id", case_id), SlotSet(READY_SLOT, True), FollowupAction(FORM)]


class ValidateSettlementForm(AnswerValidation):
    answers = SETTLEMENT_ANSWERS
    repeat_to_confirm = {"fcp_settlement_outside_window": DATE_TO_CONFIRM_SLOT}

    def name(self) -> str:
        return "validate_settlement_form"

    def required_for(self, tracker: Tracker) -> list[str]:
        """The page's order; the fee fields the chosen option needs; no exclusions with the FPO."""
        option = tracker.get_slot("nos_details_option")
        slots = ["nos_injury_type", "nos_settlement_amount", "nos_settlement_date", "nos_details_option"]
        slots += OPTION_SLOTS.get(option, ())
        if option != "fixed_percentage":
            slots.append("nos_exclusions")
        return slots + ["nos_confirmed"]

    def opening_text(self, tracker: Tracker) -> str:
        return str(tracker.get_slot(OPENING_SLOT) or "")

    def answer_side_question(self, kind: str, requested: Optional[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker) -> None:
        if kind != "fpo":
            super().answer_side_question(kind, requested, dispatcher, tracker)
            return
        from bot.actions.fpo_check import fpo_answer  # the FPO check speaks the same way inside and outside the form

        facts = settlement_case_facts(tracker)
        notice = notice_from_slots(tracker.slots)
        if facts is not None:
            dispatcher.utter_message(text=fpo_answer(notice, facts, so_far=True))
        dispatcher.utter_message(text="To use it, choose the Fixed Percentage Option at the settlement details question.")

    def check(self, answer: Answer, value: Any, tracker: Tracker) -> Verdict:
        facts = settlement_case_facts(tracker)
        if facts is None or answer.field not in NOTICE_FIELDS or answer.field == "confirmed":
            return Verdict()  # "no" to the confirmation is not an error: the user says what to change
        notice = notice_from_slots(tracker.slots)
        verdict = check_field(answer.field, engine_value(answer.kind, value), notice, facts, today=today())
        if answer.field == "details_option" and value == "fixed_percentage":
            return self.fpo_choice_verdict(verdict, notice, facts)
        return verdict

    @staticmethod
    def fpo_choice_verdict(verdict: Verdict, notice: SettlementNotice, facts: CaseFacts) -> Verdict:
        """Choosing the FPO checks every criterion on the answers so far; whether other settlements are
        expected is asked next, so not knowing it yet is no reason to refuse."""
        chosen = SettlementNotice(**{**notice.__dict__, "details_option": "fixed_percentage"})
        everything = verdict.violations + check_fpo_eligibility(chosen, facts, today=today()).violations
        unique = {v.code: v for v in everything if v.code != OTHER_SETTLEMENTS_UNKNOWN}
        return Verdict(violations=tuple(unique.values()), warnings=verdict.warnings)

    def after_accept(self, answer: Answer, value: Any, previous: Any, tracker: Tracker) -> dict[str, Any]:
        changes: dict[str, Any] = {} if answer.slot == "nos_confirmed" else {"nos_confirmed": None}
        if answer.slot == "nos_details_option" and value != previous:
            for option, slots in OPTION_SLOTS.items():
                if option != value:
                    changes.update({slot: None for slot in slots})
            if value == "fixed_percentage":
                changes["nos_exclusions"] = None
        return changes

    def validate_nos_other_settlements(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        """Another settlement expected rules the FPO out: say so and ask for the settlement detail again."""
        result = self.validate_answer("nos_other_settlements", value, dispatcher, tracker)
        if result.get("nos_other_settlements") is True:
            facts = settlement_case_facts(tracker)
            if facts is not None:
                facts = replace(facts, other_settlements_expected=True)
                reasons = check_fpo_eligibility(notice_from_slots(tracker.slots), facts, today=today()).violations
                dispatcher.utter_message(text=" ".join(v.message for v in reasons if v.code.startswith("fpo_other")))
            return {**result, "nos_other_settlements": None, "nos_details_option": None}
        return result

    def validate_nos_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        result = self.validate_answer("nos_confirmed", value, dispatcher, tracker)
        if result.get("nos_confirmed") is False:
            dispatcher.utter_message(text="What would you like to change? For example \"the amount was 9,500\" "
                                     "or \"the date was 03/05/2025\". Or say cancel to stop without submitting.")
            return {**result, "nos_confirmed": None}
        return result


class ActionExplainInjuryTypes(Action):
    """The two injury types in plain words, when asked outside a form (inside, the form answers it)."""

    def name(self) -> str:
        return "action_explain_injury_types"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=INJURY_TYPES_EXPLAINED)
        return []
