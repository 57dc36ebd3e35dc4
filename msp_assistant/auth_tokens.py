"""Signed, expiring sign-in tokens for attorneys, insurers and agents.

``POST /api/login`` issues one (HS256, PyJWT); every chat message carries it as ``metadata.token``
and the actions verify it on every turn. An expired, forged or malformed token is anonymous.
The secret comes from ``MSP_TOKEN_SECRET`` (the launcher makes a random one when it is unset).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Mapping

import jwt

ALGORITHM = "HS256"
SECRET_VARIABLE = "MSP_TOKEN_SECRET"
TTL_VARIABLE = "MSP_TOKEN_TTL_SECONDS"
DEFAULT_TTL = timedelta(hours=1)
MINIMUM_SECRET_LENGTH = 32
ISSUER = "msp-recovery-assistant"


@dataclass(frozen=True)
class SignedInParty:
    """Who a valid token says is asking."""

    party_id: int
    role: str
    name: str


def token_secret(env: Mapping[str, str] | None = None) -> str:
    secret = (os.environ if env is None else env).get(SECRET_VARIABLE, "")
    if len(secret) < MINIMUM_SECRET_LENGTH:
        raise ValueError(f"{SECRET_VARIABLE} must be set to at least {MINIMUM_SECRET_LENGTH} characters")
    return secret


def token_ttl(env: Mapping[str, str] | None = None) -> timedelta:
    raw = (os.environ if env is None else env).get(TTL_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_TTL
    if not raw.isdigit() or int(raw) == 0:
        raise ValueError(f"{TTL_VARIABLE} must be a whole number of seconds, not {raw!r}")
    return timedelta(seconds=int(raw))


def issue_token(party: SignedInParty, *, secret: str, now: datetime, ttl: timedelta = DEFAULT_TTL) -> str:
    claims = {
        "iss": ISSUER,
        "sub": str(party.party_id),
        "role": party.role,
        "name": party.name,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(token: object, *, secret: str, now: datetime) -> SignedInParty | None:
    """The party a token names, or None when it is missing, forged, malformed or expired at ``now``."""
    if not isinstance(token, str) or not token:
        return None
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], issuer=ISSUER,
            options={"require": ["exp", "sub", "iss"], "verify_exp": False},
        )
        if now.astimezone(timezone.utc).timestamp() >= int(claims["exp"]):
            return None
        return SignedInParty(party_id=int(claims["sub"]), role=str(claims["role"]), name=str(claims["name"]))
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        return None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
