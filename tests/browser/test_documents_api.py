"""``POST /api/documents`` and ``DELETE /api/documents/{id}`` against the real web server: the type is
judged by content, the size limit holds, forged and expired tickets are refused, and a ticket deletes
only its own conversation's documents of its own case. Plus the small helpers, as plain unit tests."""
from __future__ import annotations

import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from assistant_testing import TEST_UPLOADS
from msp_assistant.auth_tokens import utc_now
from msp_assistant.harness import RunningAssistant
from msp_assistant.settings import PROJECT_ROOT
from msp_assistant.store.repository import CaseStore
from msp_assistant.upload_tickets import MAX_UPLOAD_BYTES
from msp_assistant.web.documents import clean_filename, sniff_type
from web_test_support import (
    ATTORNEY,
    DISGUISED_HTML,
    LOPEZ_CASE,
    SMITH_CASE,
    delete,
    jpeg_bytes,
    new_conversation,
    pdf_bytes,
    png_bytes,
    ticket_for,
    tiff_bytes,
    upload,
)

pytestmark = pytest.mark.e2e

UPLOADS = TEST_UPLOADS


def stored(sqlite_url: str, case_id: str = LOPEZ_CASE, **kwargs: bool) -> list:
    store = CaseStore(sqlite_url)
    try:
        return store.documents(case_id, **kwargs)
    finally:
        store.close()


def audit(sqlite_url: str, conversation: str) -> list[tuple[str, bool]]:
    store = CaseStore(sqlite_url)
    try:
        return [(e.action, e.allowed) for e in store.audit_entries(conversation_id=conversation)]
    finally:
        store.close()


def leftovers() -> list[Path]:
    return [p for p in UPLOADS.rglob(".upload-*")] if UPLOADS.exists() else []


# --- uploads ---------------------------------------------------------------------------------------

def test_a_png_is_stored_on_disk_and_in_the_case_store(assistant: RunningAssistant, sqlite_url: str) -> None:
    conversation = new_conversation()
    content = png_bytes(note=conversation)
    response = upload(assistant.web_url, ticket_for(conversation=conversation), "scan of POR.png", content, "image/png")
    assert response.status_code == 201, response.text
    document = response.json()["document"]
    digest = hashlib.sha256(content).hexdigest()
    assert document["filename"] == "scan of POR.png"
    assert (document["content_type"], document["kind"], document["size"], document["sha256"]) == (
        "image/png", "PNG", len(content), digest)
    assert (document["purpose"], document["purpose_label"]) == ("proof_of_representation", "Proof of Representation")
    on_disk = UPLOADS / LOPEZ_CASE / digest
    assert on_disk.read_bytes() == content
    [record] = [d for d in stored(sqlite_url) if d.id == document["id"]]
    assert (record.case_id, record.purpose, record.size, record.sha256, record.conversation_id, record.path) == (
        LOPEZ_CASE, "proof_of_representation", len(content), digest, conversation, str(on_disk))
    assert ("upload_document", True) in audit(sqlite_url, conversation)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("filename", "make", "content_type"),
    [("por.pdf", pdf_bytes, "application/pdf"), ("photo.jpg", jpeg_bytes, "image/jpeg"),
     ("fax.tif", tiff_bytes, "image/tiff")],
)
def test_each_accepted_kind_is_recognised_by_content(assistant: RunningAssistant, filename: str, make, content_type: str) -> None:
    # The browser's claimed type is deliberately wrong: only the bytes count.
    response = upload(assistant.web_url, ticket_for(), filename, make(), "text/plain")
    assert response.status_code == 201, response.text
    assert response.json()["document"]["content_type"] == content_type


def test_a_real_image_with_a_misleading_name_is_accepted_as_what_it_is(assistant: RunningAssistant) -> None:
    response = upload(assistant.web_url, ticket_for(), "notes.txt", png_bytes(note="misnamed"), "text/plain")
    assert response.status_code == 201 and response.json()["document"]["content_type"] == "image/png"


@pytest.mark.parametrize(
    ("filename", "content"),
    [("proof.pdf", DISGUISED_HTML), ("proof.pdf", b"just some text\n"), ("image.png", b"GIF89a\x01\x00\x01\x00"),
     ("macro.pdf", b"PK\x03\x04" + b"\x00" * 40), ("por.pdf", b" %PDF-1.4 but not at the start")],
)
def test_a_disguised_file_is_refused_and_nothing_is_kept(assistant: RunningAssistant, sqlite_url: str,
                                                         filename: str, content: bytes) -> None:
    conversation = new_conversation()
    before = len(stored(sqlite_url))
    response = upload(assistant.web_url, ticket_for(conversation=conversation), filename, content, "application/pdf")
    assert response.status_code == 415
    assert "not a PDF, TIFF, JPEG or PNG file" in response.json()["error"]
    assert len(stored(sqlite_url)) == before
    assert not (UPLOADS / LOPEZ_CASE / hashlib.sha256(content).hexdigest()).exists()
    assert leftovers() == []


