"""Start the action server and the Rasa server, wait until both answer, and stop both on a signal.

This is what ``make run`` runs. It works without a terminal (stdin closed, output to a file) and on
SIGTERM or Ctrl-C stops every process it started (each runs in its own process group, so their
children go too). ``--shell`` starts the action server and talks to the bot with ``rasa shell``.
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from msp_assistant import training
from msp_assistant.auth_tokens import SECRET_VARIABLE
from msp_assistant.database import ensure_database, redacted
from msp_assistant.settings import Settings, load_settings
from msp_assistant.store.migrate import upgrade_database
from msp_assistant.subprocess_env import quiet_rasa_environment

READY_TIMEOUT_SECONDS = 300
STOP_GRACE_SECONDS = 15


@dataclass
class ManagedProcess:
    """A child process in its own process group, with the URL that says it is ready."""

    name: str
    command: list[str]
    health_url: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, cwd: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            self.command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, start_new_session=True
        )

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        """SIGTERM to the whole group, SIGKILL after a grace period."""
        if self.process is None or self.process.poll() is not None:
            return
        _signal_group(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            _signal_group(self.process.pid, signal.SIGKILL)
            self.process.wait()
        _signal_group(self.process.pid, signal.SIGKILL)  # leftovers of the group, if any


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def action_server(settings: Settings) -> ManagedProcess:
    return ManagedProcess(
        name="action server",
        command=[sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions",
                 "--port", str(settings.action_port)],
        health_url=f"http://127.0.0.1:{settings.action_port}/health",
    )


def web_server(settings: Settings) -> ManagedProcess:
    return ManagedProcess(
        name="web server",
        command=[sys.executable, "-m", "msp_assistant.web"],
        health_url=f"http://127.0.0.1:{settings.web_port}/api/health",
    )


def rasa_server(settings: Settings, model: Path) -> ManagedProcess:
    root = settings.project_root
    command = [
        sys.executable, "-m", "rasa", "run",
        "--model", str(model),
        "--endpoints", str(root / "endpoints.yml"),
        "--credentials", str(root / "credentials.yml"),
        "--port", str(settings.rasa_port),
        "--interface", settings.bind_host,
    ]
    if settings.rasa_api_token:
        # The HTTP API (trackers, model) is only ever on behind a token.
        command += ["--enable-api", "--auth-token", settings.rasa_api_token]
    host = "127.0.0.1" if settings.bind_host in ("0.0.0.0", "::") else settings.bind_host
    return ManagedProcess(name="Rasa server", command=command, health_url=f"http://{host}:{settings.rasa_port}/")


class Launcher:
    """Owns the servers of one ``make run``."""

    def __init__(self, settings: Settings, model: Path) -> None:
        self.settings = settings
        self.servers = [action_server(settings), web_server(settings), rasa_server(settings, model)]
        self.stopping = False

    def start(self) -> None:
        env = server_environment(self.settings)
        for server in self.servers:
            print(f"==> Starting the {server.name}", flush=True)
            server.start(self.settings.project_root, env)

    def wait_until_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        waiting = list(self.servers)
        while waiting:
            for server in list(waiting):
                if not server.is_running():
                    raise RuntimeError(f"the {server.name} exited during start-up")
                if server.is_ready():
                    waiting.remove(server)
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready after {timeout:.0f} s: {', '.join(s.name for s in waiting)}")
            time.sleep(0.25)

    def stop(self) -> None:
        self.stopping = True
        for server in reversed(self.servers):
            server.stop()

    def watch(self) -> int:
        """Block until a signal stops us (exit 0) or a server dies on its own (exit 1)."""
        while not self.stopping:
            for server in self.servers:
                if not server.is_running() and not self.stopping:
                    print(f"!! The {server.name} stopped unexpectedly; stopping everything.", flush=True)
                    self.stop()
                    return 1
            time.sleep(0.5)
        return 0


def server_environment(settings: Settings) -> dict[str, str]:
    """What every server process gets; one random token secret per run unless MSP_TOKEN_SECRET is set
    (then sign-ins survive a restart)."""
    env = quiet_rasa_environment(settings.server_environment())
    if not env.get(SECRET_VARIABLE):
        env[SECRET_VARIABLE] = secrets.token_urlsafe(48)
    return env


def banner(settings: Settings) -> str:
    return "\n".join([
        "",
        "The MSP Recovery Assistant is ready.",
        "",
        f"  Open the chat: http://localhost:{settings.web_port}/",
        "",
        "  For developers:",
        f"    Rasa REST channel:     POST /webhooks/rest/webhook on port {settings.rasa_port}",
        f"    Website API:           POST /api/login, POST /api/documents on port {settings.web_port}",
        "    In the terminal:       make shell",
        f"    Conversations stored:  {redacted(settings.database_url)}",
        "  Stop with Ctrl-C (or SIGTERM).",
        "",
    ])


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def prepare_database(settings: Settings) -> None:
    """Create the embedded database if needed and bring the case store's schema up to date."""
    ensure_database(settings.database_url)
    upgrade_database(settings.database_url)


def run(settings: Settings, model: Path) -> int:
    prepare_database(settings)
    launcher = Launcher(settings, model)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        launcher.start()
        launcher.wait_until_ready()
        print(banner(settings), flush=True)
        return launcher.watch()
    except KeyboardInterrupt:
        print("==> Stopping the assistant", flush=True)
        return 0
    except RuntimeError as error:
        print(f"!! {error}", flush=True)
        return 1
    finally:
        launcher.stop()


def shell(settings: Settings, model: Path) -> int:
    """``rasa shell`` against the action server (started here and stopped after)."""
    prepare_database(settings)
    actions = action_server(settings)
    env = server_environment(settings)
    actions.start(settings.project_root, env)
    try:
        command = [sys.executable, "-m", "rasa", "shell", "--model", str(model),
                   "--endpoints", str(settings.project_root / "endpoints.yml")]
        return subprocess.run(command, cwd=settings.project_root, env=env).returncode
    finally:
        actions.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="talk to the bot in this terminal")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ValueError as error:
        print(f"!! {error}", file=sys.stderr)
        return 2
    model = training.model_path(settings.project_root)
    if not model.exists():
        print(f"!! No trained model for the current data ({model.name}); run `make train` first.", file=sys.stderr)
        return 2
    return shell(settings, model) if args.shell else run(settings, model)


if __name__ == "__main__":
    sys.exit(main())
