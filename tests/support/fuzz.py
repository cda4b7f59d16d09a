"""Fuzzing the HTTP API with schemathesis against a real server process.

The server runs as ``make run`` would, on loopback: SQLite, local storage, the bundled tiny-shapes
model (capped at 2 images of at most 4 steps, so generated requests that pass validation cost tens
of milliseconds, not seconds) and the small Real-ESRGAN upscaler. Schemathesis reads the server's
own ``/openapi.json`` and runs its examples, coverage and fuzzing phases twice: with the admin key
(everything but revoking keys, which would revoke the keys the run uses: it learns real key ids from
``GET /v1/keys``), then with a normal key (``generate`` scope only; the admin routes answer 403);
then a short pass without any key (401 everywhere but the probes and the signed links).

A run fails on any 5xx, any 2xx whose body the document does not describe, any undocumented status
code or content type, and any 405 without a correct ``Allow`` header. Failures that match a defect
already being fixed elsewhere (``fuzz_hooks.KNOWN``) are counted, not failed.

``python -m tests.support.fuzz --max-examples 100`` is ``make fuzz``: a longer run that prints a
summary (cases, responses by status class, 5xx, known defects seen).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[2]
ST = Path(sys.executable).with_name("st")
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "unsupported_method",
    "allow_header_conformance",
)
# DELETE /v1/keys/{key_id} with the admin key would revoke the run's own keys (see above).
ADMIN_EXCLUDES = ("--exclude-operation-id", "revoke_key_v1_keys__key_id__delete")
_METRIC = re.compile(r'^imagegate_http_requests_total\{method="([^"]*)",route="([^"]*)",status="(\d+)"\} ([0-9.e+]+)$')


def write_fuzz_catalog(path: Path) -> Path:
    path.write_text(
        f"""[[models]]
id = "tiny-shapes"
source = "{REPO / "models" / "tiny-shapes"}"
family = "sd1"
tasks = ["txt2img", "img2img", "inpaint", "variation"]
defaults = {{ width = 64, height = 64, num_inference_steps = 2, guidance_scale = 2.0 }}
limits = {{ max_width = 64, max_height = 64, max_num_images = 2, max_steps = 4 }}
price = {{ per_megapixel_step = 0.0 }}

[[models]]
id = "realesr-animevideov3"
engine = "upscaler"
source = "ncnn:realesr-animevideov3-x4"
tasks = ["upscale"]
limits = {{ max_pixels = 65536 }}
"""
    )
    return path


def fuzz_server(data_dir: Path) -> ServerProcess:
    data_dir.mkdir(parents=True, exist_ok=True)
    catalog = write_fuzz_catalog(data_dir / "fuzz-catalog.toml")
    return ServerProcess(data_dir / "server", catalog, env={"IMAGEGATE_CACHE_ENABLED": "true"})


@dataclass
class Pass:
    """One schemathesis run with one key."""

    name: str
    returncode: int
    cases: int
    output: str
    seconds: float


@dataclass
class FuzzReport:
    passes: list[Pass] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)  # what the server answered, from /metrics
    server_errors: dict[str, int] = field(default_factory=dict)  # "METHOD route status" -> count
    known: Counter[str] = field(default_factory=Counter)
    known_operations: set[str] = field(default_factory=set)  # "METHOD /path/{template}"

    @property
    def cases(self) -> int:
        return sum(p.cases for p in self.passes)

    @property
    def unexplained_server_errors(self) -> dict[str, int]:
        """5xx answers on operations where no known defect was seen."""
        return {
            what: n for what, n in self.server_errors.items() if what.rsplit(" ", 1)[0] not in self.known_operations
        }

    @property
    def ok(self) -> bool:
        return all(p.returncode == 0 for p in self.passes) and not self.unexplained_server_errors

    def summary(self) -> str:
        lines = ["fuzz summary"]
        for p in self.passes:
            verdict = "passed" if p.returncode == 0 else f"FAILED (exit {p.returncode})"
            lines.append(f"  {p.name:<12} {p.cases:>7} cases in {p.seconds:6.1f} s: {verdict}")
        lines.append(f"  {'total':<12} {self.cases:>7} cases, {sum(self.statuses.values())} HTTP responses")
        by_class = Counter(f"{s // 100}xx" for s in self.statuses.elements())
        lines.append("  responses by class: " + ", ".join(f"{k} {v}" for k, v in sorted(by_class.items())))
        unexplained = sum(self.unexplained_server_errors.values())
        lines.append(f"  5xx responses: {sum(self.server_errors.values())} ({unexplained} not from a known defect)")
        lines += [f"    {n:>5}  {what}" for what, n in sorted(self.server_errors.items())]
        lines.append(f"  known defects seen (not failed): {sum(self.known.values())}")
        lines += [f"    {n:>5}  {what}" for what, n in sorted(self.known.items())]
        return "\n".join(lines)


def run_pass(
    server: ServerProcess,
    name: str,
    key: str | None,
    *,
    max_examples: int,
    phases: str = "examples,coverage,fuzzing",
    seed: int,
    known_log: Path,
    extra: tuple[str, ...] = (),
    workers: int = 2,
) -> Pass:
    command = [
        str(ST),
        "run",
        f"{server.url}/openapi.json",
        *(("--header", f"Authorization: Bearer {key}") if key else ()),
        "--phases",
        phases,
        "--max-examples",
        str(max_examples),
        "--workers",
        str(workers),
        "--checks",
        ",".join(CHECKS),
        "--seed",
        str(seed),
        "--generation-database",
        "none",
        "--request-timeout",
        "60",
        "--continue-on-failure",
        "--max-failures",
        "1000",
        "--no-color",
        *extra,
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "SCHEMATHESIS_HOOKS": "tests.support.fuzz_hooks",
        "IMAGEGATE_FUZZ_KEY": key or "",
        "IMAGEGATE_FUZZ_KNOWN_LOG": str(known_log),
    }
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=known_log.parent, timeout=3600)
    output = done.stdout + done.stderr
    found = re.search(r"(\d+) generated", output)
    return Pass(name, done.returncode, int(found.group(1)) if found else 0, output, time.monotonic() - started)


def scrape(server: ServerProcess) -> Counter[tuple[str, str, int]]:
    """The server's answers so far, by (method, route, status), from /metrics."""
    counts: Counter[tuple[str, str, int]] = Counter()
    for line in httpx.get(f"{server.url}/metrics", timeout=30).text.splitlines():
        match = _METRIC.match(line)
        if match:
            counts[(match.group(1), match.group(2), int(match.group(3)))] += int(float(match.group(4)))
    return counts


