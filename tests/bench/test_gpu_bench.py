"""The GPU benchmark (bench/gpu) without a GPU: its ``--smoke`` run end to end (tiny models on the CPU,
a real server subprocess), the real-architecture configs, and the wheel logic of bench/gpu.sh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bench.gpu import compiled, wheels
from bench.gpu.report import ROWS
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
MODELS = ("sd15", "sdxl")
# Figures every run measures, on any device; the others depend on the server's features.
ALWAYS = (
    "raw_images_per_s",
    "server_images_per_s",
    "server_raw_ratio",
    "server_device_busy",
    "raw_batch_2_images_per_s",
    "raw_batch_4_images_per_s",
    "raw_batch_8_images_per_s",
    "raw_batched_gain",
    "server_model_load_s",
    "peak_memory_raw_gib",
    "peak_memory_raw_batched_gib",
    "peak_memory_server_gib",
    "cost_raw_usd",
    "cost_server_usd",
    "cost_best_usd",
)


def env_for_bench() -> dict[str, str]:
    path = os.pathsep.join([str(REPO), str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("gpu-bench")
    proc = subprocess.run(
        [sys.executable, "-m", "bench.gpu", "--smoke", "--usd-per-hour", "3.6", "--out", str(out)],
        cwd=REPO,
        env=env_for_bench(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout, json.loads((out / "results.json").read_text())


def test_smoke_prints_every_figure_of_the_table(smoke: tuple[str, dict[str, Any]]) -> None:
    stdout, _ = smoke
    table = stdout[stdout.index("== imagegate GPU bench") :]
    for key, label, _ in ROWS:
        row = next((line for line in table.splitlines() if line.startswith(label)), None)
        assert row is not None, f"row {label!r} missing from the table"
        if key in ALWAYS or key in ("compile_raw_speedup", "server_batched_images_per_s", "compile_server_speedup"):
            assert "not measured" not in row, row  # a number, or why there is none
    assert "sd15 64x64/3" in table and "sdxl 64x64/3" in table
    assert "phases: build+save sd15" in table
    # Phase lines come as the run goes (flushed), each with its cap and then its duration.
    assert "phase raw batch 1 sd15" in stdout and "phase server saturated sdxl" in stdout
    assert "PNG-encodes" in table


def test_smoke_json_holds_the_figures(smoke: tuple[str, dict[str, Any]]) -> None:
    _, results = smoke
    assert results["meta"]["mode"].startswith("smoke") and results["meta"]["usd_per_hour"] == 3.6
    for model in MODELS:
        figures = results["models"][model]["figures"]
        for key in ALWAYS:
            assert isinstance(figures.get(key), float | int), (model, key, figures.get(key))
        ratio = figures["server_images_per_s"] / figures["raw_images_per_s"]
        assert figures["server_raw_ratio"] == pytest.approx(ratio)
        assert figures["cost_raw_usd"] == pytest.approx(3.6 / 3600 / figures["raw_images_per_s"])
        assert figures["cost_best_usd"] <= min(figures["cost_raw_usd"], figures["cost_server_usd"])
        details = results["models"][model]["details"]
        assert details["server_burst"]["succeeded"] == details["server_burst"]["submitted"]
        assert details["server_burst"]["failed"] == 0
    sd15 = results["models"]["sd15"]["figures"]
    assert isinstance(sd15["compile_raw_speedup"], float) and sd15["compile_raw_compile_s"] >= 0
    features = results["meta"]["server_features"]
    for model in MODELS:
        figures = results["models"][model]["figures"]
        batched = figures["server_batched_images_per_s"]
        if features["batch_per_model"]:
            assert isinstance(batched, float), batched
        else:
            assert str(batched).startswith("unsupported"), batched
        assert str(figures["compile_server_speedup"]) in ("unsupported by server", "skipped in this mode")
    phases = [p["name"] for p in results["phases"]]
    assert phases[:2] == ["build+save sd15", "build+save sdxl"] and not [p for p in results["phases"] if "error" in p]


WATCHDOG = """
import time
from pathlib import Path
from bench.gpu.__main__ import watchdog
from bench.gpu.report import Record
class Run:
    models = ["sd15"]
    def stop(self): print("children stopped", flush=True)
    def best_cost(self, model): record.figure(model, "cost_best_how", "raw batch 1")
