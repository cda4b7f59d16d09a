"""A catalog of hosted-provider models and routes pointing at loopback fakes, written as an operator
would write one (keys by environment variable name only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.fakes.replicate import VERSION


def toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def entry(model_id: str, engine: str, **fields: Any) -> str:
    lines = ["[[models]]", f"id = {toml_value(model_id)}", f"engine = {toml_value(engine)}"]
    tables = {k: v for k, v in fields.items() if k in ("provider", "route")}
    for key, value in fields.items():
        if key not in tables:
            lines.append(f"{key} = {toml_value(value)}")
    for key, value in tables.items():
        lines.append(f"[models.{key}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


def provider(env: str | None, url: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"base_url": url, "poll_interval_s": 0.02, "timeout_s": 20}
    if env:
        out["api_key_env"] = env
    out.update(extra)
    return out


def write_provider_catalog(
    path: Path, fakes: dict[str, Any], env: dict[str, str], tiny_sd1: Path, *, upstream_url: str
) -> Path:
    """``fakes`` by name: openai, flaky, slow, bfl, stability, imagen, replicate, fal, modelslab, compatible;
    ``upstream_url`` is another real imagegate (its OpenAI dialect), reached with the key in ``env["upstream"]``."""
    small = {"width": 512, "height": 512}
    parts = [
        entry("tiny-sd1", "diffusers", source=str(tiny_sd1),
              defaults={"width": 64, "height": 64, "num_inference_steps": 2, "guidance_scale": 5.0},
              price={"per_megapixel_step": 0.001}),
        entry("gpt-image", "openai", source="gpt-image-1", tags=["text-rendering"], price={"per_image": 0.04},
              defaults={"width": 1024, "height": 1024},
              provider=provider(env["openai"], fakes["openai"].url + "/v1", options={"quality": "low"})),
        entry("gpt-image-badkey", "openai", source="gpt-image-1", price={"per_image": 0.04},
              provider=provider(env["bad"], fakes["openai"].url + "/v1")),
        entry("gpt-image-nokey", "openai", source="gpt-image-1", price={"per_image": 0.04},
              provider=provider("IG_E2E_NEVER_SET_KEY", fakes["openai"].url + "/v1")),
        entry("flaky-a", "openai", source="gpt-image-1", price={"per_image": 0.5},
              provider=provider(env["openai"], fakes["flaky"].url + "/v1")),
        entry("flaky-b", "openai", source="gpt-image-1", price={"per_image": 0.5},
              provider=provider(env["openai"], fakes["flaky"].url + "/v1")),
        entry("slow-a", "openai", source="gpt-image-1", price={"per_image": 0.5},
              provider=provider(env["openai"], fakes["slow"].url + "/v1")),
        entry("unreachable", "openai", source="gpt-image-1", price={"per_image": 0.5},
              provider=provider(env["openai"], "http://127.0.0.1:9/v1", timeout_s=2)),
        entry("flux-pro", "bfl", source="flux-pro-1.1", tags=["photoreal"], defaults=small,
              price={"provider_reported": True, "reported_unit": 0.01, "per_image": 0.04},
              provider=provider(env["bfl"], fakes["bfl"].url)),
        entry("stable-core", "stability", source="core", defaults=small, price={"per_image": 0.03},
              provider=provider(env["stability"], fakes["stability"].url)),
        entry("imagen-4", "imagen", source="imagen-4.0-generate-001", defaults=small, price={"per_image": 0.04},
              provider=provider(env["imagen"], fakes["imagen"].url)),
        entry("flux-schnell-rep", "replicate", source="black-forest-labs/flux-schnell", defaults=small,
              price={"per_image": 0.003}, provider=provider(env["replicate"], fakes["replicate"].url)),
        entry("sdxl-rep", "replicate", source=f"stability-ai/sdxl:{VERSION}", defaults=small,
              price={"per_image": 0.01},
              provider=provider(env["replicate"], fakes["replicate"].url,
                                inputs={"prompt": "prompt", "negative_prompt": "negative_prompt", "width": "width",
                                        "height": "height", "num_images": "num_outputs", "seed": "seed"})),
        entry("flux-dev-fal", "fal", source="fal-ai/flux/dev", defaults={"width": 1024, "height": 768},
              price={"per_image": 0.025}, provider=provider(env["fal"], fakes["fal"].url)),
        entry("ml-sdxl", "modelslab", source="sdxl", defaults=small, price={"per_image": 0.002},
              provider=provider(env["modelslab"], fakes["modelslab"].url + "/api")),
        entry("upstream", "openai_compatible", source="tiny-sd1", defaults=small, price={"per_image": 0.001},
              provider=provider(None, fakes["compatible"].url + "/v1", inputs={"seed": "seed"})),
        entry("imagegate-upstream", "openai_compatible", source="tiny-sd1", price={"per_image": 0.001},
              defaults={"width": 64, "height": 64},
              provider=provider(env["upstream"], upstream_url + "/v1")),
        entry("imagegate-upstream-missing", "openai_compatible", source="no-such-model",
              defaults={"width": 64, "height": 64},
              provider=provider(env["upstream"], upstream_url + "/v1")),
        entry("imagegate-upstream-badkey", "openai_compatible", source="tiny-sd1",
              defaults={"width": 64, "height": 64},
              provider=provider(env["bad"], upstream_url + "/v1")),
        entry("photoreal-fast", "route", tags=["photoreal", "fast"],
              route={"targets": [{"model": "flaky-a"}, {"model": "flux-dev-fal"}], "cooldown_s": 300}),
        entry("photoreal-b", "route",
              route={"targets": [{"model": "flaky-b"}, {"model": "flux-dev-fal"}], "cooldown_s": 300}),
        entry("patient", "route",
              route={"targets": [{"model": "slow-a"}, {"model": "flux-dev-fal"}], "attempt_timeout_s": 1.0}),
        entry("with-local", "route", defaults={"width": 64, "height": 64},
              route={"targets": [{"model": "unreachable"}, {"model": "tiny-sd1"}]}),
        entry("careful", "route", route={"targets": [{"model": "gpt-image"}, {"model": "flux-dev-fal"}]}),
    ]  # fmt: skip
    path.write_text("\n".join(parts))
    return path
