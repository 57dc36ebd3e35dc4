"""The answer of a check: what is wrong (violations), what to know (warnings), what to upload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Violation:
    """One failed rule: the form field it concerns (or "case"), a stable snake_case code, a
    plain-language message with the values in $8,000.00 / 05/01/2025 form, and the rule's source."""

    field: str
    code: str
    message: str
    citation: str


@dataclass(frozen=True)
class Verdict:
    """``ok`` is True exactly when there are no violations; warnings never block."""

    violations: tuple[Violation, ...] = ()
    warnings: tuple[Violation, ...] = ()
    required_documents: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def codes(self) -> tuple[str, ...]:
        """The violation codes, in order (handy for the bot and for tests)."""
        return tuple(violation.code for violation in self.violations)

    @staticmethod
    def of(findings: Iterable[Violation | None]) -> "Verdict":
        """A verdict whose violations are the non-empty findings."""
        return Verdict(violations=tuple(finding for finding in findings if finding is not None))
