""""Can I use the Fixed Percentage Option?": for a case or hypothetically, at any time.

The check asks only what it does not already know (from the case, or from the settlement answers given
in this conversation), checks every criterion with ``rules_engine.check_fpo_eligibility`` and says
eligible or not with each reason. When eligible it sets the 25% amount next to the standard-formula
estimate for the current conditional payment amount, says which is lower, and what electing commits to.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.answer_validation import BLANK, FAILURES_SLOT, Answer, AnswerValidation, engine_value, latest_intent, \
    latest_text
from bot.actions.case_context import open_case
from bot.actions.case_resolution import resolve_case_id
from bot.actions.identity import current_viewer
from msp_assistant.case_status import format_case_id
from bot.actions.services import today
from bot.actions.settlement_case import case_facts, case_state, submitter_role
from msp_assistant.access import Viewer
from rules_engine import (
    CaseFacts,
    MissingFactError,
    SettlementNotice,
    Verdict,
    check_field,
    check_fpo_eligibility,
    estimate_recovery,
    format_money,
)

DomainDict = dict[str, Any]

FORM = "fpo_form"
READY_SLOT = "fpo_ready"
CASE_SLOT = "fpo_case"
OPENING_SLOT = "fpo_opening"
UNKNOWN_OTHER_SETTLEMENTS = "fpo_other_settlements_unknown"

FPO_ANSWERS: tuple[Answer, ...] = (
    Answer("fpo_case_type", "case_type", "the kind of case", "case_type",
           "The Fixed Percentage Option is only for liability insurance settlements (including self-insurance); "
           "no-fault and workers' compensation cases can't use it."),
    Answer("fpo_injury_type", "injury_type", "the injury type", "choice",
           "The Fixed Percentage Option is only for a traumatic injury: a sudden physical injury such as a slip "
           "and fall or a car accident, not one from exposure, implantation or ingestion of a substance."),
    Answer("fpo_settlement_amount", "settlement_amount", "the settlement amount", "amount",
           "The Fixed Percentage Option is only for a total settlement, judgment, award or other payment of "
           "$10,000.00 or less."),
    Answer("fpo_exclusions", "med_pip_exclusions", "the MED/PIP/other exclusions", "optional_amount",
           "MED/PIP/Other exclusions (MedPay, PIP or other coverage paid to the beneficiary or Medicare for this "
           "incident) can't be entered with the Fixed Percentage Option."),
    Answer("fpo_other_settlements", "other_settlements", "other settlements expected", "yes_no",
           "The option is only for a beneficiary who has not received and does not expect any other settlement, "
           "judgment, award or payment for the incident."),
    Answer("fpo_demand_issued", "demand_issued", "the demand letter date", "optional_date",
           "The option can't be chosen once Medicare has issued a demand letter or other request for repayment."),
    Answer("fpo_conditional_payments", "conditional_payments", "Medicare's conditional payment amount", "amount",
           "To compare the 25% with the standard formula I need Medicare's current conditional payment amount "
           "(from the conditional payment letter)."),
    Answer("fpo_costs", "procurement_costs", "the attorney fees and expenses", "optional_amount",
           "The standard formula reduces Medicare's recovery by its share of the attorney fees and expenses the "
           "beneficiary paid, so I need their total to compare the two."),
)
FPO_SLOTS = tuple(answer.slot for answer in FPO_ANSWERS)
CRITERIA_SLOTS = ("fpo_case_type", "fpo_injury_type", "fpo_settlement_amount", "fpo_exclusions",
                  "fpo_other_settlements", "fpo_demand_issued")
FROM_SETTLEMENT_FORM = {"nos_injury_type": "fpo_injury_type", "nos_settlement_amount": "fpo_settlement_amount",
                        "nos_exclusions": "fpo_exclusions", "nos_other_settlements": "fpo_other_settlements"}
COMMITMENTS = (
    "What electing it means: it is final. Medicare then recovers 25% of the total settlement whatever its "
    "conditional payments turn out to be, with no reduction for attorney fees, and you give up appealing the "
    "amount or asking for a waiver. You elect it on the notice of settlement (settlement details: Fixed Percentage "
    "Option), before or when you submit the settlement documentation, and upload a document with the information "
    "in CMS's Fixed Percentage Option Election Model Language."
)


def _value(slots: dict[str, Any], slot: str) -> Any:
    answer = next(a for a in FPO_ANSWERS if a.slot == slot)
    try:
        return engine_value(answer.kind, slots.get(slot))
    except (ValueError, ArithmeticError, TypeError):
        return None


def fpo_notice(slots: dict[str, Any]) -> SettlementNotice:
    injury = slots.get("fpo_injury_type")
    return SettlementNotice(
        injury_type=injury if injury in ("traumatic", "non_physical_trauma") else None,
        settlement_amount=_value(slots, "fpo_settlement_amount"), settlement_date=today(),
        details_option="fixed_percentage", med_pip_exclusions=_value(slots, "fpo_exclusions"),
    )


def fpo_facts(slots: dict[str, Any], viewer: Viewer, case_facts_known: Optional[CaseFacts]) -> CaseFacts:
    other = slots.get("fpo_other_settlements")
    other = other if isinstance(other, bool) else None
    if case_facts_known is not None:
        return replace(case_facts_known, other_settlements_expected=other)
    case_type = slots.get("fpo_case_type")
    return CaseFacts(
        case_type=case_type if case_type in ("liability", "no_fault", "workers_compensation") else "liability",
        debtor="beneficiary", date_of_incident=None, submitter_role=submitter_role(viewer),
        demand_issued_on=_value(slots, "fpo_demand_issued"), other_settlements_expected=other,
        conditional_payment_amount=_value(slots, "fpo_conditional_payments"),
    )


def known_case_facts(tracker: Tracker, viewer: Viewer) -> Optional[CaseFacts]:
    state = case_state(tracker, CASE_SLOT)
    return case_facts(state, viewer) if state is not None else None


def fpo_answer(notice: SettlementNotice, facts: CaseFacts, *, so_far: bool = False) -> str:
    """Eligible or not, with each reason, in the rules engine's words."""
    verdict = check_fpo_eligibility(notice, facts, today=today())
    reasons = [v.message for v in verdict.violations if not (so_far and v.code == UNKNOWN_OTHER_SETTLEMENTS)]
    if not reasons:
        return ("From what I know so far, the Fixed Percentage Option is open to you. " if so_far else
                "Yes: this settlement qualifies for the Fixed Percentage Option.")
    head = "From what I know so far, the Fixed Percentage Option is not available:" if so_far else \
        "No: the Fixed Percentage Option is not available here:"
    return "\n".join([head, *(f"- {reason}" for reason in reasons)])