def fuzz(server: ServerProcess, *, admin_examples: int, key_examples: int, seed: int = 1) -> FuzzReport:
    """Both passes against a started server; the work folder holds the known-defect log."""
    report = FuzzReport()
    key = server.new_key("fuzz")
    # What the server answered before the run (readiness probes while it started: 503) is not the run's.
    before = scrape(server)
    with tempfile.TemporaryDirectory(prefix="imagegate-fuzz-") as work:
        known_log = Path(work) / "known.jsonl"
        report.passes.append(
            run_pass(
                server,
                "admin key",
                server.admin_key,
                max_examples=admin_examples,
                seed=seed,
                known_log=known_log,
                extra=ADMIN_EXCLUDES,
            )
        )
        report.passes.append(
            run_pass(server, "normal key", key, max_examples=key_examples, seed=seed + 1, known_log=known_log)
        )
        # Without a key every operation but the probes and signed links must answer its documented 401.
        report.passes.append(
            run_pass(
                server, "no key", None, max_examples=5, phases="examples,fuzzing", seed=seed + 2, known_log=known_log
            )
        )
        if known_log.exists():
            for line in known_log.read_text().splitlines():
                entry = json.loads(line)
                report.known[entry["known"]] += 1
                report.known_operations.add(entry["operation"])
    for (method, route, status), count in (scrape(server) - before).items():
        report.statuses[status] += count
        if status >= 500:
            report.server_errors[f"{method} {route} {status}"] = count
    return report


def errors_logged(server: ServerProcess) -> list[str]:
    """One line per unhandled error in the server's JSON log: the request and the exception."""
    found = []
    for line in server.log_path.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("logger") == "imagegate.api" and entry.get("exception"):
            found.append(f"  {entry['message']}: {entry['exception'].strip().splitlines()[-1]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=100, help="cases per operation in the admin pass")
    parser.add_argument("--key-examples", type=int, default=None, help="the same, normal key (default: half)")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="imagegate-fuzz-server-") as data:
        server = fuzz_server(Path(data)).start()
        try:
            report = fuzz(
                server,
                admin_examples=args.max_examples,
                key_examples=args.key_examples or max(1, args.max_examples // 2),
                seed=args.seed,
            )
        finally:
            server.stop()
        for p in report.passes:
            if p.returncode != 0:
                print(f"===== {p.name}: schemathesis output =====\n{p.output}")
        print(f"seed {args.seed}")
        print(report.summary())
        if report.unexplained_server_errors:
            print("server errors logged (last line of each traceback):")
            print("\n".join(errors_logged(server)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
