"""``msp-admin upgrade`` and ``msp-admin enroll-mfa``, through the real console script."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyotp

from msp_assistant import admin
from msp_assistant.store.importer import import_file
from msp_assistant.store.migrate import current_revision, head_revision
from msp_assistant.store.repository import CaseStore
from store_testing import TODAY, database_url, postgres_database, small_file  # noqa: F401
from test_import import run_admin


def test_upgrade_uses_msp_database_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'msp.db'}"
    result = run_admin(url, "upgrade")
    assert result.returncode == 0, result.stderr
    assert "is up to date" in result.stdout
    assert current_revision(url) == head_revision()


def test_enroll_mfa_prints_a_secret_that_verifies_codes(database_url: str, tmp_path: Path) -> None:
    source = tmp_path / "cases.json"
    source.write_text(json.dumps(small_file()))
    import_file(source, database_url, today=TODAY)
    result = run_admin(database_url, "enroll-mfa", "ann")
    assert result.returncode == 0, result.stderr
    secret = re.search(r"^secret: ([A-Z2-7]+)$", result.stdout, re.MULTILINE).group(1)  # type: ignore[union-attr]
    uri = re.search(r"^uri: (\S+)$", result.stdout, re.MULTILINE).group(1)  # type: ignore[union-attr]
    assert uri.startswith("otpauth://totp/") and parse_qs(urlparse(uri).query)["secret"] == [secret]
    assert pyotp.parse_uri(uri).verify(pyotp.TOTP(secret).now())
    with CaseStore(database_url) as store:
        ann = store.party_by_username("ann")
        assert ann is not None and ann.mfa_enrolled
        stored = store.totp_secret(ann.id)
    assert stored == secret
    assert pyotp.TOTP(stored).verify(pyotp.TOTP(secret).now())
    assert not pyotp.TOTP(stored).verify("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")

    again = run_admin(database_url, "enroll-mfa", "ann")
    assert again.returncode == 0 and "Replaced the authenticator" in again.stdout
    assert re.search(r"^secret: ([A-Z2-7]+)$", again.stdout, re.MULTILINE).group(1) != secret  # type: ignore[union-attr]


def test_enroll_mfa_for_an_unknown_username_fails(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'msp.db'}"
    assert admin.main(["--database-url", url, "enroll-mfa", "nobody"]) == 1
    assert "no party with username 'nobody'" in capsys.readouterr().err
