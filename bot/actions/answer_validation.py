"""One reusable form-validation base (financial-demo's pattern) for the settlement and FPO forms.

Every answer is read with the rules engine's parsers, checked at once by a hook the form supplies (the
rules engine's verdict), and said back in the MSPRP's format ($8,000.00, 05/01/2025). A rejected answer
gets the rule's message and the same question again; the second failure on the same question also says
why the question is asked and how to stop. One message may answer several questions, or correct an
earlier answer ("actually the amount was 9,500"): the answers it carries are found by
``answer_extraction`` and validated like typed ones. A question instead of an answer ("why do you need
this?", "what does traumatic mean?") is answered and the question asked again.
"""
from __future__ import annotations

import re
from abc import abstractmethod
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Optional

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from bot.actions.answer_extraction import MONEY_FIELDS, read_answers, read_choice, side_question
from bot.actions.services import today
from msp_assistant.case_status import CASE_TYPE_NAMES
from rules_engine import AnswerError, Verdict, format_date, format_money, parse_amount, parse_date, parse_percentage

DomainDict = dict[str, Any]

BLANK = "none"
"""The slot value of an optional amount the user left blank ("none"); the notice gets None."""

FAILURES_SLOT = "answer_failures"
CANCEL_INTENT = "cancel"
EXPLAIN_AFTER_FAILURES = 2

INJURY_TYPE_NAMES = {"traumatic": "traumatic injury", "non_physical_trauma": "non-physical trauma-based injury"}
OPTION_NAMES = {
    "none": "none (no attorney fees)", "attorney_fees": "attorney fees", "attorney_fee_percentage":
    "attorney fee percentage", "fixed_percentage": "Fixed Percentage Option",
}
CASE_TYPE_CHOICES = {
    "liability": r"\bliability\b|\bsued\b|\blawsuit\b|\bnegligen|\bslip\b|\bcar accident\b",
    "no_fault": r"\bno[- ]?fault\b|\bpip\b|\bpersonal injury protection\b",
    "workers_compensation": r"\bworkers'? ?comp|\bwork(place)? (injury|accident)\b|\bon the job\b",
}

INJURY_TYPES_EXPLAINED = (
    "There are two injury types:\n"
    "- Traumatic injury: an injury or illness from a sudden physical injury, such as a slip and fall or a car "
    "accident. It is not about something swallowed, breathed in or touched, or a medical implant.\n"
    "- Non-physical trauma-based injury: an injury or illness that does not come from a sudden physical injury: "
    "an alleged injury from exposure to, implantation of, or ingestion of a substance (for example asbestos, a "
    "medical device or a medication).\n"
    "The Fixed Percentage Option needs a traumatic injury."
)

_YES = re.compile(r"^\s*(yes|yeah|yep|y|sure|correct|confirm(ed)?|i confirm|that'?s (right|correct)|right|ok(ay)?|"
                  r"submit( it)?|accurate|it is accurate|all correct)\b", re.IGNORECASE)
