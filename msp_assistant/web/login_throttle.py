"""Slow down password guessing: after repeated failures a username is refused for a while."""
from __future__ import annotations

import time
from collections import defaultdict
from typing import Callable

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, list[float]] = defaultdict(list)

    def _recent(self, username: str) -> list[float]:
        cutoff = self._clock() - LOCKOUT_SECONDS
        recent = [t for t in self._failures.get(username, []) if t > cutoff]
        self._failures[username] = recent
        return recent

    def is_locked(self, username: str) -> bool:
        return len(self._recent(username)) >= MAX_FAILURES

    def record_failure(self, username: str) -> None:
        self._recent(username).append(self._clock())

    def record_success(self, username: str) -> None:
        self._failures.pop(username, None)
