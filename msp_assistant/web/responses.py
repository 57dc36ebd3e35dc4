"""The JSON error answer every ``/api/...`` endpoint gives: ``{"error": "<plain-language reason>"}``."""
from __future__ import annotations

from aiohttp import web


def json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