record = Record(Path(__import__("sys").argv[1]), {"mode": "test"})
record.figure("sd15", "raw_images_per_s", 1.5)
watchdog(Run(), record, 1.0)
with record.phase("a phase past its budget", 100):
    time.sleep(30)
print("the run went on")
"""


def test_watchdog_prints_what_was_measured_and_exits_past_the_budget(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", WATCHDOG, str(tmp_path)], cwd=REPO, env=env_for_bench(), capture_output=True, text=True
    )
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "children stopped" in proc.stdout and "the run went on" not in proc.stdout
    assert "watchdog: over the budget" in proc.stdout and "raw diffusers images/s, batch 1" in proc.stdout
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["models"]["sd15"]["figures"] == {"raw_images_per_s": 1.5, "cost_best_how": "raw batch 1"}


def test_real_configs_build_the_released_architectures(tmp_path: Path) -> None:
    """On the meta device (no memory): the parameter counts of the released SD 1.5 and SDXL base."""
    import torch
    from bench.gpu.build import build_pipeline

    sd15, _ = build_pipeline("sd15", device="meta", dtype=torch.float16, tiny=False, work=tmp_path)
    sdxl, facts = build_pipeline("sdxl", device="meta", dtype=torch.float16, tiny=False, work=tmp_path)
    count = lambda module: sum(p.numel() for p in module.parameters())  # noqa: E731
    assert type(sd15).__name__ == "StableDiffusionPipeline"
    assert (count(sd15.unet), count(sd15.text_encoder), count(sd15.vae)) == (859_520_964, 123_060_480, 83_653_863)
    assert type(sdxl).__name__ == "StableDiffusionXLPipeline"
    assert facts["parameters"] == {
        "unet": 2_567_463_684,
        "text_encoder": 123_060_480,
        "text_encoder_2": 694_659_840,
        "vae": 83_653_863,
    }
    assert sdxl.vae.config.force_upcast and sdxl.unet.config.addition_embed_type == "text_time"
    assert type(sd15.scheduler).__name__ == "PNDMScheduler"
    assert type(sdxl.scheduler).__name__ == "EulerDiscreteScheduler"


def test_tokenizer_pads_to_77_and_takes_any_text(tmp_path: Path) -> None:
    from bench.gpu.build import load_tokenizer, write_tokenizer

    tokenizer = load_tokenizer(write_tokenizer(tmp_path / "tok"))
    ids = tokenizer("a photo of a red fox in snow", padding="max_length", max_length=77).input_ids
    assert len(ids) == 77 and ids[0] == tokenizer.bos_token_id and ids[-1] == tokenizer.pad_token_id
    assert len(tokenizer.tokenize("a photo of a red fox in snow")) == 8  # each word one token
    ids = tokenizer("Zürich ☃").input_ids  # bytes outside ASCII are tokens too: nothing unknown
    assert len(ids) > 4 and ids[-1] == tokenizer.eos_token_id and tokenizer.unk_token_id not in ids[:-1]


def test_catalog_entries_carry_the_server_features_asked_for(tmp_path: Path) -> None:
    """Batched and compiled entries name the same folder, with issue 15's catalog fields, which the
    bench writes only where the server's ModelSpec declares them (extra fields are refused)."""
    from bench.gpu.raw import Workload
    from bench.gpu.serving import catalog_entry, server_features

    from imagegate.domain.models import ModelSpec

    text = "\n".join(
        [
            catalog_entry("sdxl", tmp_path, "sdxl", "float16", Workload(1024, 1024, 30)),
            catalog_entry("sdxl-b8", tmp_path, "sdxl", "float16", Workload(1024, 1024, 30), max_batch_size=8),
            catalog_entry("sdxl-compiled", tmp_path, "sdxl", "float16", Workload(1024, 1024, 30), compile=True),
        ]
    )
    models = tomllib.loads(text)["models"]
    assert [m["id"] for m in models] == ["sdxl", "sdxl-b8", "sdxl-compiled"]
    assert models[1]["max_batch_size"] == 8 and models[2]["compile"] is True
    assert models[0]["defaults"] == {"width": 1024, "height": 1024, "num_inference_steps": 30, "guidance_scale": 7.0}
    assert ModelSpec.model_validate(models[0]).dtype == "float16"
    features = server_features()
    assert features["batch_per_model"] == ("max_batch_size" in ModelSpec.model_fields)
    assert features["compile"] == ("compile" in ModelSpec.model_fields)


