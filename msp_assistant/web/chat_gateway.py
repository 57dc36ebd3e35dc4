"""The page's chat channel: socket.io on WEB_PORT, relayed turn by turn to the Rasa server.

The page speaks the protocol of Rasa's socket.io channel (events ``session_request`` /
``session_confirm``, ``user_uttered`` with ``session_id`` and ``metadata``, ``bot_uttered``) over the
websocket transport, same-origin with the page. We do not proxy the frames to Rasa's own socket.io
endpoint, because with Rasa 3.6's pins that endpoint cannot serve this page:

* its websocket transport fails (python-engineio 4.4's Sanic driver against Sanic 21.12: every
  websocket handshake ends in "Invalid response type None"), so only long-polling works there; and
* its output channel raises ``TypeError`` on the bot's custom JSON (``{"upload": ...}``):
  ``SocketIOOutput.send_custom_json`` passes the payload's keys as keyword arguments to
  ``AsyncServer.emit``, so the upload ticket never reaches the page.

So this module runs python-socketio (the same library and version as Rasa) in aiohttp and sends each
user message to Rasa's REST channel (``/webhooks/rest/webhook`` on RASA_PORT), with the session id
as the sender and the sign-in token in the metadata, and emits the bot's replies in the shape Rasa's
socket.io channel uses. The session id is the Rasa conversation id, kept in the SQL tracker store,
so a reload (same session id from the page's localStorage) continues the conversation.
"""
from __future__ import annotations

import asyncio
import logging
import re
import uuid
from typing import Any

import aiohttp
import socketio
from aiohttp import web

logger = logging.getLogger(__name__)

USER_EVENT = "user_uttered"
BOT_EVENT = "bot_uttered"
ERROR_EVENT = "chat_error"
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_MESSAGE_CHARS = 2000
TURN_TIMEOUT_SECONDS = 60
NOT_ANSWERING = "The assistant is not answering right now. Please try again in a minute."


def socketio_messages(rest_message: dict[str, Any]) -> list[dict[str, Any]]:
    """One message of Rasa's REST channel as the ``bot_uttered`` payloads its socket.io channel sends."""
    messages: list[dict[str, Any]] = []
    text = rest_message.get("text")
    buttons = rest_message.get("buttons") or []
    if text or buttons:
        message: dict[str, Any] = {"text": text or ""}
        if buttons:
            message["quick_replies"] = [
                {"content_type": "text", "title": b.get("title", ""), "payload": b.get("payload", "")}
                for b in buttons
            ]
        messages.append(message)
    if isinstance(rest_message.get("custom"), dict):
        messages.append(rest_message["custom"])
    if rest_message.get("image"):
        messages.append({"attachment": {"type": "image", "payload": {"src": rest_message["image"]}}})
    if rest_message.get("attachment"):
        messages.append({"attachment": rest_message["attachment"]})
    return messages


class ChatGateway:
    """A socket.io server attached to the aiohttp app; one Rasa conversation per session id."""

    def __init__(self, rasa_url: str) -> None:
        self.webhook = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
        # cors_allowed_origins=None: only the page's own origin may connect (python-socketio's default).
        self.sio = socketio.AsyncServer(async_mode="aiohttp", transports=["websocket"])
        self.http: aiohttp.ClientSession | None = None
        self.sessions: dict[str, str] = {}
        self.locks: dict[str, asyncio.Lock] = {}
        self.sio.on("session_request", self.session_request)
        self.sio.on(USER_EVENT, self.user_uttered)
        self.sio.on("disconnect", self.disconnect)

    def attach(self, app: web.Application) -> None:
        self.sio.attach(app, socketio_path="socket.io")
        app.on_startup.append(self._open)
        app.on_cleanup.append(self._close)

    async def _open(self, app: web.Application) -> None:
        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TURN_TIMEOUT_SECONDS))

    async def _close(self, app: web.Application) -> None:
        if self.http is not None:
            await self.http.close()

    async def session_request(self, sid: str, data: Any) -> None:
        """Continue the page's conversation (its session id) or start a new one, as Rasa does."""
        requested = data.get("session_id") if isinstance(data, dict) else None
        session_id = requested if isinstance(requested, str) and SESSION_ID.match(requested) else uuid.uuid4().hex
        self.sessions[sid] = session_id
        await self.sio.emit("session_confirm", session_id, to=sid)

    async def disconnect(self, sid: str) -> None:
        session_id = self.sessions.pop(sid, None)
        if session_id is not None and session_id not in self.sessions.values():
            self.locks.pop(session_id, None)

    async def user_uttered(self, sid: str, data: Any) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("message"), str):
            return
        session_id = self.sessions.get(sid)
        if session_id is None or data.get("session_id") != session_id:
            await self.sio.emit(ERROR_EVENT, {"message": "Please reload the page to continue."}, to=sid)
            return
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        token = metadata.get("token")
        payload = {
            "sender": session_id,
            "message": data["message"][:MAX_MESSAGE_CHARS],
            "metadata": {"token": token} if isinstance(token, str) and token else {},
        }
        # One turn at a time per conversation, so replies keep the order of the questions.
        async with self.locks.setdefault(session_id, asyncio.Lock()):
            replies = await self._turn(payload)
            if replies is None:
                await self.sio.emit(ERROR_EVENT, {"message": NOT_ANSWERING}, to=sid)
                return
            for reply in replies:
                for message in socketio_messages(reply):
                    await self.sio.emit(BOT_EVENT, message, to=sid)

    async def _turn(self, payload: dict[str, Any]) -> list[dict[str, Any]] | None:
        assert self.http is not None
        try:
            async with self.http.post(self.webhook, json=payload) as response:
                if response.status != 200:
                    logger.warning("Rasa answered %s to a chat turn", response.status)
                    return None
                replies = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.warning("chat turn failed: %s", type(error).__name__)
            return None
        return [r for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []
