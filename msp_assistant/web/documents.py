"""``POST /api/documents`` and ``DELETE /api/documents/{id}``: uploads the bot allowed with a ticket.

A flow that asks for documentation sends the page a signed upload ticket (case, purpose,
conversation; see ``msp_assistant.upload_tickets``). The page posts the file with that ticket as
multipart form data (fields ``ticket`` and ``file``). The file is accepted only when its content is a
PDF, TIFF, JPEG or PNG (magic bytes; the name and the browser's content type are ignored) and at most
``MAX_UPLOAD_BYTES``. The bytes go to ``var/uploads/<case_id>/<sha256>``, the metadata to the case
store. A delete needs the ticket too, and reaches only documents of the ticket's case uploaded in the
ticket's conversation. Every upload and delete is written to the audit log.
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, Callable

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from msp_assistant.auth_tokens import utc_now
from msp_assistant.store.records import DocumentRecord
from msp_assistant.store.repository import CaseStore
from msp_assistant.upload_tickets import (
    ACCEPTED_TYPES,
    DOCUMENT_PURPOSES,
    MAX_UPLOAD_BYTES,
    UploadTicket,
    verify_upload_ticket,
)
from msp_assistant.web.responses import json_error

MB = 1024 * 1024
LIMIT_TEXT = f"{MAX_UPLOAD_BYTES // MB} MB"
KINDS_TEXT = ", ".join(list(ACCEPTED_TYPES.values())[:-1]) + " or " + list(ACCEPTED_TYPES.values())[-1]
MULTIPART_OVERHEAD = 64 * 1024
"""Room for the form's other field and part headers on top of the file itself."""
CHUNK = 64 * 1024
MAX_FILENAME_CHARS = 200
CASE_ID = re.compile(r"^\d{1,32}$")

NO_TICKET = ("This upload is no longer allowed (the permission has expired or is not valid). "
             "Ask the assistant again to upload a document.")
WRONG_TYPE = (f"This file is not a {KINDS_TEXT} file. Only PDF documents and TIFF, JPEG or PNG images "
              "can be uploaded. A file's name alone does not make it one of these.")
TOO_LARGE = f"This file is larger than {LIMIT_TEXT}, the most one upload can be. Please send a smaller file."
EMPTY = "This file is empty. Please choose the document again."
BAD_FORM = "Send the upload as a form with the upload permission (ticket) and one file."
NOT_FOUND = "There is no such document among the ones uploaded in this conversation."

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def sniff_type(head: bytes) -> str | None:
    """The accepted content type these first bytes begin, else None."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def clean_filename(name: str | None) -> str:
    """A display name: no folders, no control characters, not too long. Never used as a path."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C").strip()
    return base[:MAX_FILENAME_CHARS] or "document"


def document_json(document: DocumentRecord) -> dict[str, Any]:
    return {
        "id": document.id,
        "case_id": document.case_id,
        "purpose": document.purpose,
        "purpose_label": DOCUMENT_PURPOSES.get(document.purpose, document.purpose),
        "filename": document.filename,
        "content_type": document.content_type,
        "kind": ACCEPTED_TYPES.get(document.content_type, document.content_type),
        "size": document.size,
        "sha256": document.sha256,
        "uploaded_at": document.uploaded_at.isoformat(),
        "deleted": document.deleted,
    }


class UploadRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class ReceivedFile:
    """A file part streamed to a temporary file next to its destination, hashed and size-checked."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".upload-", dir=folder)
        self.file = os.fdopen(handle, "wb")
        self.path = Path(name)
        self.size = 0
        self.head = b""
        self.sha256 = hashlib.sha256()
        self.filename = "document"

    async def receive(self, part: BodyPartReader) -> None:
        self.filename = clean_filename(part.filename)
        while chunk := await part.read_chunk(CHUNK):
            self.size += len(chunk)
            if self.size > MAX_UPLOAD_BYTES:
                raise UploadRefused(413, TOO_LARGE)
            if len(self.head) < 16:
                self.head += chunk[: 16 - len(self.head)]
            self.sha256.update(chunk)
            self.file.write(chunk)
        self.file.close()

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


class DocumentsApi:
    def __init__(self, *, uploads_dir: Path, secret: str, store: Callable[[], CaseStore]) -> None:
        self.uploads_dir = uploads_dir
        self.secret = secret
        self.store = store

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/api/documents", self.upload), web.delete("/api/documents/{id}", self.delete)]

    def _ticket(self, token: object) -> UploadTicket:
        ticket = verify_upload_ticket(token, secret=self.secret, now=utc_now())
        if ticket is None or not CASE_ID.match(ticket.case_id):
            raise UploadRefused(401, NO_TICKET)
        return ticket

    async def upload(self, request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD:
            return json_error(413, TOO_LARGE)
        received: ReceivedFile | None = None
        try:
            ticket, received = await self._read_form(request)
            if received.size == 0:
                raise UploadRefused(400, EMPTY)
            content_type = sniff_type(received.head)
            if content_type is None:
                raise UploadRefused(415, WRONG_TYPE)
            document = await asyncio.to_thread(self._keep, ticket, received, content_type)
        except UploadRefused as refused:
            return json_error(refused.status, refused.message)
        finally:
            if received is not None:
                received.discard()  # a no-op once the file has been moved into place
        return web.json_response({"document": document_json(document)}, status=201)

    async def _read_form(self, request: web.Request) -> tuple[UploadTicket, ReceivedFile]:
        """The ticket is checked as soon as it arrives; a file before it is held to the size limit."""
        try:
            reader = await request.multipart()
        except (AssertionError, ValueError, KeyError):
            raise UploadRefused(400, BAD_FORM) from None
        ticket: UploadTicket | None = None
        received: ReceivedFile | None = None
        try:
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader):
                    raise UploadRefused(400, BAD_FORM)
                if part.name == "ticket" and ticket is None:
                    ticket = self._ticket(await _small_field(part))
                elif part.name == "file" and received is None:
                    folder = self.uploads_dir / (ticket.case_id if ticket else ".incoming")
                    received = ReceivedFile(folder)
                    await received.receive(part)
                else:
                    await part.release()
        except UploadRefused:
            if received is not None:
                received.discard()
            raise
        except (ValueError, HttpProcessingError):  # a malformed form
            if received is not None:
                received.discard()
            raise UploadRefused(400, BAD_FORM) from None
        if ticket is None:
            if received is not None:
                received.discard()
            raise UploadRefused(401, NO_TICKET)
        if received is None:
            raise UploadRefused(400, BAD_FORM)
        return ticket, received

    def _keep(self, ticket: UploadTicket, received: ReceivedFile, content_type: str) -> DocumentRecord:
        """Move the bytes to var/uploads/<case>/<sha256> and record the document and the access."""
        digest = received.sha256.hexdigest()
        folder = self.uploads_dir / ticket.case_id
        folder.mkdir(parents=True, exist_ok=True)
        destination = folder / digest
        os.replace(received.path, destination)
        store = self.store()
        document = store.record_document(
            ticket.case_id, purpose=ticket.purpose, filename=received.filename, content_type=content_type,
            size=received.size, sha256=digest, path=str(destination), conversation_id=ticket.conversation_id,
        )
        _audit(store, ticket, "upload_document", f"document {document.id}: {received.size} bytes, {content_type}")
        return document

    async def delete(self, request: web.Request) -> web.Response:
        try:
            ticket = self._ticket(await _ticket_of_delete(request))
        except UploadRefused as refused:
            return json_error(refused.status, refused.message)
        raw_id = request.match_info["id"]
        if not raw_id.isdigit():
            return json_error(404, NOT_FOUND)
        document = await asyncio.to_thread(self._delete, ticket, int(raw_id))
        if document is None:
            return json_error(404, NOT_FOUND)
        return web.json_response({"document": document_json(document)})

    def _delete(self, ticket: UploadTicket, document_id: int) -> DocumentRecord | None:
        store = self.store()
        mine = [d for d in store.documents(ticket.case_id)
                if d.id == document_id and d.conversation_id == ticket.conversation_id]
        allowed = bool(mine) and store.delete_document(document_id)
        _audit(store, ticket, "delete_document", f"document {document_id}", allowed=allowed)
        if not allowed:
            return None
        return next(d for d in store.documents(ticket.case_id, include_deleted=True) if d.id == document_id)


async def _small_field(part: BodyPartReader, limit: int = 8192) -> str:
    """A short text field; anything longer than ``limit`` bytes is not a ticket."""
    data = b""
    while chunk := await part.read_chunk(limit):
        data += chunk
        if len(data) > limit:
            raise UploadRefused(401, NO_TICKET)
    return data.decode("utf-8", "replace").strip()


async def _ticket_of_delete(request: web.Request) -> object:
    """The ticket of a delete: the ``X-Upload-Ticket`` header, or ``{"ticket": ...}`` as the JSON body."""
    if request.headers.get("X-Upload-Ticket"):
        return request.headers["X-Upload-Ticket"]
    if request.can_read_body:
        try:
            body = await request.json()
        except ValueError:
            return None
        return body.get("ticket") if isinstance(body, dict) else None
    return None


def _audit(store: CaseStore, ticket: UploadTicket, action: str, detail: str, *, allowed: bool = True) -> None:
    store.record_access(
        actor_kind=ticket.actor_kind, actor_id=ticket.actor_id, action=action, case_id=ticket.case_id,
        conversation_id=ticket.conversation_id, allowed=allowed, detail=detail,
    )