def comparison(notice: SettlementNotice, facts: CaseFacts, costs: Optional[Decimal]) -> str:
    """The 25% amount next to the standard-formula estimate for the current conditional payments."""
    fixed = estimate_recovery(notice, facts)
    standard_notice = replace(notice, details_option="attorney_fees" if costs else "none", attorney_fees=costs or None,
                              med_pip_exclusions=None)
    try:
        standard = estimate_recovery(standard_notice, facts)
    except MissingFactError as missing:
        return f"With the Fixed Percentage Option Medicare would recover {format_money(fixed.amount)}. {missing.message}"
    lines = [
        f"Estimates (not Medicare's demand), for a conditional payment amount of "
        f"{format_money(facts.conditional_payment_amount or Decimal(0))}:",
        f"- Fixed Percentage Option: {format_money(fixed.amount)} ({' '.join(fixed.steps[1:])})",
        f"- Standard formula: {format_money(standard.amount)} ({' '.join(standard.steps[1:])})",
    ]
    if fixed.amount < standard.amount:
        lines.append(f"The Fixed Percentage Option is lower, by {format_money(standard.amount - fixed.amount)}.")
    elif standard.amount < fixed.amount:
        lines.append(f"The standard formula is lower, by {format_money(fixed.amount - standard.amount)}.")
    else:
        lines.append("Both come to the same amount.")
    return "\n".join(lines)


class ActionCheckFpo(Action):
    """Start the check: the case's facts when there is a case the viewer may see, else hypothetically."""

    def name(self) -> str:
        return "action_check_fpo"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        viewer = current_viewer(tracker)
        events: list[EventType] = [SlotSet(slot, None) for slot in (*FPO_SLOTS, FAILURES_SLOT)]
        events += [SlotSet(OPENING_SLOT, latest_text(tracker) if latest_intent(tracker) == "check_fpo" else None)]
        known: dict[str, Any] = {FROM_SETTLEMENT_FORM[slot]: tracker.get_slot(slot) for slot in FROM_SETTLEMENT_FORM
                                 if tracker.get_slot(slot) is not None}
        opened = open_case(dispatcher, tracker, self.name()) \
            if viewer.kind != "anonymous" and resolve_case_id(tracker, viewer) else None
        if opened is not None and not isinstance(opened, list):
            state = opened.state
            intro = f"Let's check the Fixed Percentage Option for case {format_case_id(opened.case_id)}."
            events += [SlotSet(CASE_SLOT, opened.case_id), SlotSet("case_id", opened.case_id)]
            facts = case_facts(state, viewer)
            verdict = check_fpo_eligibility(fpo_notice(known), facts, today=today())
            reasons = [v for v in verdict.violations if v.code != UNKNOWN_OTHER_SETTLEMENTS]
            if reasons:  # the case already rules it out: nothing to ask
                dispatcher.utter_message(text=f"{intro}\n{fpo_answer(fpo_notice(known), facts, so_far=True)}")
                return events + [SlotSet(READY_SLOT, False)]
        else:
            intro = ("I'll check the Fixed Percentage Option in general" + (
                " (to check one of your cases, name its 15-digit number)." if viewer.kind != "anonymous" else
                "; to check a specific case, sign in or verify who you are first."))
            events.append(SlotSet(CASE_SLOT, None))
        dispatcher.utter_message(text=f"{intro} I'll only ask what I don't know yet.")
        events += [SlotSet(slot, value) for slot, value in known.items()]
        return events + [SlotSet(READY_SLOT, True), FollowupAction(FORM)]


class ValidateFpoForm(AnswerValidation):
    answers = FPO_ANSWERS

    def name(self) -> str:
        return "validate_fpo_form"

    def required_for(self, tracker: Tracker) -> list[str]:
        """Only the unknown criteria; once one rules the option out, nothing more; when eligible, what the
        comparison needs."""
        hypothetical = not tracker.get_slot(CASE_SLOT)
        criteria = [slot for slot in CRITERIA_SLOTS if hypothetical or slot not in ("fpo_case_type", "fpo_demand_issued")]
        viewer = current_viewer(tracker)
        facts = fpo_facts(tracker.slots, viewer, None if hypothetical else known_case_facts(tracker, viewer))
        verdict = check_fpo_eligibility(fpo_notice(tracker.slots), facts, today=today())
        answered = [slot for slot in criteria if tracker.slots.get(slot) is not None]
        if any(v.code != UNKNOWN_OTHER_SETTLEMENTS for v in verdict.violations) or \
                tracker.slots.get("fpo_other_settlements") is True:
            return answered
        if len(answered) < len(criteria):
            return criteria
        return criteria + (["fpo_conditional_payments"] if hypothetical else []) + ["fpo_costs"]

    def opening_text(self, tracker: Tracker) -> str:
        return str(tracker.get_slot(OPENING_SLOT) or "")

    def answer_side_question(self, kind: str, requested: Optional[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker) -> None:
        super().answer_side_question("why" if kind == "fpo" else kind, requested, dispatcher, tracker)

    def check(self, answer: Answer, value: Any, tracker: Tracker) -> Verdict:
        """Only what makes an answer unusable (an amount under $0.01); the criteria are reasons, given at the end."""
        if answer.field != "settlement_amount":
            return Verdict()
        viewer = current_viewer(tracker)
        facts = fpo_facts(tracker.slots, viewer, known_case_facts(tracker, viewer))
        return check_field("settlement_amount", engine_value(answer.kind, value), None, facts, today=today())


class ActionAnswerFpo(Action):
    """Eligible or not with each reason; when eligible, the comparison and what electing commits to."""

    def name(self) -> str:
        return "action_answer_fpo"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        viewer = current_viewer(tracker)
        facts = fpo_facts(tracker.slots, viewer, known_case_facts(tracker, viewer))
        notice = fpo_notice(tracker.slots)
        lines = [fpo_answer(notice, facts)]
        if check_fpo_eligibility(notice, facts, today=today()).ok:
            costs = _value(tracker.slots, "fpo_costs") if tracker.get_slot("fpo_costs") != BLANK else None
            lines += [comparison(notice, facts, costs), COMMITMENTS]
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet(READY_SLOT, None), SlotSet(OPENING_SLOT, None)]
