"""The compile speed-up of the bare pipeline: ``torch.compile`` of the UNet (channels-last), against
the same pipeline uncompiled, in a child process so that a compile that runs long is stopped at its
cap (a compile in progress cannot be interrupted from inside).

    python -m bench.gpu.compiled --folder DIR --device cuda --dtype float16 --width 512 --height 512 \
        --steps 30 --count 4 [--backend inductor] [--mode default]

prints one ``RESULT {json}`` line: eager and compiled seconds per image, and the first compiled call
(compilation plus one generation).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any

from bench.gpu.raw import Memory, Workload, timed_call

ROOT = Path(__file__).resolve().parents[2]
ACTIVE: list[subprocess.Popen[str]] = []  # children running now, for the watchdog to stop


def missing_toolchain(backend: str, which: Any = shutil.which, include: str | None = None) -> str | None:
    """Why inductor cannot build kernels here, or None: Triton (GPU) and the C++ backend (CPU) compile
    C with the system compiler (``CC``, else cc/gcc/clang on PATH) against Python's headers, which a
    bare image may lack. Said before a compile phase, instead of a compile that fails minutes in."""
    if backend != "inductor":
        return None
    compiler = os.environ.get("CC") or next(filter(None, (which(name) for name in ("cc", "gcc", "clang"))), None)
    if not compiler:
        return "no C compiler (CC, cc, gcc, clang) for inductor's kernels"
    headers = Path(include or sysconfig.get_paths()["include"]) / "Python.h"
    if not headers.exists():
        return f"no Python headers ({headers}) for inductor's kernels"
    return None


def child(args: argparse.Namespace) -> dict[str, Any]:
    import diffusers
    import torch

    torch.set_num_threads(args.threads)
    diffusers.utils.logging.set_verbosity_error()
    started = time.perf_counter()
    pipe = diffusers.DiffusionPipeline.from_pretrained(args.folder, dtype=getattr(torch, args.dtype)).to(args.device)
    pipe.set_progress_bar_config(disable=True)
    load_s = time.perf_counter() - started
    workload = Workload(args.width, args.height, args.steps)
    memory = Memory(args.device)
    timed_call(pipe, workload, 1, 0, args.device)  # warm-up
    eager = [timed_call(pipe, workload, 1, 10 + i, args.device) for i in range(args.count)]
    pipe.unet.to(memory_format=torch.channels_last)
    mode = None if args.mode == "default" else args.mode
    pipe.unet = torch.compile(pipe.unet, backend=args.backend, mode=mode)
    memory.reset()
    first = timed_call(pipe, workload, 1, 100, args.device)
    compiled = [timed_call(pipe, workload, 1, 110 + i, args.device) for i in range(args.count)]
    eager_s, compiled_s = sum(eager) / len(eager), sum(compiled) / len(compiled)
    return {
        "load_s": load_s,
        "eager_s_per_image": eager_s,
        "compiled_s_per_image": compiled_s,
        "first_compiled_call_s": first,
        "compile_s": max(0.0, first - compiled_s),  # the first call minus one ordinary call
        "speedup": eager_s / compiled_s,
        "backend": args.backend,
        "mode": args.mode,
        "peak_memory_bytes": memory.peak_bytes(),
    }


def run(
    folder: Path,
    *,
    device: str,
    dtype: str,
    workload: Workload,
    count: int,
    backend: str,
    mode: str,
    threads: int,
    cap_s: float,
) -> dict[str, Any]:
    """The child's result, or why there is none (over its cap, or it failed)."""
    command = [sys.executable, "-m", "bench.gpu.compiled", "--folder", str(folder), "--device", device]
    command += ["--dtype", dtype, "--width", str(workload.width), "--height", str(workload.height)]
    command += ["--steps", str(workload.steps), "--count", str(count), "--backend", backend, "--mode", mode]
    command += ["--threads", str(threads)]
    path = os.pathsep.join([str(ROOT), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ACTIVE.append(proc)
    try:
        output, _ = proc.communicate(timeout=max(1.0, cap_s))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return {"skipped": f"over its cap of {cap_s:.0f} s (compilation not finished)"}
    finally:
        ACTIVE.remove(proc)
    for line in output.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line.removeprefix("RESULT ")))
    tail = " | ".join(output.strip().splitlines()[-3:])
    return {"failed": f"exit {proc.returncode}: {tail[-300:]}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--device", required=True)
    parser.add_argument("--dtype", default="float16")
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--backend", default="inductor")
    parser.add_argument("--mode", default="default")
    parser.add_argument("--threads", type=int, default=4)
    print("RESULT " + json.dumps(child(parser.parse_args())), flush=True)


if __name__ == "__main__":
    main()
