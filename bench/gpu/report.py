"""The run's record: phase timings as they happen, one figure table at the end (compact: the device
tool returns only the last 12,000 characters of output), and every detail in ``results.json``."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

GIB = 2**30

# (key in each model's figures, label, how to print a number). Every row is printed for every run;
# a figure that could not be measured prints why (unsupported by this server, skipped at a cap, …).
ROWS: tuple[tuple[str, str, str], ...] = (
    ("raw_images_per_s", "raw diffusers images/s, batch 1", "{:.3f}"),
    ("server_images_per_s", "server images/s, saturated", "{:.3f}"),
    ("server_raw_ratio", "server/raw ratio (target >= 0.97)", "{:.3f}"),
    ("server_device_busy", "server device busy (compute/span)", "{:.3f}"),
    ("raw_batch_2_images_per_s", "raw images/s, batch 2", "{:.3f}"),
    ("raw_batch_4_images_per_s", "raw images/s, batch 4", "{:.3f}"),
    ("raw_batch_8_images_per_s", "raw images/s, batch 8", "{:.3f}"),
    ("raw_batched_gain", "raw best batch / batch 1 (SD1.5 >= 1.5)", "{:.2f}x"),
    ("server_batched_images_per_s", "server images/s, max_batch_size 8", "{:.3f}"),
    ("server_batched_gain", "server batched / unbatched", "{:.2f}x"),
    ("server_batched_images_per_call", "  mean images per pipeline call", "{:.1f}"),
    ("compile_raw_speedup", "torch.compile UNet speed-up, raw", "{:.2f}x"),
    ("compile_raw_compile_s", "  compile time, raw (s)", "{:.1f}"),
    ("compile_server_speedup", "catalog compile=true speed-up, server", "{:.2f}x"),
    ("compile_server_load_s", "  model load incl. compile, server (s)", "{:.1f}"),
    ("server_model_load_s", "server model load, uncompiled (s)", "{:.2f}"),
    ("peak_memory_raw_gib", "peak memory raw, batch 1 (GiB)", "{:.2f}"),
    ("peak_memory_raw_batched_gib", "peak memory raw, largest batch (GiB)", "{:.2f}"),
    ("peak_memory_server_gib", "peak memory server (GiB)", "{:.2f}"),
    ("cost_raw_usd", "$/image raw batch 1", "{:.5f}"),
    ("cost_server_usd", "$/image server (SDXL target <= 0.001)", "{:.5f}"),
    ("cost_best_usd", "$/image best measured", "{:.5f}"),
    ("cost_best_how", "  best measured by", "{}"),
)


def cost_per_image(usd_per_hour: float, images_per_s: float) -> float:
    return usd_per_hour / 3600 / images_per_s


class Record:
    """Everything measured so far; safe to print and save from the watchdog thread at any time."""

    def __init__(self, out_dir: Path, meta: dict[str, Any], *, started: float | None = None):
        self.out_dir = out_dir
        self.started = started if started is not None else time.perf_counter()
        self.data: dict[str, Any] = {"meta": meta, "phases": [], "models": {}, "notes": []}
        self.lock = threading.Lock()
        self.finished = False

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def say(self, text: str) -> None:
        print(f"[{self.elapsed():6.1f} s] {text}", flush=True)

    def note(self, text: str) -> None:
        with self.lock:
            self.data["notes"].append(text)
        self.say(f"note: {text}")

    def model(self, name: str) -> dict[str, Any]:
        with self.lock:
            return self.data["models"].setdefault(name, {"figures": {}, "details": {}})  # type: ignore[no-any-return]

    def figure(self, model: str, key: str, value: Any) -> None:
        self.model(model)["figures"][key] = value

    def detail(self, model: str, key: str, value: Any) -> None:
        self.model(model)["details"][key] = value

    @contextmanager
    def phase(self, name: str, cap_s: float) -> Iterator[float]:
        """A named phase: its start, cap and duration are printed (flushed) and recorded."""
        start = self.elapsed()
        self.say(f"phase {name}: start (cap {cap_s:.0f} s)")
        entry = {"name": name, "start_s": round(start, 2), "cap_s": round(cap_s, 1)}
        try:
            yield cap_s
        except Exception as exc:  # one phase failing must not cost the others' figures
            entry["error"] = f"{type(exc).__name__}: {exc}"[:500]
            self.say(f"phase {name}: FAILED {entry['error']}")
        finally:
            entry["seconds"] = round(self.elapsed() - start, 2)
            with self.lock:
                self.data["phases"].append(entry)
            self.say(f"phase {name}: {entry['seconds']:.1f} s")

    def write_json(self) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / "results.json"
        with self.lock:
            self.data["meta"]["total_s"] = round(self.elapsed(), 2)
            text = json.dumps(self.data, indent=2, default=str)
        path.write_text(text)
        return path

    def table(self) -> str:
        with self.lock:
            models = {name: dict(entry["figures"]) for name, entry in self.data["models"].items()}
            meta = dict(self.data["meta"])
            notes = list(self.data["notes"])
            phases = list(self.data["phases"])
        names = list(models)
        width = 40
        lines = [
            f"== imagegate GPU bench ({meta.get('mode')}): {meta.get('device_name')}; torch {meta.get('torch')}, "
            f"diffusers {meta.get('diffusers')}; {meta.get('dtype')}; ${meta.get('usd_per_hour')}/GPU-hour ==",
            "figure".ljust(width) + "".join(f"{meta.get('workloads', {}).get(n, n):>26}" for n in names),
        ]
        for key, label, fmt in ROWS:
            cells = []
            for name in names:
                value = models[name].get(key, "not measured")
                number = isinstance(value, int | float) and not isinstance(value, bool)
                text = fmt.format(value) if number else str(value)
                cells.append(f"{text[:25]:>26}")
            lines.append(label.ljust(width) + "".join(cells))
        lines.append("phases: " + ", ".join(f"{p['name']} {p['seconds']:.0f}s" for p in phases))
        lines.append(f"total {self.elapsed():.0f} s; " + "; ".join(meta.get("conditions", [])))
        lines += [f"note: {n}" for n in notes]
        return "\n".join(lines)

    def finish(self) -> None:
        """Print the table and write the JSON, once (the watchdog and the normal end may race)."""
        with self.lock:
            if self.finished:
                return
            self.finished = True
        path = self.write_json()
        print(self.table(), flush=True)
        print(f"results: {path}", flush=True)


def out_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get("OUT"):
        return Path(os.environ["OUT"])
    return Path(__file__).resolve().parents[1] / "gpu-results"
