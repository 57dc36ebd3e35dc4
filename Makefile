# The MSP Recovery Assistant. `make run` to talk to it, `make test` for the whole suite.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
RASA_VERSION := 3.6.21
RASA_SDK_VERSION := 3.6.2
STAMP := $(VENV)/.installed
# This machine's pip configuration lists index folders that do not exist for every package; drop that noise.
QUIET_PIP := sed -u '/is ignored: it is neither a file nor a directory/d'

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install train run test bench shell lock clean

help:
	@echo "make run    install, train if needed, start the assistant (Ctrl-C stops it)"
	@echo "make test   install, train if needed, run the whole test suite"
	@echo "make bench  turn latency, throughput and start-up time; rules engine benchmarks"
	@echo "make shell  talk to the running assistant in the terminal (rasa shell)"

WEB_STAMP := web/node_modules/.installed

install: $(STAMP) $(WEB_STAMP)

# The chat page's pinned browser packages (socket.io-client, axe-core for the accessibility tests).
$(WEB_STAMP): web/package.json web/package-lock.json
	@echo "==> Installing the chat page's pinned npm packages (npm ci)"
	npm ci --prefix web --no-audit --no-fund
	touch $(WEB_STAMP)

$(STAMP): requirements/lock.txt pyproject.toml
	@echo "==> Creating $(VENV) and installing the locked dependencies (a few minutes the first time)"
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PIP) install --progress-bar on -r requirements/lock.txt 2>&1 | $(QUIET_PIP)
	@echo "==> Installing Rasa $(RASA_VERSION) and rasa-sdk $(RASA_SDK_VERSION) over the lock (--no-deps)"
	$(PIP) install --no-deps --ignore-requires-python rasa==$(RASA_VERSION) rasa-sdk==$(RASA_SDK_VERSION) 2>&1 | $(QUIET_PIP)
	$(PIP) install --no-deps --no-build-isolation -e . 2>&1 | $(QUIET_PIP)
	touch $(STAMP)

train: install
	$(PY) -m msp_assistant.training

DEMO_DATA := data/demo/cases.yaml

run: train
	@echo "==> Loading the demo cases ($(DEMO_DATA)) with msp-admin import"
	$(VENV)/bin/msp-admin import $(DEMO_DATA)
	$(PY) -m msp_assistant.launcher

test: train
	$(PY) -m pytest -p no:cacheprovider --cov=rules_engine --cov-branch --cov-report=term $(if $(PYTEST_ARGS),,--cov-fail-under=95) $(PYTEST_ARGS)

bench: train
	mkdir -p reports
	$(PY) -m pytest -p no:cacheprovider benchmarks --benchmark-only --benchmark-json=reports/rules-engine-bench.json
	$(PY) -m msp_assistant.bench --report reports/turn-latency.json

shell: install
	$(PY) -m msp_assistant.launcher --shell

# Re-resolve the lock after changing requirements/extras.in (Rasa's pins stay as constraints).
lock:
	rm -rf /tmp/msp-lock-venv && $(PYTHON_BOOT) -m venv /tmp/msp-lock-venv
	/tmp/msp-lock-venv/bin/pip install -r requirements/rasa-pins.txt 2>&1 | $(QUIET_PIP)
	/tmp/msp-lock-venv/bin/pip install -c requirements/rasa-pins.txt -r requirements/extras.in 2>&1 | $(QUIET_PIP)
	{ sed -n '1,2p' requirements/lock.txt; /tmp/msp-lock-venv/bin/pip freeze; } > requirements/lock.txt.new
	mv requirements/lock.txt.new requirements/lock.txt

clean:
	rm -rf $(VENV) bot/models/*.tar.gz reports .pytest_cache
