"""What the JavaScript SDK's tests (``clients/typescript/test``) need from the Python side.

``python -m tests.support.js_sdk openapi`` prints the server's OpenAPI document, built in-process
from the app as ``tests/api/test_openapi.py`` does (the checked-in TypeScript types are generated
from it, and a test fails when they drift).

``python -m tests.support.js_sdk serve [--env JSON]`` starts a real server (``ServerProcess``) on a
loopback port with the bundled tiny-shapes model (64×64, ~0.1 s a job; declared here for outpainting
too) and the bundled upscalers, prints ``{"url": …, "admin_key": …, "log": …}`` as one JSON line,
and serves until its stdin closes — so a test runner that dies takes its server with it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "models"


def openapi() -> None:
    from imagegate.api.app import build_app
    from imagegate.config import load_settings

    json.dump(build_app(load_settings(catalog=[], env="test")).openapi(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def write_catalog(folder: Path) -> Path:
    """tiny-shapes as the bundled catalog has it, from its absolute folder, with outpainting added
    (and room for the wider canvas an outpaint makes)."""
    path = folder / "js-catalog.toml"
    path.write_text(
        "\n".join(
            [
                "[[models]]",
                'id = "tiny-shapes"',
                f'source = "{MODELS / "tiny-shapes"}"',
                'family = "sd1"',
                'tasks = ["txt2img", "img2img", "inpaint", "outpaint", "variation"]',
                "defaults = { width = 64, height = 64, num_inference_steps = 10, guidance_scale = 2.0 }",
                'size_policy = "fit"',
                "limits = { max_width = 128, max_height = 128, max_num_images = 16, max_steps = 100 }",
                "price = { per_megapixel_step = 0.0 }",
                "",
            ]
        )
    )
    return path


def serve(extra_env: dict[str, str]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="imagegate-js-"))
    try:
        catalog = write_catalog(folder)
        env = {"IMAGEGATE_DEFAULT_MODEL": "tiny-shapes", **extra_env}
        server = ServerProcess(folder / "data", [catalog, MODELS / "upscalers.toml"], env=env).start()
        try:
            ready = {"url": server.url, "admin_key": server.admin_key, "log": str(server.log_path)}
            print(json.dumps(ready), flush=True)
            sys.stdin.read()
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.support.js_sdk")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("openapi", help="print the OpenAPI document")
    serving = commands.add_parser("serve", help="serve until stdin closes")
    serving.add_argument("--env", default="{}", help="more IMAGEGATE_* settings, as a JSON object")
    args = parser.parse_args(argv)
    if args.command == "openapi":
        openapi()
    else:
        serve({str(k): str(v) for k, v in json.loads(args.env).items()})


if __name__ == "__main__":
    main()