# -- the wheels bench/gpu.sh installs ---------------------------------------------------------------


def test_requirements_are_constraints_pins_and_leave_the_preinstalled_alone() -> None:
    pins = wheels.pinned_versions()
    required = wheels.requirements()
    assert "diffusers==0.42.1" in required
    for line in required:
        name, version = line.split("==")
        assert wheels.OVERRIDES.get(name, pins[wheels.normalize(name)]) == version
    carried = {wheels.normalize(dist) for dist, _ in wheels.CARRIED}
    assert not carried & {wheels.normalize(n) for n in (*wheels.PREINSTALLED, "ray", "playwright", "opencv-python")}
    command = wheels.download_command(Path("/tmp/w"))
    for flag in ("--no-deps", "--only-binary=:all:", "manylinux2014_x86_64", "manylinux_2_17_x86_64"):
        assert flag in command
    assert command[command.index("--python-version") + 1] == "3.12"
    rehearsal = wheels.download_command(Path("/tmp/w"), python_version="3.11")
    assert rehearsal[rehearsal.index("--python-version") + 1] == "3.11"


def test_huggingface_hub_travels_at_a_version_transformers_5_17_and_diffusers_both_take() -> None:
    """The GPU machine's transformers 5.17 wants huggingface_hub <2 and diffusers 0.42.1 imports names
    of >=1.32: an image with 1.20 failed ``import diffusers`` in the rehearsal."""
    from packaging.specifiers import SpecifierSet

    carried = dict(line.split("==") for line in wheels.requirements())["huggingface_hub"]
    assert carried in SpecifierSet(">=1.32,<2")


def test_every_runtime_dependency_travels_or_is_accounted_for() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    carried = {wheels.normalize(dist) for dist, _ in wheels.CARRIED}
    known = {wheels.normalize(n) for n in (*wheels.PREINSTALLED, *wheels.PREINSTALLED_DEPS, *wheels.LEFT_OUT)}
    for dependency in pyproject["project"]["dependencies"]:
        name = wheels.normalize(Requirement(dependency).name)
        assert name in carried | known, f"{name}: carry it in bench/gpu/wheels.py or say why not"


def fake_wheel(folder: Path, dist: str, version: str) -> Path:
    path = folder / f"{wheels.normalize(dist)}-{version}-py3-none-any.whl"
    path.write_bytes(b"")
    return path


def test_plan_installs_what_is_missing_or_older_and_reports_what_has_no_wheel(tmp_path: Path) -> None:
    pins = wheels.pinned_versions()
    for dist, _ in wheels.CARRIED:
        if dist != "pillow":
            fake_wheel(tmp_path, dist, pins[wheels.normalize(dist)])
    versions = {"anyio": "3.7.1", "typing_extensions": "99.0", "httpx": pins["httpx"]}

    plan = wheels.plan(tmp_path, installed=versions.get, requires=lambda dist: [])
    names = {p.name.split("-")[0] for p in plan.to_install}
    assert "anyio" in names and "diffusers" in names  # older; missing
    assert {"typing_extensions", "httpx"}.isdisjoint(names)  # newer; the same
    assert {d for d, _ in plan.present} == {"typing_extensions", "httpx"}
    assert plan.unavailable == ["pillow"]
    assert "MISSING, no wheel carried: pillow" in plan.describe()
    everything = wheels.plan(tmp_path, installed=lambda dist: "999999", requires=lambda dist: [])
    assert everything.to_install == [] and everything.unavailable == []


def real_wheel(folder: Path, dist: str, version: str, requires: tuple[str, ...] = ()) -> Path:
    path = folder / f"{wheels.normalize(dist)}-{version}-py3-none-any.whl"
    metadata = f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {line}\n" for line in requires)
    metadata += "\nDescription\nRequires-Dist: not-a-header\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{wheels.normalize(dist)}-{version}.dist-info/METADATA", metadata)
    return path


