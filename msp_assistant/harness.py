"""Run the whole assistant as ``make run`` does, from tests and benchmarks, and talk to it over REST.

``RunningAssistant.start(...)`` launches ``python -m msp_assistant.launcher`` on the ports and database
it is given, waits for its "ready" line, and returns a handle to send messages and stop it.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from msp_assistant.settings import PROJECT_ROOT
from msp_assistant.subprocess_env import quiet_rasa_environment

READY_LINE = "The MSP Recovery Assistant is ready."


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def is_alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@dataclass
class RunningAssistant:
    process: subprocess.Popen
    rasa_port: int
    action_port: int
    web_port: int
    log_path: Path
    started_at: float
    ready_after: float = 0.0

    @classmethod
    def start(
        cls,
        log_path: Path,
        *,
        database_url: str,
        extra_env: dict[str, str] | None = None,
        timeout: float = 300,
    ) -> "RunningAssistant":
        rasa_port, action_port, web_port = free_port(), free_port(), free_port()
        env = quiet_rasa_environment({
            "RASA_PORT": str(rasa_port),
            "ACTION_PORT": str(action_port),
            "WEB_PORT": str(web_port),
            "MSP_DATABASE_URL": database_url,
            **(extra_env or {}),
        })
        env.pop("ACTION_SERVER_URL", None)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log = log_path.open("wb")
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "msp_assistant.launcher"],
            cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )
        assistant = cls(process, rasa_port, action_port, web_port, log_path, started)
        assistant._wait_until_ready(timeout)
        return assistant

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = self.started_at + timeout
        while time.monotonic() < deadline:
            if READY_LINE in self.log_path.read_text(errors="replace"):
                self.ready_after = time.monotonic() - self.started_at
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the assistant did not become ready; log:\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def post_json(self, path: str, payload: Any, *, timeout: float = 30, base: str | None = None) -> Any:
        request = urllib.request.Request(
            (base or self.base_url) + path, data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"}, method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")

    def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """POST one message to the REST channel; the bot's messages as Rasa returns them."""
        payload: dict[str, Any] = {"sender": sender, "message": text}
        if metadata is not None:
            payload["metadata"] = metadata
        return self.post_json("/webhooks/rest/webhook", payload)

    def say(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> str:
        """The bot's reply texts joined into one string, as the user reads them."""
        return "\n".join(m.get("text", "") for m in self.send(sender, text, metadata))

    def login(self, username: str, password: str) -> str:
        """Sign in on the website's API; the token to send as ``metadata.token``."""
        return self.post_json("/api/login", {"username": username, "password": password}, base=self.web_url)["token"]

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 60) -> set[int]:
        """Signal the launcher and wait; returns the processes it had started that are still alive."""
        children = descendants(self.process.pid)
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(is_alive(p) for p in children):
            time.sleep(0.2)
        return {p for p in children if is_alive(p)}