def test_the_size_limit_is_enforced_while_streaming(assistant: RunningAssistant, sqlite_url: str) -> None:
    before = len(stored(sqlite_url))
    too_big = b"%PDF-1.4\n" + b"0" * (MAX_UPLOAD_BYTES - 8)  # one byte over the limit
    response = upload(assistant.web_url, ticket_for(), "big.pdf", too_big, "application/pdf")
    assert response.status_code == 413
    assert "larger than 10 MB" in response.json()["error"]
    assert len(stored(sqlite_url)) == before and leftovers() == []


def test_a_file_of_exactly_the_limit_is_accepted(assistant: RunningAssistant) -> None:
    exact = b"%PDF-1.4\n" + os.urandom(16).hex().encode() + b"0" * (MAX_UPLOAD_BYTES - 41)
    assert len(exact) == MAX_UPLOAD_BYTES
    response = upload(assistant.web_url, ticket_for(), "exact.pdf", exact, "application/pdf")
    assert response.status_code == 201, response.text
    assert response.json()["document"]["size"] == MAX_UPLOAD_BYTES


def test_an_empty_file_a_missing_file_and_a_non_form_are_bad_requests(assistant: RunningAssistant) -> None:
    assert upload(assistant.web_url, ticket_for(), "empty.pdf", b"").status_code == 400
    no_file = requests.post(assistant.web_url + "/api/documents", files={"ticket": (None, ticket_for())}, timeout=30)
    assert no_file.status_code == 400 and "one file" in no_file.json()["error"]
    as_json = requests.post(assistant.web_url + "/api/documents", json={"ticket": ticket_for()}, timeout=30)
    assert as_json.status_code == 400


def test_missing_forged_expired_and_tampered_tickets_are_refused(assistant: RunningAssistant, sqlite_url: str) -> None:
    before = len(stored(sqlite_url))
    good = ticket_for()
    header, payload, signature = good.split(".")
    tampered_payload = json.loads(_b64decode(payload))
    tampered_payload["case"] = SMITH_CASE
    tampered = ".".join([header, _b64encode(json.dumps(tampered_payload).encode()), signature])
    cases = {
        "missing": None,
        "empty": "",
        "garbage": "not-a-ticket",
        "forged": ticket_for(secret="another-secret-that-is-long-enough-0123456789"),
        "expired": ticket_for(now=utc_now() - timedelta(hours=1)),
        "tampered": tampered,
        "sign-in token": assistant.login(*ATTORNEY),  # right secret, wrong kind of token
    }
    for name, ticket in cases.items():
        response = upload(assistant.web_url, ticket, "por.png", png_bytes(note=name), "image/png")
        assert response.status_code == 401, name
        assert "no longer allowed" in response.json()["error"], name
    assert len(stored(sqlite_url)) == before and leftovers() == []


def test_the_file_name_is_only_a_label(assistant: RunningAssistant) -> None:
    content = png_bytes(note="traversal")
    response = upload(assistant.web_url, ticket_for(), "../../etc/passwd.png", content, "image/png")
    assert response.status_code == 201
    assert response.json()["document"]["filename"] == "passwd.png"
    assert (UPLOADS / LOPEZ_CASE / hashlib.sha256(content).hexdigest()).exists()
    assert not (PROJECT_ROOT / "etc").exists()
    # A name no HTTP header may carry is a malformed form, not a server error.
    malformed = upload(assistant.web_url, ticket_for(), "bad\u0000name.png", content, "image/png")
    assert malformed.status_code == 400 and leftovers() == []


def test_a_ticket_the_bot_issued_works_end_to_end(assistant: RunningAssistant, sqlite_url: str) -> None:
    """The real flow over REST: the bot checks the right to act and issues the ticket; the upload
    uses it; the bot then confirms the document by name."""
    conversation = new_conversation()
    token = assistant.login(*ATTORNEY)
    replies = assistant.send(conversation, f"upload my proof of representation for case {LOPEZ_CASE}", {"token": token})
    [offer] = [r["custom"]["data"]["upload"] for r in replies if "custom" in r]
    assert offer["case_id"] == LOPEZ_CASE and offer["purpose"] == "proof_of_representation"
    response = upload(assistant.web_url, offer["ticket"], "lee-por-signed.pdf", pdf_bytes(conversation))
    assert response.status_code == 201
    answer = assistant.say(conversation, "I uploaded lee-por-signed.pdf", {"token": token})
    assert "lee-por-signed.pdf" in answer and "Proof of Representation" in answer


