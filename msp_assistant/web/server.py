"""aiohttp application for WEB_PORT: the chat page, its socket.io channel, and the ``/api/...`` endpoints.

* ``GET /``: the chat page (``web/static/``); ``/static/...`` its files; ``/vendor/socket.io.min.js``
  the pinned socket.io client from ``web/node_modules`` (``npm ci --prefix web``).
* ``/socket.io/``: the page's chat channel: Rasa's socket.io channel, passed through (``socketio_proxy``).
* ``POST /api/login``: sign-in for attorneys, insurers and agents (beneficiaries verify in chat
  instead). The token it returns goes with every chat message as ``metadata.token``.
* ``POST /api/documents``, ``DELETE /api/documents/{id}``: uploads allowed by a ticket (``documents``).
* ``GET /api/health``.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Awaitable, Callable

from aiohttp import web

from msp_assistant.auth_tokens import SignedInParty, issue_token, token_secret, token_ttl, utc_now
from msp_assistant.settings import PROJECT_ROOT, Settings, load_settings
from msp_assistant.store.repository import CaseStore
from msp_assistant.web.documents import DocumentsApi
from msp_assistant.web.login_throttle import LoginThrottle
from msp_assistant.web.socketio_proxy import SocketIoProxy
from msp_assistant.web.responses import json_error as _error

logger = logging.getLogger(__name__)

STORE = web.AppKey("store", CaseStore)
THROTTLE = web.AppKey("throttle", LoginThrottle)
SECRET = web.AppKey("secret", str)

WRONG_CREDENTIALS = "That username and password do not match an account."

WEB_ROOT = PROJECT_ROOT / "web"
STATIC_DIR = WEB_ROOT / "static"
SOCKET_IO_CLIENT = WEB_ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
MISSING_CLIENT = "// The socket.io client is not installed: run `npm ci --prefix web` (make install does).\n"

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


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


async def chat_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


async def socket_io_client(request: web.Request) -> web.StreamResponse:
    if not SOCKET_IO_CLIENT.exists():
        return web.Response(status=503, text=MISSING_CLIENT, content_type="application/javascript")
    return web.FileResponse(SOCKET_IO_CLIENT, headers={"Cache-Control": "no-cache"})


@web.middleware
async def security_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    response = await handler(request)
    if not response.prepared:
        response.headers.update(SECURITY_HEADERS)
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
    return response


def rasa_url(settings: Settings) -> str:
    """Where this server reaches the Rasa server (its socket.io channel carries the page's chat)."""
    host = "127.0.0.1" if settings.bind_host in ("0.0.0.0", "::") else settings.bind_host
    return f"http://{host}:{settings.rasa_port}"


def create_app(
    database_url: str, secret: str, *, rasa: str = "http://127.0.0.1:5005", uploads_dir: Path | None = None,
) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024, middlewares=[security_headers])
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
    documents = DocumentsApi(
        uploads_dir=uploads_dir or PROJECT_ROOT / "var" / "uploads", secret=secret, store=lambda: app[STORE]
    )
    app.router.add_routes(documents.routes())
    app.router.add_get("/", chat_page)
    app.router.add_get("/vendor/socket.io.min.js", socket_io_client)
    app.router.add_static("/static/", STATIC_DIR, append_version=False)
    SocketIoProxy(rasa).attach(app)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    settings = load_settings()
    app = create_app(settings.database_url, token_secret(), rasa=rasa_url(settings),
                     uploads_dir=settings.upload_dir)
    web.run_app(app, host=settings.bind_host, port=settings.web_port, print=None, access_log=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
