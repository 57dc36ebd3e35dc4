"""The Rasa project itself: data validation and the dialogue test stories (tests/test_stories.yml)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from msp_assistant.settings import PROJECT_ROOT
from msp_assistant.subprocess_env import quiet_rasa_environment


def rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=PROJECT_ROOT, env=quiet_rasa_environment(),
        capture_output=True, text=True, timeout=600,
    )


def form_questions() -> set[str]:
    """utter_ask_<slot> for every slot a form asks: Rasa's validator reports these as "not used in any
    story or rule" because forms utter them implicitly. They are the only warnings we keep."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    return {f"utter_ask_{slot}" for form in domain.get("forms", {}).values() for slot in form["required_slots"]}


def test_training_data_validates_with_only_the_warnings_we_decided_to_keep() -> None:
    result = rasa("data", "validate", "--domain", "domain.yml", "--data", "bot/data", "--config", "config.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    warnings = re.findall(r"UserWarning: (.*)", output)
    kept = {f"The utterance '{name}' is not used in any story or rule." for name in form_questions()}
    assert [w for w in warnings if w not in kept] == []


def test_dialogue_stories_are_predicted_without_errors(trained_model: Path, tmp_path: Path) -> None:
    """Every tests/test_stories*.yml file (tests/test_stories.yml for the small talk; one per flow)."""
    stories = tmp_path / "stories"
    stories.mkdir()
    files = sorted((PROJECT_ROOT / "tests").glob("test_stories*.yml"))
    assert PROJECT_ROOT / "tests" / "test_stories.yml" in files
    for story_file in files:
        (stories / story_file.name).symlink_to(story_file)
    out = tmp_path / "results"
    result = rasa("test", "core", "--stories", str(stories), "--model", str(trained_model),
                  "--fail-on-prediction-errors", "--out", str(out))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "None of the test stories failed" in (out / "failed_test_stories.yml").read_text()
