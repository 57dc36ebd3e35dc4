"""Train the Rasa model only when its inputs changed.

The model is named by a fingerprint of everything that shapes it (config.yml, domain.yml, the files
under bot/data/ and the Rasa version), so an unchanged project reuses ``bot/models/msp-<fp>.tar.gz``
at once and CI never trains twice. ``python -m msp_assistant.training`` prints the model's path.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from msp_assistant.settings import PROJECT_ROOT
from msp_assistant.subprocess_env import quiet_rasa_environment

MODEL_PREFIX = "msp-"


def training_inputs(root: Path = PROJECT_ROOT) -> list[Path]:
    """The files a model is trained from, in a stable order."""
    data = sorted(p for p in (root / "bot" / "data").rglob("*") if p.is_file())
    return [root / "config.yml", root / "domain.yml", *data]


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """SHA-256 over the training inputs' paths and contents and the installed Rasa version."""
    digest = hashlib.sha256(f"rasa=={metadata.version('rasa')}\n".encode())
    for path in training_inputs(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    """Where the model for the current inputs lives (it may not exist yet)."""
    return root / "bot" / "models" / f"{MODEL_PREFIX}{fingerprint(root)}.tar.gz"


def ensure_model(root: Path = PROJECT_ROOT) -> Path:
    """Return the current model, training it first when the inputs changed; older models are removed."""
    target = model_path(root)
    if target.exists():
        print(f"==> Model up to date: {target.relative_to(root)}", flush=True)
        return target
    print("==> Training the model (config, domain or training data changed); Rasa shows progress", flush=True)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(root / "config.yml"),
        "--domain", str(root / "domain.yml"),
        "--data", str(root / "bot" / "data"),
        "--out", str(target.parent),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    subprocess.run(command, cwd=root, env=quiet_rasa_environment(), check=True)
    if not target.exists():
        raise RuntimeError(f"rasa train finished but {target} is missing")
    for old in target.parent.glob(f"{MODEL_PREFIX}*.tar.gz"):
        if old != target:
            old.unlink()
    print(f"==> Model trained: {target.relative_to(root)}", flush=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--print-fingerprint", action="store_true", help="print the fingerprint and exit")
    args = parser.parse_args(argv)
    if args.print_fingerprint:
        print(fingerprint())
        return 0
    ensure_model()
    return 0


if __name__ == "__main__":
    sys.exit(main())
