"""The listing endpoints A1111 clients call when they start (Open WebUI, SillyTavern, Krita's and
Photoshop's plug-ins give up on a 404): real content where imagegate has it (upscalers, scripts it
honours, face restorers, memory), empty lists in A1111's shapes where it has none (hypernetworks,
styles, embeddings, extensions)."""

from __future__ import annotations

import os
from typing import Any

from imagegate.domain.requests import Task
from imagegate.services import Services

# The scripts a request may name: ControlNet, always on (``alwayson_scripts.controlnet``), and on
# img2img the SD upscale script (``script_name``).
SCRIPTS = ("controlnet",)
IMG2IMG_SCRIPTS = ("sd upscale",)


def cmd_flags(svc: Services) -> dict[str, Any]:
    """The flags of an A1111 started as an API server; nothing that would reveal a path or a secret."""
    return {
        "api": True,
        "nowebui": True,
        "listen": svc.settings.host not in ("127.0.0.1", "localhost", "::1"),
        "port": svc.settings.port,
        "api_auth": None,  # keys are checked, never shown
        "no_half": svc.settings.device == "cpu",
        "skip_torch_cuda_test": True,
    }


def face_restorers(svc: Services) -> list[dict[str, Any]]:
    return [{"name": spec.name or spec.id, "cmd_dir": None} for spec in svc.catalog.face_restorers.values()]


def realesrgan_models(svc: Services) -> list[dict[str, Any]]:
    return [
        {"name": spec.name or spec.id, "path": None, "scale": 4}
        for spec in svc.catalog
        if Task.upscale in spec.tasks and spec.source.startswith("ncnn:realesr")
    ]


def scripts() -> dict[str, list[str]]:
    return {"txt2img": list(SCRIPTS), "img2img": [*SCRIPTS, *IMG2IMG_SCRIPTS]}


def script_info() -> list[dict[str, Any]]:
    always_on: list[dict[str, Any]] = [
        {"name": name, "is_alwayson": True, "is_img2img": img2img, "args": []}
        for name in SCRIPTS
        for img2img in (False, True)
    ]
    sd_upscale_args = [
        {"label": "Tile overlap", "value": 64, "minimum": 0, "maximum": 256},
        {"label": "Upscaler", "value": 0, "choices": ["None", "Lanczos", "Nearest"]},
        {"label": "Scale Factor", "value": 2.0, "minimum": 1.0, "maximum": 4.0},
    ]
    return [*always_on, {"name": "sd upscale", "is_alwayson": False, "is_img2img": True, "args": sd_upscale_args}]


def memory() -> dict[str, Any]:
    """RAM as A1111 reports it (bytes), from the operating system; CUDA when torch has a device."""
    ram: dict[str, Any]
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        free = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
        ram = {"free": free, "used": total - free, "total": total}
    except (ValueError, OSError, AttributeError):  # not a POSIX system
        ram = {"error": "unknown on this system"}
    return {"ram": ram, "cuda": _cuda()}


def _cuda() -> dict[str, Any]:
    import sys

    torch = sys.modules.get("torch")  # loaded by the engines when they start; never imported for this
    if torch is None or not torch.cuda.is_available():
        return {"error": "no CUDA device"}
    free, total = torch.cuda.mem_get_info()
    return {"system": {"free": free, "used": total - free, "total": total}}
