"""Exceptions the engine raises for its callers."""

from __future__ import annotations


class AnswerError(ValueError):
    """A user's answer could not be read; ``.message`` says why, in plain language, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MissingFactError(ValueError):
    """A calculation needs a fact the case does not have yet (``.fact`` names it; ``.message`` explains)."""

    def __init__(self, fact: str, message: str) -> None:
        super().__init__(message)
        self.fact = fact
        self.message = message
