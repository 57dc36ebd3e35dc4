"""The Rasa project itself: data validation and the dialogue test stories (tests/test_stories.yml)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from msp_assistant.settings import PROJECT_ROOT
from msp_assistant.subprocess_env import quiet_rasa_environment


def rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=PROJECT_ROOT, env=quiet_rasa_environment(),
        capture_output=True, text=True, timeout=600,
    )


def test_training_data_validates_without_warnings() -> None:
    result = rasa("data", "validate", "--fail-on-warnings",
                  "--domain", "domain.yml", "--data", "bot/data", "--config", "config.yml")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_dialogue_stories_are_predicted_without_errors(trained_model: Path, tmp_path: Path) -> None:
    result = rasa("test", "core", "--stories", "tests/test_stories.yml", "--model", str(trained_model),
                  "--fail-on-prediction-errors", "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()