_NO = re.compile(r"^\s*(no|nope|n|not yet|wrong|incorrect|that'?s wrong|not right)\b", re.IGNORECASE)
_BLANK = re.compile(r"^\s*(none|no|nothing|n/?a|nil|no (medpay|med pay|pip|exclusions?|expenses|"
                    r"fees|costs)|there (were|was) none|not any|there weren'?t any)\s*\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    """One question of a form: the slot, what it holds, and how to explain it."""

    slot: str
    field: str
    label: str
    kind: str  # amount | optional_amount | date | optional_date | choice | percentage | yes_no | case_type
    why: str


def read_yes_no(text: str, intent: Optional[str]) -> bool:
    if intent == "affirm" or _YES.search(text):
        return True
    if intent == "deny" or _NO.search(text):
        return False
    raise AnswerError("Please answer yes or no.")


def read_answer(answer: Answer, text: str, intent: Optional[str], on: date) -> Any:
    """The slot value (a plain JSON value) for the user's text; AnswerError with the reason otherwise."""
    kind = answer.kind
    if kind == "amount":
        return str(parse_amount(text))
    if kind == "optional_amount":
        return BLANK if _BLANK.search(text) else str(parse_amount(text))
    if kind == "date":
        return parse_date(text, today=on).isoformat()
    if kind == "optional_date":
        return BLANK if _BLANK.search(text) else parse_date(text, today=on).isoformat()
    if kind == "percentage":
        return parse_percentage(text)
    if kind == "choice":
        return read_choice(answer.field, text)
    if kind == "case_type":
        found = [name for name, pattern in CASE_TYPE_CHOICES.items() if re.search(pattern, text, re.IGNORECASE)]
        if len(found) != 1:
            raise AnswerError("Please say liability, no-fault, or workers' compensation.")
        return found[0]
    return read_yes_no(text, intent)


def engine_value(kind: str, value: Any) -> Any:
    """The slot value as the rules engine takes it (Decimal, date, int, bool; a blank is None)."""
    if value is None or value == BLANK:
        return None
    if kind in ("amount", "optional_amount"):
        return Decimal(str(value))
    if kind in ("date", "optional_date"):
        return date.fromisoformat(value)
    if kind == "percentage":
        return int(value)
    return value


def show(answer: Answer, value: Any) -> str:
    """A slot value as the MSPRP writes it: $8,000.00, 03/03/2025, 33%, the option's name."""
    if value == BLANK and answer.kind.startswith("optional"):
        return "none"
    if answer.kind in ("amount", "optional_amount"):
        return format_money(Decimal(str(value)))
    if answer.kind in ("date", "optional_date"):
        return format_date(date.fromisoformat(value))
    if answer.kind == "percentage":
        return f"{value}%"
    if answer.kind == "yes_no":
        return "yes" if value else "no"
    if answer.kind == "case_type":
        return CASE_TYPE_NAMES[value]
    return {**INJURY_TYPE_NAMES, **OPTION_NAMES}.get(value, str(value))


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def value_before_this_turn(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (what was accepted earlier)."""
    seen_user = False
    value = None
    for event in tracker.events:
        if event.get("event") == "user":
            seen_user = True
    if not seen_user:
        return tracker.slots.get(slot)
    last_user = max(i for i, e in enumerate(tracker.events) if e.get("event") == "user")
    for event in tracker.events[:last_user]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
        elif event.get("event") == "restart":
            value = None
    return value


class AnswerValidation(FormValidationAction):
    """Base of the settlement and FPO form validations (financial-demo's reusable validator)."""

    #: The form's questions, in the order the form asks them.
    answers: tuple[Answer, ...] = ()
    #: Warning codes that need the answer typed again to confirm it, and the slot remembering it.
    repeat_to_confirm: dict[str, str] = {}

    @abstractmethod
    def name(self) -> str:
        """The validation action's name (abstract, so the action server does not register this base)."""

    def answer(self, slot: str) -> Answer:
        return next(a for a in self.answers if a.slot == slot)

    # --- hooks the forms fill in ---------------------------------------------------------------

    def check(self, answer: Answer, value: Any, tracker: Tracker) -> Verdict:
        """The rules engine's verdict on this answer, given the earlier ones."""
        return Verdict()

    def after_accept(self, answer: Answer, value: Any, previous: Any, tracker: Tracker) -> dict[str, Any]:
        """Slots to change because this answer changed (e.g. fee fields of another option)."""
        return {}

    def opening_text(self, tracker: Tracker) -> str:
        """The text to read answers from when the form starts (the request that started it)."""
        return ""

    def answer_side_question(self, kind: str, requested: Optional[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker) -> None:
        if kind == "injury_types":
            dispatcher.utter_message(text=INJURY_TYPES_EXPLAINED)
        elif requested:
            dispatcher.utter_message(text=self.answer(requested).why)

    # --- reading the message --------------------------------------------------------------------

    def required_for(self, tracker: Tracker) -> list[str]:
        """The questions to ask, given the answers so far (in the order they are asked)."""
        return [answer.slot for answer in self.answers]

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        return self.required_for(tracker)

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Optional[EventType]:
        """Always say which question comes next, so the form never has to guess from the domain's list."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return SlotSet(REQUESTED_SLOT, next((slot for slot in required if tracker.slots.get(slot) is None), None))

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """Find every answer the message gives; answer a question asked instead of an answer."""
        if latest_intent(tracker) == CANCEL_INTENT:
            return []  # nothing extracted: the form steps aside and the cancel rule runs
        requested = tracker.get_slot(REQUESTED_SLOT) if tracker.active_loop_name == self.form_name() else None
        text = latest_text(tracker) if requested else self.opening_text(tracker)
        if requested and requested in {a.slot for a in self.answers}:
            kind = side_question(text, latest_intent(tracker))
            if kind:
                self.answer_side_question(kind, requested, dispatcher, tracker)
                return [SlotSet(requested, None)]
        return [SlotSet(slot, value) for slot, value in self.answers_in(text, requested, tracker).items()]

    def answers_in(self, text: str, requested: Optional[str], tracker: Tracker) -> dict[str, Any]:
        """Slot -> raw text for each answer in ``text``; the requested question keeps the whole text
        unless the message only answers other questions."""
        reading = read_answers(text)
        by_field = {a.field: a for a in self.answers}
        found: dict[str, Any] = {}
        asked = self.answer(requested) if requested else None
        money = list(reading.uncued_money)
        if asked is not None and asked.field in MONEY_FIELDS and asked.field not in reading.values and money:
            reading.values[asked.field] = money.pop(0)
        amount = by_field.get("settlement_amount")
        if money and amount is not None and "settlement_amount" not in reading.values and (
            asked is None or not tracker.get_slot(amount.slot) or reading.values
        ):
            reading.values["settlement_amount"] = money.pop(0)
        option = by_field.get("details_option")
        if reading.implied_option and option is not None and tracker.get_slot(option.slot) != reading.implied_option:
            found[option.slot] = reading.implied_option
        for name, raw in reading.values.items():
            answer = by_field.get(name)
            if answer is not None:
                found[answer.slot] = raw
        if asked is not None:
            if set(found) == {asked.slot} or not found:
                found[asked.slot] = text  # a plain answer: the parsers read the whole message
            elif asked.slot not in found:
                found[asked.slot] = None  # the message answered other questions only
        order = [answer.slot for answer in self.answers]
        return dict(sorted(found.items(), key=lambda item: order.index(item[0])))

    # --- validating one answer ------------------------------------------------------------------

    def __getattr__(self, attribute: str) -> Any:
        """``validate_<slot>`` for every question without a method of its own: rasa-sdk looks these up by
        name, and each one reads, checks and says back its answer with :meth:`validate_answer`."""
        slot = attribute.removeprefix("validate_")
        if attribute.startswith("validate_") and any(answer.slot == slot for answer in type(self).answers):
            return lambda value, dispatcher, tracker, domain: self.validate_answer(slot, value, dispatcher, tracker)
        raise AttributeError(attribute)

    def validate_answer(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                        tracker: Tracker) -> dict[str, Any]:
        """Read, check and say back one answer (every ``validate_<slot>`` of the forms calls this)."""
        if value is None or slot not in self.required_for(tracker):
            return {slot: None}  # nothing given, or a question this notice no longer asks
        answer = self.answer(slot)
        previous = value_before_this_turn(tracker, slot)
        if previous is not None and value == previous:
            return {slot: value}
        try:
            parsed = read_answer(answer, str(value), latest_intent(tracker), today())
        except AnswerError as error:
            return self.fail(answer, error.message, dispatcher, tracker)
        verdict = self.check(answer, parsed, tracker)
        if not verdict.ok:
            return self.fail(answer, " ".join(v.message for v in verdict.violations), dispatcher, tracker)
        for warning in verdict.warnings:
            memo = self.repeat_to_confirm.get(warning.code)
            if memo and tracker.get_slot(memo) != parsed:
                dispatcher.utter_message(text=f"{warning.message} If {show(answer, parsed)} is right, please type it "
                                         "again to confirm it; otherwise give the correct one.")
                return {slot: None, memo: parsed}
        if answer.kind != "yes_no":
            if previous is not None and previous != parsed:
                said = f"I changed {answer.label} from {show(answer, previous)} to {show(answer, parsed)}."
            else:
                said = f"Got it: {answer.label}, {show(answer, parsed)}."
            dispatcher.utter_message(text=" ".join([said, *(w.message for w in verdict.warnings)]))
        failures = dict(tracker.get_slot(FAILURES_SLOT) or {})
        failures.pop(slot, None)
        return {slot: parsed, FAILURES_SLOT: failures, **self.after_accept(answer, parsed, previous, tracker)}

    def fail(self, answer: Answer, message: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """Say why the answer can't be taken; from the second failure on, also why we ask and how to stop."""
        failures = dict(tracker.get_slot(FAILURES_SLOT) or {})
        failures[answer.slot] = int(failures.get(answer.slot, 0)) + 1
        dispatcher.utter_message(text=message)
        if failures[answer.slot] >= EXPLAIN_AFTER_FAILURES:
            dispatcher.utter_message(text=f"{answer.why} If you'd rather stop, say \"cancel\"; nothing will be kept.")
        return {answer.slot: None, FAILURES_SLOT: failures}

