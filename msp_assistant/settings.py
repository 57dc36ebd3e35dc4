"""Configuration from environment variables, with the documented defaults.

| variable            | default                                  |
|---------------------|------------------------------------------|
| RASA_PORT           | 5005 (REST and socket.io channels)       |
| ACTION_PORT         | 5055 (custom action server)              |
| WEB_PORT            | 8080 (website and its /api endpoints)    |
| MSP_DATABASE_URL    | sqlite:///<repo>/var/msp.db              |
| ACTION_SERVER_URL   | http://127.0.0.1:<ACTION_PORT>/webhook   |
| MSP_BIND_HOST       | 127.0.0.1 (interface the servers bind)   |
| MSP_RASA_API_TOKEN  | unset: Rasa's HTTP API is off            |
| MSP_TODAY           | unset: the system date (see clock.py)    |
| MSP_REDIS_URL       | unset: in-memory lock store (one server) |
| MSP_UPLOAD_DIR      | <repo>/var/uploads (uploaded documents)  |

Several Rasa servers sharing one conversation store need a shared lock store: set MSP_REDIS_URL
(e.g. redis://127.0.0.1:6379/1) and MSP_DATABASE_URL to PostgreSQL on every server.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit
from pathlib import Path
from typing import Mapping

from msp_assistant import clock

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Everything the launcher and the servers need to know about where things are."""

    rasa_port: int
    action_port: int
    web_port: int
    database_url: str
    action_server_url: str
    bind_host: str
    rasa_api_token: str | None
    redis_url: str | None = None
    upload_dir_override: Path | None = None
    project_root: Path = PROJECT_ROOT

    @property
    def var_dir(self) -> Path:
        """Runtime data (SQLite database, logs, uploads); never committed."""
        return self.project_root / "var"

    @property
    def upload_dir(self) -> Path:
        """Where uploaded documents are kept (``<case_id>/<sha256>``)."""
        return self.upload_dir_override or self.var_dir / "uploads"

    @property
    def model_dir(self) -> Path:
        return self.project_root / "bot" / "models"

    def server_environment(self) -> dict[str, str]:
        """The variables endpoints.yml and the action server read, with defaults filled in."""
        return {
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "WEB_PORT": str(self.web_port),
            "MSP_DATABASE_URL": self.database_url,
            "ACTION_SERVER_URL": self.action_server_url,
            **lock_store_environment(self.redis_url),
        }


REDIS_LOCK_STORE = "msp_assistant.lock_store.AtomicRedisLockStore"
"""Rasa's Redis lock store with atomic ticket updates (see lock_store.py)."""


def lock_store_environment(redis_url: str | None) -> dict[str, str]:
    """endpoints.yml's lock_store fields: Rasa's in-memory lock store, or Redis when a URL is given."""
    if not redis_url:
        return {"MSP_LOCK_STORE": "in_memory", "MSP_REDIS_HOST": "", "MSP_REDIS_PORT": "0", "MSP_REDIS_DB": "0"}
    parts = urlsplit(redis_url)
    if parts.scheme != "redis" or not parts.hostname:
        raise ValueError(f"MSP_REDIS_URL must look like redis://host:6379/1, not {redis_url!r}")
    database = parts.path.strip("/") or "1"
    if not database.isdigit():
        raise ValueError(f"MSP_REDIS_URL must end in a database number, not {parts.path!r}")
    return {"MSP_LOCK_STORE": REDIS_LOCK_STORE, "MSP_REDIS_HOST": parts.hostname,
            "MSP_REDIS_PORT": str(parts.port or 6379), "MSP_REDIS_DB": database}


def default_database_url(project_root: Path = PROJECT_ROOT) -> str:
    """The embedded default: a SQLite file under ``var/`` (needs no server)."""
    return f"sqlite:///{project_root / 'var' / 'msp.db'}"


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"{name} must be a port number between 1 and 65535, not {raw!r}")
    return int(raw)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: the process environment); fail early and plainly."""
    env = os.environ if env is None else env
    clock.today(env)  # a malformed MSP_TODAY stops start-up, not the first conversation
    lock_store_environment(env.get("MSP_REDIS_URL", "").strip() or None)  # and so does a malformed Redis URL
    action_port = _port(env, "ACTION_PORT", 5055)
    return Settings(
        rasa_port=_port(env, "RASA_PORT", 5005),
        action_port=action_port,
        web_port=_port(env, "WEB_PORT", 8080),
        database_url=env.get("MSP_DATABASE_URL", "").strip() or default_database_url(),
        action_server_url=env.get("ACTION_SERVER_URL", "").strip()
        or f"http://127.0.0.1:{action_port}/webhook",
        bind_host=env.get("MSP_BIND_HOST", "").strip() or "127.0.0.1",
        rasa_api_token=env.get("MSP_RASA_API_TOKEN", "").strip() or None,
        redis_url=env.get("MSP_REDIS_URL", "").strip() or None,
        upload_dir_override=Path(env["MSP_UPLOAD_DIR"]) if env.get("MSP_UPLOAD_DIR", "").strip() else None,
    )
