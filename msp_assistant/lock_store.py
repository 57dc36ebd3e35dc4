"""Rasa's Redis lock store, made safe for several Rasa servers at once.

Rasa 3.6's ``RedisLockStore`` keeps each conversation's ticket lock as one Redis value and changes it
by read, modify, write (``issue_ticket``, ``finish_serving``, ``update_lock``). Two servers doing that
at the same moment can both be issued the same ticket and process the same conversation together;
the later save then drops the other's events (seen here: 11 of 12 concurrent messages kept).
``AtomicRedisLockStore`` serialises those read-modify-writes per conversation with a short Redis
mutex, so the ticket queue stays whole. endpoints.yml names it when ``MSP_REDIS_URL`` is set.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_TIMEOUT_SECONDS = 5
"""A mutex is held for one Redis round trip; one older than this was left by a crashed server."""


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        """Built by Rasa from endpoints.yml's lock_store section (url = host, port, db)."""
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    @contextmanager
    def _exclusively(self, conversation_id: Text) -> Iterator[None]:
        mutex = self.red.lock(f"{self.key_prefix}mutex:{conversation_id}",
                              timeout=MUTEX_TIMEOUT_SECONDS, blocking_timeout=MUTEX_TIMEOUT_SECONDS)
        with mutex:
            yield

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._exclusively(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        with self._exclusively(conversation_id):
            super().finish_serving(conversation_id, ticket_number)

    def update_lock(self, conversation_id: Text) -> None:
        with self._exclusively(conversation_id):
            super().update_lock(conversation_id)
