"""Shared helpers for the website tests: small real files of each kind, upload tickets, and the
headless Chromium the browser tests drive (Debian's package, installed here with apt-get when missing).

Not a conftest.py: several test folders have one already, and fixtures imported explicitly are
clearer than a second conftest. Tests import these fixtures explicitly.
"""
from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import uuid
import zlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

import pytest
import requests

from assistant_testing import TOKEN_SECRET
from msp_assistant.auth_tokens import utc_now
from msp_assistant.settings import PROJECT_ROOT
from msp_assistant.upload_tickets import UploadTicket, issue_upload_ticket

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WEB_DIR = PROJECT_ROOT / "web"
AXE = WEB_DIR / "node_modules" / "axe-core" / "axe.min.js"
SOCKET_IO_CLIENT = WEB_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
SCREENSHOTS = PROJECT_ROOT / "reports" / "browser"

LOPEZ_CASE = "200000000000001"
SMITH_CASE = "200000000000002"
ATTORNEY = ("alee", "lee-attorney-pass-1")


# --- small real files ------------------------------------------------------------------------------

def png_bytes(width: int = 2, height: int = 2, note: str = "") -> bytes:
    """A valid PNG (grey pixels); ``note`` goes into a tEXt chunk so each file can have its own hash."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00" + note.encode()) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def pdf_bytes(text: str = "Proof of Representation") -> bytes:
    """A valid one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 200, 200)).save(out, format="JPEG")
    return out.getvalue()


def tiff_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (4, 4), 128).save(out, format="TIFF")
    return out.getvalue()


DISGUISED_HTML = b"<!doctype html><html><body><script>alert('x')</script>Not a PDF</body></html>\n"


# --- tickets and the API ---------------------------------------------------------------------------

def ticket_for(case_id: str = LOPEZ_CASE, *, conversation: str | None = None, purpose: str = "proof_of_representation",
               secret: str = TOKEN_SECRET, now: datetime | None = None, ttl: timedelta = timedelta(minutes=30)) -> str:
    """A ticket as the bot issues one (tests of the endpoints issue their own with the test secret)."""
    return issue_upload_ticket(
        UploadTicket(case_id=case_id, purpose=purpose, conversation_id=conversation or new_conversation(),
                     actor_kind="party", actor_id="1"),
        secret=secret, now=now or utc_now(), ttl=ttl,
    )


def new_conversation() -> str:
    return f"web-{uuid.uuid4().hex}"


def upload(web_url: str, ticket: str | None, filename: str, content: bytes,
           content_type: str = "application/octet-stream") -> requests.Response:
    data = {"ticket": ticket} if ticket is not None else {}
    return requests.post(web_url + "/api/documents", data=data,
                         files={"file": (filename, content, content_type)}, timeout=30)


def delete(web_url: str, document_id: int | str, ticket: str | None) -> requests.Response:
    headers = {"X-Upload-Ticket": ticket} if ticket is not None else {}
    return requests.delete(f"{web_url}/api/documents/{document_id}", headers=headers, timeout=30)


# --- Chromium and the page's npm packages --------------------------------------------------------

def ensure_chromium() -> Path:
    """Debian's Chromium, installed with apt-get when missing (no browser download)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.fail("Chromium is missing and cannot be installed here: run "
                    "`apt-get update && apt-get install -y chromium chromium-driver` as root")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver"]
    if subprocess.run(install, env=env, capture_output=True, timeout=900).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, check=True, capture_output=True, timeout=600)
        subprocess.run(install, env=env, check=True, capture_output=True, timeout=900)
    if not CHROMIUM.exists():
        pytest.fail("apt-get installed chromium but /usr/bin/chromium is missing")
    return CHROMIUM


def ensure_web_packages() -> None:
    """The page's pinned npm packages (socket.io-client, axe-core); `make install` runs the same."""
    if SOCKET_IO_CLIENT.exists() and AXE.exists():
        return
    subprocess.run(["npm", "ci", "--prefix", str(WEB_DIR), "--no-audit", "--no-fund"],
                   check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[object]:
    """One headless Debian Chromium per test module, driven by Playwright (its own browsers unused); the
    module scope stops Playwright's event loop before other tests (async action tests) run.
    Playwright starts it with a new, empty temporary --user-data-dir (it refuses one in ``args``)."""
    from playwright.sync_api import sync_playwright

    executable = ensure_chromium()
    ensure_web_packages()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
