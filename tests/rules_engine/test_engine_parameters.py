"""The dated parameters: metadata enforced at load, the value in force on a date, no legal literal in code."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import rules_engine
from rules_engine.parameters import (
    ParameterError,
    ParameterNotInForce,
    load_parameters,
    parameter,
    parse_parameter,
    value_on,
)

VALID = {
    "description": "A test parameter.",
    "unit": "currency-USD",
    "reference": "42 CFR 411.37",
    "values": {date(2020, 1, 1): {"value": 5}, date(2021, 1, 1): {"value": None}},
}


def test_every_packaged_parameter_has_its_metadata() -> None:
    parameters = load_parameters()
    assert len(parameters) >= 20
    for item in parameters.values():
        assert item.description and item.unit and item.reference and item.values


@pytest.mark.parametrize("missing", ["description", "unit", "reference", "values"])
def test_a_parameter_without_its_metadata_is_refused(missing: str) -> None:
    document = {key: value for key, value in VALID.items() if key != missing}
    with pytest.raises(ParameterError, match=missing):
        parse_parameter("broken", document)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"unit": "furlongs"}, "unknown unit"),
        ({"unit": "choice"}, "must list its choices"),
        ({"values": [1, 2]}, "values must map"),
        ({"values": {"2020-01-01": {"value": 5}}}, "must be a date"),
        ({"values": {date(2020, 1, 1): 5}}, "must be a date mapped"),
        ({"values": {date(2020, 1, 1): {"value": "five"}}}, "does not fit unit"),
        ({"unit": "day", "values": {date(2020, 1, 1): {"value": 1.5}}}, "does not fit unit"),
        ({"unit": "boolean", "values": {date(2020, 1, 1): {"value": 1}}}, "does not fit unit"),
    ],
)
def test_malformed_parameters_are_refused(change: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        parse_parameter("broken", {**VALID, **change})


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ParameterError, match="mapping"):
        parse_parameter("broken", ["not", "a", "mapping"])


def test_loader_raises_on_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(
        "description: d\nunit: day\nreference: r\nvalues:\n  2020-01-01:\n    value: 3\n", encoding="utf-8"
    )
    assert load_parameters(tmp_path)["good"].value_on(date(2020, 1, 1)) == 3
    (tmp_path / "bad.yaml").write_text("description: d\nunit: day\nvalues:\n  2020-01-01:\n    value: 3\n",
                                       encoding="utf-8")
    with pytest.raises(ParameterError, match="reference"):
        load_parameters(tmp_path)


def test_value_in_force_and_a_null_ending_it() -> None:
    item = parse_parameter("test", VALID)
    assert item.reference == ("42 CFR 411.37",)
    assert item.value_on(date(2020, 6, 1)) == Decimal("5")
    for outside in (date(2019, 12, 31), date(2021, 1, 1)):
        assert not item.in_force(outside)
        with pytest.raises(ParameterNotInForce):
            item.value_on(outside)


def test_choice_and_date_units() -> None:
    assert value_on("fcp_settlement_window_day_kind", date(2025, 1, 1)) == "business"
    assert value_on("earliest_settlement_date", date(2025, 1, 1)) == date(1960, 1, 1)
    assert value_on("low_dollar_threshold_inclusive", date(2025, 1, 1)) is True


@pytest.mark.parametrize(
    "on, cap",
    [(date(2011, 11, 7), Decimal("5000")), (date(2023, 10, 1), Decimal("5000")), (date(2023, 10, 2), Decimal("10000"))],
)
def test_fpo_cap_by_date(on: date, cap: Decimal) -> None:
    assert value_on("fpo_settlement_cap", on) == cap


def test_fpo_cap_not_in_force_before_the_option() -> None:
    with pytest.raises(ParameterNotInForce):
        value_on("fpo_settlement_cap", date(2011, 11, 6))


@pytest.mark.parametrize(
    "on, threshold",
    [
        (date(2011, 9, 6), Decimal("300")),
        (date(2013, 12, 31), Decimal("300")),
        (date(2014, 1, 1), Decimal("1000")),
        (date(2016, 12, 31), Decimal("1000")),
        (date(2017, 1, 1), Decimal("750")),
        (date(2025, 5, 7), Decimal("750")),
    ],
)
def test_low_dollar_threshold_by_date(on: date, threshold: Decimal) -> None:
    assert value_on("low_dollar_liability_threshold", on) == threshold


def test_money_parameters_are_decimals() -> None:
    assert value_on("fpo_rate", date(2025, 1, 1)) == Decimal("0.25")
    assert isinstance(value_on("minimum_amount", date(2025, 1, 1)), Decimal)
    assert parameter("fpo_rate").documentation


#: Numbers the law sets; none of them may appear as a literal in the engine's code.
LEGAL_NUMBERS = {5000, 10000, 750, 300, 0.25, 125, 120, 1960, 0.01, 60, 30, 180}


def test_no_legal_number_is_written_in_code() -> None:
    package = Path(rules_engine.__file__).parent
    found = []
    for path in package.rglob("*.py"):
        if path.name == "number_words.py":  # the values of number words ("thirty" is 30)
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value in LEGAL_NUMBERS:
                found.append(f"{path.name}:{node.lineno}: {node.value}")
    assert found == []
