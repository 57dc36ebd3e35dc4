"""The page's chat channel: Rasa's own socket.io channel, reached through this server's origin.

The page speaks socket.io to the Rasa server (events ``session_request``/``session_confirm``,
``user_uttered`` with ``session_id`` and ``metadata.token``, ``bot_uttered``; session persistence
on). Its HTTP long-polling requests to ``/socket.io/`` on WEB_PORT are passed through unchanged to
``/socket.io/`` on RASA_PORT, so only WEB_PORT needs to be open and the page stays same-origin.

Long-polling, not websocket: with Rasa 3.6's pins (python-engineio 4.4's Sanic driver on Sanic
21.12) every websocket handshake on Rasa's endpoint fails with "Invalid response type None", while
long-polling works. Several Rasa servers behind a balancer need sticky sessions for socket.io.
"""
from __future__ import annotations

import logging

import aiohttp
from aiohttp import web

logger = logging.getLogger(__name__)

SOCKET_IO_PATH = "/socket.io/"
UPSTREAM_TIMEOUT = aiohttp.ClientTimeout(total=90)  # a long-poll waits up to engine.io's ping interval
PASSED_HEADERS = ("Content-Type",)
UNREACHABLE = "The assistant is not answering right now. Please try again in a minute."
CLIENT = web.AppKey("socketio_proxy_client", aiohttp.ClientSession)


class SocketIoProxy:
    def __init__(self, rasa_url: str) -> None:
        self.upstream = rasa_url.rstrip("/") + SOCKET_IO_PATH

    async def relay(self, request: web.Request) -> web.Response:
        """One engine.io polling request (GET: wait for packets; POST: send packets), passed through."""
        headers = {name: request.headers[name] for name in PASSED_HEADERS if name in request.headers}
        try:
            async with request.app[CLIENT].request(
                request.method, self.upstream, params=request.query, data=await request.read(), headers=headers,
            ) as upstream:
                body = await upstream.read()
                response_headers = {name: upstream.headers[name] for name in PASSED_HEADERS if name in upstream.headers}
                return web.Response(status=upstream.status, body=body, headers=response_headers)
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.warning("socket.io relay to the Rasa server failed: %s", type(error).__name__)
            return web.json_response({"error": UNREACHABLE}, status=502)

    def attach(self, app: web.Application) -> None:
        async def open_client(app: web.Application) -> None:
            app[CLIENT] = aiohttp.ClientSession(timeout=UPSTREAM_TIMEOUT)

        async def close_client(app: web.Application) -> None:
            await app[CLIENT].close()

        app.on_startup.append(open_client)
        app.on_cleanup.append(close_client)
        app.router.add_route("GET", SOCKET_IO_PATH, self.relay)
        app.router.add_route("POST", SOCKET_IO_PATH, self.relay)
