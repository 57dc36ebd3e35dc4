"""Case status, next step and "needs action" from a real case store loaded with `msp-admin import`."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest

from assistant_testing import msp_admin
from msp_assistant.case_state import CaseState
from msp_assistant.case_status import needs_action_line, next_step, status_report
from msp_assistant.store.repository import CaseStore

FIXTURES = Path(__file__).parent.parent / "e2e" / "fixtures" / "case_status_cases.yaml"
TODAY = date(2025, 5, 1)
KIM, PARK, ORTIZ, REED, CLOSED, NO_LETTER = (f"2000000000000{n}" for n in (21, 22, 23, 24, 25, 26))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    url = f"sqlite:///{tmp_path / 'msp.db'}"
    loaded = msp_admin(url, "import", str(FIXTURES))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    with CaseStore(url) as opened:
        yield opened


def state(store: CaseStore, case_id: str) -> CaseState:
    loaded = CaseState.load(store, case_id)
    assert loaded is not None
    return loaded


def test_demand_case_reports_amount_deadlines_requests_and_correspondence(store: CaseStore) -> None:
    report = status_report(state(store, ORTIZ), TODAY)
    assert "Case 20000 00000 00023: liability insurance, Luis Ortiz, incident on 05/05/2024" in report
    assert "Phase: a demand letter has been issued" in report
    assert ("Demand letter: $2,100.00 issued 03/03/2025; payment due 05/02/2025; "
            "redetermination (appeal) by 07/06/2025.") in report
    assert "for each full 30 days" in report
    assert ("Requests: waiver received 01/15/2025, decision: denied on 02/20/2025; "
            "redetermination received 04/01/2025, no decision yet") in report
    assert "Last correspondence sent: demand letter on 03/03/2025 (issued)" in report
    assert "Last correspondence received: redetermination request on 04/01/2025 (pending)" in report
    assert "Next step: Pay the demand of $2,100.00 by 05/02/2025 to avoid interest" in report


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 5, 2), "Pay the demand of $2,100.00 by 05/02/2025"),
        (date(2025, 5, 3), "Payment of $2,100.00 was due 05/02/2025; interest is now being charged"),
        (date(2025, 7, 6), "request a redetermination by 07/06/2025"),
        (date(2025, 7, 7), "the appeal deadline (07/06/2025) has passed"),
    ],
)
def test_demand_next_step_at_each_deadline(store: CaseStore, today: date, expected: str) -> None:
    step = next_step(state(store, ORTIZ), today)
    assert expected in step.text and step.needs_action


def test_conditional_payment_case(store: CaseStore) -> None:
    kim = state(store, KIM)
    report = status_report(kim, TODAY)
    assert "Conditional payment amount: $2,670.00 in 4 claims" in report
    assert "Last conditional payment letter or notice: conditional payment letter dated 03/01/2025" in report
    assert "Demand letter: none issued" in report and "Final Conditional Payment: not requested" in report
    assert "Next step: Review the claims and dispute any that are not related" in report


def test_a_recorded_dispute_shows_in_the_status(store: CaseStore) -> None:
    store.record_dispute(KIM, ["1024340000213", "1024350000214"], "Heart and skin, not the ankle")
    kim = state(store, KIM)
    report = status_report(kim, TODAY)
    assert "Conditional payment amount: $2,670.00 in 4 claims, of which $770.00 is in 2 disputed claims" in report
    assert "Disputes: submitted" in report and "(2 claims)" in report
    assert not next_step(kim, TODAY).needs_action


def test_final_conditional_payment_deadlines_and_void(store: CaseStore) -> None:
    store.request_final_conditional_payment(PARK, requested_on=TODAY, amount=Decimal("3475.50"))
    park = state(store, PARK)
    assert park.fcp_status == "active" and park.frozen_amount == Decimal("3475.50")
    assert ("Final Conditional Payment: active; $3,475.50 frozen on 05/01/2025; settle by 05/06/2025, "
            "report the settlement by 05/31/2025.") in status_report(park, TODAY)
    assert "non-physical trauma-based" in status_report(park, TODAY)
    assert next_step(park, TODAY).text.startswith("Settle by 05/06/2025 and report the settlement by 05/31/2025")
    assert next_step(park, date(2025, 5, 7)).text.startswith("Report the settlement by 05/31/2025")
    assert "ended 05/31/2025" in next_step(park, date(2025, 6, 1)).text
    with pytest.raises(ValueError, match="already requested"):
        store.request_final_conditional_payment(PARK, requested_on=TODAY, amount=Decimal("1.00"))
    store.set_final_conditional_payment_status(PARK, "voided")
    voided = state(store, PARK)
    assert voided.frozen_amount is None and voided.case.phase == "conditional_payment"
    assert "voided" in status_report(voided, TODAY)


def test_which_cases_need_action(store: CaseStore) -> None:
    lines = {case_id: needs_action_line(state(store, case_id), TODAY)
             for case_id in (KIM, PARK, ORTIZ, REED, CLOSED, NO_LETTER)}
    assert lines[CLOSED] is None and lines[NO_LETTER] is None
    assert lines[ORTIZ] == ("Case 20000 00000 00023 (Ortiz): Pay the demand of $2,100.00 by 05/02/2025 to avoid "
                            "interest, or request a redetermination (appeal) by 07/06/2025 if you disagree with it.")
    assert lines[KIM].startswith("Case 20000 00000 00021 (Kim): Review the claims")
    assert next_step(state(store, CLOSED), TODAY).text == "Nothing: the case is closed."
    assert "Wait for the conditional payment letter" in next_step(state(store, NO_LETTER), TODAY).text


def test_correspondence_is_recorded(store: CaseStore) -> None:
    store.record_correspondence(REED, type="conditional_payment_letter_copy_request", direction="received",
                                on=TODAY, status="requested", description="by mail")
    reed = state(store, REED)
    assert "Last correspondence received: conditional payment letter copy request on 05/01/2025 (requested)" in (
        status_report(reed, TODAY))
    with pytest.raises(ValueError):
        store.record_correspondence(REED, type="x", direction="sideways", on=TODAY, status="x")