def test_plan_also_installs_a_kept_distribution_that_a_carried_wheel_needs_at_another_version(tmp_path: Path) -> None:
    """pydantic pins pydantic_core exactly: a machine with an older pydantic and a pydantic_core at or
    past the pin must get both carried wheels, or pydantic refuses to import. A requirement nothing
    carried meets is a warning."""
    pins = wheels.pinned_versions()
    for dist, _ in wheels.CARRIED:
        fake_wheel(tmp_path, dist, dict(line.split("==") for line in wheels.requirements())[dist])
    core = pins["pydantic_core"]
    real_wheel(tmp_path, "pydantic", pins["pydantic"], (f"pydantic-core=={core}", "hf-xet>=9; extra == 'x'"))
    real_wheel(tmp_path, "diffusers", pins["diffusers"], ("not-carried>=2", 'tomli; python_version < "3"'))
    newer_core = core + ".post1"
    versions = {dist: "999999" for dist, _ in wheels.CARRIED} | {"pydantic": "2.0", "pydantic_core": newer_core}
    del versions["diffusers"]
    versions["not-carried"] = "1.0"
    found = wheels.plan(tmp_path, installed=versions.get, requires=lambda dist: [])
    names = sorted(p.name.split("-")[0] for p in found.to_install)
    assert names == ["diffusers", "pydantic", "pydantic_core"]
    assert found.unmet == ["diffusers needs not-carried >=2, has 1.0"]
    assert "WARNING, requirements not met" in found.describe()
    assert wheels.wheel_requirements(tmp_path / "nothing.whl") == []


def test_unpack_installs_a_wheel_without_pip(tmp_path: Path) -> None:
    wheel = tmp_path / "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("demo/__init__.py", "VALUE = 1\n")
        archive.writestr("demo-1.0.dist-info/METADATA", "Name: demo\nVersion: 1.0\n")
        archive.writestr("demo-1.0.data/purelib/demo_extra.py", "EXTRA = 2\n")
        archive.writestr("demo-1.0.data/scripts/demo", "#!/bin/sh\n")
    wheels.unpack(wheel, tmp_path / "site")
    assert (tmp_path / "site/demo/__init__.py").read_text() == "VALUE = 1\n"
    assert (tmp_path / "site/demo_extra.py").exists() and (tmp_path / "site/demo-1.0.dist-info/METADATA").exists()
    assert not (tmp_path / "site/demo").is_file() and not (tmp_path / "site/scripts").exists()


def test_script_check_mode_lists_the_plan_and_runs_nothing(tmp_path: Path) -> None:
    """Here every package is installed: nothing to install, every import present, exit 0. With an
    empty wheel folder and a Python that lacks them, the same check would name each missing wheel."""
    env = {**env_for_bench(), "PYTHON": sys.executable, "IMAGEGATE_GPU_WHEELS": str(tmp_path / "none")}
    env["IMAGEGATE_GPU_SITE"] = str(tmp_path / "site")
    proc = subprocess.run(
        ["bash", str(REPO / "bench" / "gpu.sh"), "--check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "to install (0): none" in proc.stdout and "imports: all present" in proc.stdout
    assert not (tmp_path / "site").exists()


def test_compile_phases_say_what_toolchain_is_missing_instead_of_failing_minutes_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inductor's kernels (Triton on a GPU) are built with the system C compiler against Python.h; a
    bare GPU image may have neither."""
    monkeypatch.delenv("CC", raising=False)
    nothing = lambda name: None  # noqa: E731
    assert compiled.missing_toolchain("eager", which=nothing) is None
    assert "no C compiler" in str(compiled.missing_toolchain("inductor", which=nothing))
    gcc = lambda name: "/usr/bin/gcc" if name == "gcc" else None  # noqa: E731
    assert "no Python headers" in str(compiled.missing_toolchain("inductor", which=gcc, include=str(tmp_path)))
    (tmp_path / "Python.h").write_text("")
    assert compiled.missing_toolchain("inductor", which=gcc, include=str(tmp_path)) is None
    monkeypatch.setenv("CC", "/opt/cc")
    assert compiled.missing_toolchain("inductor", which=nothing, include=str(tmp_path)) is None
