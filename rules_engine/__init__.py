"""The rules of Medicare Secondary Payer recovery as code: every answer the assistant accepts and
every number it tells a user comes from here.

Pure Python: no clock ("today" is always a parameter), no database, no Rasa. Money is Decimal,
dates are datetime.date. Legislated numbers live in dated YAML parameters (``parameters/``).
"""

from rules_engine.business_days import add_business_days, is_business_day
from rules_engine.deadlines import (
    cpn_response_due,
    demand_deadlines,
    demand_payment_due,
    fcp_deadlines,
    interest_periods,
    nos_review_due,
    redetermination_due,
    settlement_within_fcp_window,
    treasury_referral_possible_from,
)
from rules_engine.demand import DemandRequestFacts, check_initiate_demand
from rules_engine.disputes import DisputeFacts, check_dispute_eligibility
from rules_engine.errors import AnswerError, MissingFactError
from rules_engine.facts import CaseFacts, SettlementNotice
from rules_engine.final_conditional_payment import FcpRequestFacts, check_fcp_request
from rules_engine.formatting import format_date, format_money
from rules_engine.fpo import check_fpo_eligibility
from rules_engine.mbi import normalize_mbi
from rules_engine.parameters import ParameterError, ParameterNotInForce
from rules_engine.parsing import parse_amount, parse_date, parse_percentage
from rules_engine.recovery import RecoveryEstimate, estimate_recovery
from rules_engine.settlement import check_field, validate_field, validate_settlement
from rules_engine.verdict import Verdict, Violation

__all__ = [
    "AnswerError",
    "CaseFacts",
    "DemandRequestFacts",
    "DisputeFacts",
    "FcpRequestFacts",
    "MissingFactError",
    "ParameterError",
    "ParameterNotInForce",
    "RecoveryEstimate",
    "SettlementNotice",
    "Verdict",
    "Violation",
    "add_business_days",
    "check_dispute_eligibility",
    "check_field",
    "check_fcp_request",
    "check_fpo_eligibility",
    "check_initiate_demand",
    "cpn_response_due",
    "demand_deadlines",
    "demand_payment_due",
    "estimate_recovery",
    "fcp_deadlines",
    "format_date",
    "format_money",
    "interest_periods",
    "is_business_day",
    "normalize_mbi",
    "nos_review_due",
    "parse_amount",
    "parse_date",
    "parse_percentage",
    "redetermination_due",
    "settlement_within_fcp_window",
    "treasury_referral_possible_from",
    "validate_field",
    "validate_settlement",
]
