"""Reading users' answers: amounts, dates and percentages, refusing what cannot be read safely."""

from rules_engine.parsing.amounts import parse_amount
from rules_engine.parsing.dates import parse_date
from rules_engine.parsing.percentages import parse_percentage

__all__ = ["parse_amount", "parse_date", "parse_percentage"]
