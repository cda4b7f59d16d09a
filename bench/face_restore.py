"""Face-restoration benchmark: the post-step's own code path on one face (the drawn test face, 512 px).

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.face_restore --threads 1 --runs 3

Prints the detector's time (CenterFace through OpenCV), the time to load each restorer (random weights
of GFPGAN v1.4's and CodeFormer's architectures: the same size and compute as the real ones) and the
time to restore one face (detect, align, network, paste), median and range over ``--runs``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from tests.support.faces import draw_face, write_restorer_weights

from imagegate.domain.adapters import FaceRestorerSpec
from imagegate.domain.options import RestoreFacesOption
from imagegate.engines.base import RunContext
from imagegate.engines.restore import FaceRestorer
from imagegate.engines.restore.faces import FaceDetector, detector_weights
from imagegate.executors.local import LocalExecutor


def _timed(run, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _summary(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch threads: {args.threads}; load average: {os.getloadavg()[0]:.2f}")
    face = draw_face(512)
    detector = FaceDetector(detector_weights())
    print(f"detect (512 px): {_summary(_timed(lambda: detector(np.asarray(face)), max(5, args.runs)))}")
    restorer = FaceRestorer(executor=LocalExecutor(torch_threads=args.threads), device="cpu")
    with tempfile.TemporaryDirectory() as folder:
        weights = write_restorer_weights(Path(folder))
        for name, path in weights.items():
            spec = FaceRestorerSpec(id=name, source=str(path))
            started = time.perf_counter()
            net = restorer.network(spec)
            loaded = time.perf_counter() - started
            option, ctx = RestoreFacesOption(model=name), RunContext(job_id="bench")
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                restorer.restore(spec, face, option, ctx)
                times.append(time.perf_counter() - started)
            print(
                f"{net.architecture} ({net.parameters / 1e6:.1f} M parameters): load {loaded:.2f} s; "
                f"one face restored: {_summary(times)}"
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
