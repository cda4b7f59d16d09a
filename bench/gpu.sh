#!/usr/bin/env bash
# The GPU benchmark (bench/gpu, issue 15) on a bare GPU machine in one command: CUDA PyTorch,
# transformers, accelerate, huggingface_hub, safetensors preinstalled, no network. The server's other
# packages travel as wheels in bench/gpu-wheels (`make gpu-bench-wheels` fills it, here, with PyPI);
# only those the machine lacks are installed, into a folder of their own put on PYTHONPATH (nothing
# of the machine's Python is replaced). The project itself runs from src/ (no build backend needed).
#
#   bash bench/gpu.sh [bench arguments…]   e.g. --usd-per-hour 3.00, --models sd15, --budget-s 410
#   bash bench/gpu.sh --check               what would be installed, which wheels are missing; runs nothing
#
# Environment: PYTHON (default: python3 or python, whichever imports torch), IMAGEGATE_GPU_WHEELS (default bench/gpu-wheels),
# IMAGEGATE_GPU_SITE (where missing packages go; default $TMPDIR/imagegate-gpu-site), OUT (results).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then  # the Python that has CUDA PyTorch: python3, else python
    for candidate in python3 python; do
        if command -v "$candidate" >/dev/null && "$candidate" -c "import torch" 2>/dev/null; then
            PYTHON=$candidate
            break
        fi
    done
fi
PYTHON=${PYTHON:-python3}
WHEELS=${IMAGEGATE_GPU_WHEELS:-bench/gpu-wheels}
SITE=${IMAGEGATE_GPU_SITE:-${TMPDIR:-/tmp}/imagegate-gpu-site}
export PYTHONPATH="$PWD:$PWD/src:$SITE${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1

if [ "${1:-}" = "--check" ]; then
    "$PYTHON" -m bench.gpu.wheels plan --wheels "$WHEELS"
    "$PYTHON" -m bench.gpu.wheels imports || echo "(imports missing before the install above)"
    exit 0
fi

started=$(date +%s)
"$PYTHON" -m bench.gpu.wheels install --wheels "$WHEELS" --target "$SITE"
"$PYTHON" -m bench.gpu.wheels imports
echo "install and import check: $(( $(date +%s) - started )) s"
exec "$PYTHON" -m bench.gpu "$@"
