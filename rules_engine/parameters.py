"""Legislated numbers, kept apart from the logic (OpenFisca-style dated parameters).

Every number the law or CMS sets lives in one YAML file under ``rules_engine/parameters/``, named
after the parameter. Each file has a ``description``, a ``unit``, a ``reference`` (URL or citation)
and ``values``: a mapping from effective date to ``{value: ...}``. A ``value: null`` ends a
parameter. Code asks for the value in force on a date with :func:`value_on`; no legal literal
lives in code. The files are read once, on first use, and validated: a file without its metadata,
or with a value of the wrong type for its unit, raises :class:`ParameterError`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

PARAMETERS_DIRECTORY = Path(__file__).with_name("parameters")

REQUIRED_KEYS = ("description", "unit", "reference", "values")

#: unit -> converter from the YAML scalar to the Python value the code uses.
_DECIMAL_UNITS = {"currency-USD", "/1"}
_INTEGER_UNITS = {"day", "percent", "character"}


class ParameterError(ValueError):
    """A parameter file is malformed (missing metadata, wrong value type, unknown unit)."""


class ParameterNotInForce(LookupError):
    """No value of the parameter is in force on the requested date."""


@dataclass(frozen=True)
class Parameter:
    """One dated parameter: its metadata and its values by effective date (sorted)."""

    name: str
    description: str
    unit: str
    reference: tuple[str, ...]
    starts: tuple[date, ...]
    values: tuple[Any, ...]
    documentation: str = ""

    def value_on(self, on: date) -> Any:
        """The value in force on ``on``; :class:`ParameterNotInForce` before the first date or after a null."""
        index = bisect.bisect_right(self.starts, on) - 1
        if index < 0 or self.values[index] is None:
            raise ParameterNotInForce(f"parameter {self.name!r} has no value in force on {on.isoformat()}")
        return self.values[index]

    def in_force(self, on: date) -> bool:
        """Whether some value of the parameter is in force on ``on``."""
        index = bisect.bisect_right(self.starts, on) - 1
        return index >= 0 and self.values[index] is not None


def _convert(name: str, unit: str, raw: Any, choices: tuple[str, ...]) -> Any:
    """Convert one YAML value to the type its unit calls for, or raise ParameterError."""
    if raw is None:
        return None
    if unit in _DECIMAL_UNITS and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return Decimal(str(raw))
    if unit in _INTEGER_UNITS and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if unit == "boolean" and isinstance(raw, bool):
        return raw
    if unit == "date" and isinstance(raw, date):
        return raw
    if unit == "choice" and isinstance(raw, str) and raw in choices:
        return raw
    raise ParameterError(f"parameter {name!r}: value {raw!r} does not fit unit {unit!r}")


def parse_parameter(name: str, document: Any) -> Parameter:
    """Build a :class:`Parameter` from a loaded YAML document, checking its metadata."""
    if not isinstance(document, Mapping):
        raise ParameterError(f"parameter {name!r}: the file must hold a mapping")
    missing = [key for key in REQUIRED_KEYS if not document.get(key)]
    if missing:
        raise ParameterError(f"parameter {name!r}: missing {', '.join(missing)}")
    unit = document["unit"]
    if unit not in _DECIMAL_UNITS | _INTEGER_UNITS | {"boolean", "date", "choice"}:
        raise ParameterError(f"parameter {name!r}: unknown unit {unit!r}")
    choices = tuple(document.get("choices") or ())
    if unit == "choice" and not choices:
        raise ParameterError(f"parameter {name!r}: a choice parameter must list its choices")
    reference = document["reference"]
    references = (reference,) if isinstance(reference, str) else tuple(str(item) for item in reference)
    values = document["values"]
    if not isinstance(values, Mapping):
        raise ParameterError(f"parameter {name!r}: values must map effective dates to {{value: ...}}")
    starts: list[date] = []
    converted: list[Any] = []
    for start in sorted(values):
        entry = values[start]
        if not isinstance(start, date) or not isinstance(entry, Mapping) or "value" not in entry:
            raise ParameterError(f"parameter {name!r}: entry {start!r} must be a date mapped to {{value: ...}}")
        starts.append(start)
        converted.append(_convert(name, unit, entry["value"], choices))
    return Parameter(
        name=name,
        description=str(document["description"]),
        unit=unit,
        reference=references,
        starts=tuple(starts),
        values=tuple(converted),
        documentation=str(document.get("documentation") or ""),
    )


def load_parameters(directory: Path = PARAMETERS_DIRECTORY) -> dict[str, Parameter]:
    """Read and validate every ``*.yaml`` file of ``directory``; the file stem is the parameter name."""
    parameters: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as stream:
            parameters[path.stem] = parse_parameter(path.stem, yaml.safe_load(stream))
    return parameters


@lru_cache(maxsize=1)
def _packaged() -> dict[str, Parameter]:
    return load_parameters()


def parameter(name: str) -> Parameter:
    """The packaged parameter called ``name`` (loaded once); KeyError if there is none."""
    return _packaged()[name]


def value_on(name: str, on: date) -> Any:
    """The value of the packaged parameter ``name`` in force on ``on``."""
    return parameter(name).value_on(on)
