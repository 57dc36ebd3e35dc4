import shutil
from pathlib import Path

from msp_assistant import training
from msp_assistant.settings import PROJECT_ROOT


def copy_project_inputs(destination: Path) -> Path:
    for name in ("config.yml", "domain.yml"):
        shutil.copy(PROJECT_ROOT / name, destination / name)
    shutil.copytree(PROJECT_ROOT / "bot" / "data", destination / "bot" / "data")
    return destination


def test_fingerprint_is_stable_for_unchanged_inputs(tmp_path: Path) -> None:
    root = copy_project_inputs(tmp_path)
    assert training.fingerprint(root) == training.fingerprint(root) == training.fingerprint(PROJECT_ROOT)


def test_fingerprint_changes_with_training_data_config_and_domain(tmp_path: Path) -> None:
    root = copy_project_inputs(tmp_path)
    seen = {training.fingerprint(root)}
    with (root / "bot" / "data" / "nlu.yml").open("a") as nlu:
        nlu.write("      - hello friend\n")
    seen.add(training.fingerprint(root))
    (root / "config.yml").write_text((root / "config.yml").read_text() + "\n# changed\n")
    seen.add(training.fingerprint(root))
    (root / "domain.yml").write_text((root / "domain.yml").read_text() + "\n# changed\n")
    seen.add(training.fingerprint(root))
    (root / "bot" / "data" / "extra.yml").write_text('version: "3.1"\n')
    seen.add(training.fingerprint(root))
    assert len(seen) == 5


def test_model_is_named_by_fingerprint(tmp_path: Path) -> None:
    root = copy_project_inputs(tmp_path)
    assert training.model_path(root) == root / "bot" / "models" / f"msp-{training.fingerprint(root)}.tar.gz"


def test_existing_model_is_reused_without_training(tmp_path: Path, capsys) -> None:
    root = copy_project_inputs(tmp_path)
    model = training.model_path(root)
    model.parent.mkdir(parents=True)
    model.write_bytes(b"stand-in for a trained model")
    assert training.ensure_model(root) == model
    assert "Model up to date" in capsys.readouterr().out
    assert model.read_bytes() == b"stand-in for a trained model"