# --- deletes ---------------------------------------------------------------------------------------

def test_a_ticket_deletes_its_own_documents_only(assistant: RunningAssistant, sqlite_url: str) -> None:
    mine, theirs = new_conversation(), new_conversation()
    my_ticket, their_ticket = ticket_for(conversation=mine), ticket_for(conversation=theirs)
    my_doc = upload(assistant.web_url, my_ticket, "wrong.png", png_bytes(note=mine), "image/png").json()["document"]
    their_doc = upload(assistant.web_url, their_ticket, "theirs.png", png_bytes(note=theirs), "image/png").json()["document"]
    smith_ticket = ticket_for(SMITH_CASE, conversation=mine)

    assert delete(assistant.web_url, their_doc["id"], my_ticket).status_code == 404  # another conversation
    assert delete(assistant.web_url, my_doc["id"], smith_ticket).status_code == 404  # another case
    assert delete(assistant.web_url, my_doc["id"], None).status_code == 401
    assert delete(assistant.web_url, my_doc["id"], ticket_for(conversation=mine, now=utc_now() - timedelta(hours=1))).status_code == 401
    assert delete(assistant.web_url, "not-a-number", my_ticket).status_code == 404

    deleted = delete(assistant.web_url, my_doc["id"], my_ticket)
    assert deleted.status_code == 200 and deleted.json()["document"]["deleted"] is True
    assert delete(assistant.web_url, my_doc["id"], my_ticket).status_code == 404  # already gone

    visible = {d.id for d in stored(sqlite_url)}
    assert my_doc["id"] not in visible and their_doc["id"] in visible
    assert my_doc["id"] in {d.id for d in stored(sqlite_url, include_deleted=True)}  # kept for the record
    assert ("delete_document", True) in audit(sqlite_url, mine)
    assert ("delete_document", False) in audit(sqlite_url, mine)


def test_a_delete_may_carry_the_ticket_in_a_json_body(assistant: RunningAssistant) -> None:
    conversation = new_conversation()
    ticket = ticket_for(conversation=conversation)
    doc = upload(assistant.web_url, ticket, "a.png", png_bytes(note=conversation), "image/png").json()["document"]
    response = requests.delete(f"{assistant.web_url}/api/documents/{doc['id']}", json={"ticket": ticket}, timeout=30)
    assert response.status_code == 200


# --- the page is served --------------------------------------------------------------------------

def test_the_page_and_its_socket_io_client_are_served_same_origin(assistant: RunningAssistant) -> None:
    page = requests.get(assistant.web_url + "/", timeout=30)
    assert page.status_code == 200 and "MSP Recovery Assistant" in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    client = requests.get(assistant.web_url + "/vendor/socket.io.min.js", timeout=30)
    assert client.status_code == 200 and "Socket.IO v4" in client.text[:200]
    assert requests.get(assistant.web_url + "/static/chat.js", timeout=30).status_code == 200
    assert requests.get(assistant.web_url + "/static/../server.py", timeout=30).status_code in (403, 404)
    assert requests.get(assistant.web_url + "/api/health", timeout=30).json() == {"status": "ok"}


# --- unit tests of the helpers --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("head", "expected"),
    [(b"%PDF-1.7", "application/pdf"), (b"\x89PNG\r\n\x1a\n....", "image/png"), (b"\xff\xd8\xff\xe0", "image/jpeg"),
     (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"), (b"<html>", None), (b"", None), (b"%PDF", None),
     (b"GIF89a", None), (b"BM", None)],
)
def test_sniff_type_reads_magic_bytes(head: bytes, expected: str | None) -> None:
    assert sniff_type(head) == expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("a.pdf", "a.pdf"), ("C:\\Users\\me\\scan.png", "scan.png"), ("../x/y.pdf", "y.pdf"),
     ("bad\x00\x1bname.pdf", "badname.pdf"), ("", "document"), (None, "document"), ("x" * 300, "x" * 200),
     ("folder/", "document")],
)
def test_clean_filename_keeps_a_safe_label(raw: str | None, clean: str) -> None:
    assert clean_filename(raw) == clean


def _b64decode(part: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _b64encode(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
