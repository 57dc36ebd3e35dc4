"""aiohttp application for WEB_PORT: ``POST /api/login`` and ``GET /api/health``.

Sign-in is for attorneys, insurers and agents (beneficiaries verify in chat instead). The token it
returns goes with every chat message as ``metadata.token``.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from aiohttp import web

from msp_assistant.auth_tokens import SignedInParty, issue_token, token_secret, token_ttl, utc_now
from msp_assistant.settings import load_settings
from msp_assistant.store.repository import CaseStore
from msp_assistant.web.login_throttle import LoginThrottle

logger = logging.getLogger(__name__)

STORE = web.AppKey("store", CaseStore)
THROTTLE = web.AppKey("throttle", LoginThrottle)
SECRET = web.AppKey("secret", str)

WRONG_CREDENTIALS = "That username and password do not match an account."


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def login(request: web.Request) -> web.Response:
    try:
        body = await request.json()
    except ValueError:
        return _error(400, "Send JSON with a username and a password.")
    username = body.get("username") if isinstance(body, dict) else None
    password = body.get("password") if isinstance(body, dict) else None
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        return _error(400, "Send JSON with a username and a password.")
    throttle = request.app[THROTTLE]
    if throttle.is_locked(username):
        return _error(429, "Too many failed sign-ins for this username. Try again in 15 minutes.")
    party = await asyncio.to_thread(request.app[STORE].authenticate_party, username, password)
    if party is None:
        throttle.record_failure(username)
        logger.info("sign-in refused")
        return _error(401, WRONG_CREDENTIALS)
    throttle.record_success(username)
    ttl = token_ttl()
    token = issue_token(
        SignedInParty(party_id=party.id, role=party.role, name=party.name),
        secret=request.app[SECRET], now=utc_now(), ttl=ttl,
    )
    logger.info("signed in party %s (%s)", party.id, party.role)
    return web.json_response(
        {"token": token, "role": party.role, "name": party.name, "expires_in": int(ttl.total_seconds())}
    )


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app(database_url: str, secret: str) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[SECRET] = secret
    app[THROTTLE] = LoginThrottle()

    async def open_store(app: web.Application) -> None:
        app[STORE] = CaseStore(database_url)

    async def close_store(app: web.Application) -> None:
        app[STORE].close()

    app.on_startup.append(open_store)
    app.on_cleanup.append(close_store)
    app.router.add_post("/api/login", login)
    app.router.add_get("/api/health", health)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    settings = load_settings()
    app = create_app(settings.database_url, token_secret())
    web.run_app(app, host=settings.bind_host, port=settings.web_port, print=None, access_log=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
