"""``msp-admin``: manage the case store (the database in MSP_DATABASE_URL, SQLite under var/ by default).

    msp-admin upgrade             create or upgrade the case store's tables (Alembic, to head)
    msp-admin import FILE         load parties, beneficiaries and cases from YAML or JSON (whole file or nothing)
    msp-admin enroll-mfa USERNAME give a party a TOTP authenticator; prints its secret and otpauth:// URI

The same database serves ``make run``, so an import is visible to a running bot.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

import pyotp

from msp_assistant.database import redacted
from msp_assistant.settings import load_settings
from msp_assistant.store.importer import ImportRejected, import_file
from msp_assistant.store.migrate import upgrade_database
from msp_assistant.store.repository import CaseStore

#: Shown in the authenticator app next to the account name.
TOTP_ISSUER = "MSP Recovery Assistant"


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="msp-admin", description="Manage the MSP Recovery Assistant's case store.")
    parser.add_argument("--database-url", help="database URL (default: MSP_DATABASE_URL, else SQLite under var/)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("upgrade", help="create or upgrade the case store's tables")
    load = commands.add_parser("import", help="load parties, beneficiaries and cases from a YAML or JSON file")
    load.add_argument("file", type=Path, metavar="FILE")
    enroll = commands.add_parser("enroll-mfa", help="enroll a TOTP authenticator for a party")
    enroll.add_argument("username")
    return parser


def upgrade(url: str) -> int:
    upgrade_database(url)
    print(f"The case store at {redacted(url)} is up to date.")
    return 0


def load(url: str, file: Path) -> int:
    try:
        summary = import_file(file, url)
    except ImportRejected as rejected:
        print(f"{file}: not imported, nothing was written ({len(rejected.problems)} problem(s)):", file=sys.stderr)
        for problem in rejected.problems:
            print(problem, file=sys.stderr)
        return 1
    verdict = "loaded into {url}" if summary.changed else "already loaded into {url}, nothing changed"
    print(f"{file}: " + verdict.format(url=redacted(url)))
    print("\n".join(summary.lines()))
    return 0


def enroll_mfa(url: str, username: str) -> int:
    """A new random base32 secret for the party (RFC 6238 TOTP, 30 s, 6 digits: what Google Authenticator
    and Okta Verify read; msp-rules.md section 8, MFA); replaces any earlier one."""
    upgrade_database(url)
    with CaseStore(url) as store:
        party = store.party_by_username(username)
        if party is None:
            print(f"msp-admin: no party with username {username!r}", file=sys.stderr)
            return 1
        secret = pyotp.random_base32()
        store.set_totp_secret(party.id, secret)
    if party.mfa_enrolled:
        print(f"Replaced the authenticator enrolled earlier for {username}.")
    print(f"Enrolled an authenticator for {username} ({party.name}).")
    print(f"secret: {secret}")
    print(f"uri: {pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        url = arguments.database_url or load_settings().database_url
    except ValueError as error:
        print(f"msp-admin: {error}", file=sys.stderr)
        return 2
    if arguments.command == "upgrade":
        return upgrade(url)
    if arguments.command == "import":
        return load(url, arguments.file)
    return enroll_mfa(url, arguments.username)


if __name__ == "__main__":
    sys.exit(main())
