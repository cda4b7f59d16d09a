"""OpenAI Images: GPT Image and DALL·E models (``POST /v1/images/generations``, ``/edits``, ``/variations``).

Wire facts (reference/hosted_apis.md §2): Bearer auth; generations are JSON, edits and variations
multipart (``image`` — or repeated ``image[]`` parts for several — and ``mask``); the answer is
``{created, data: [{b64_json | url, revised_prompt}], usage?}``. GPT image models always answer
base64 and refuse ``response_format``; DALL·E answers URLs unless asked for ``b64_json``.

Mapping: ``size`` from width/height through the model's size list (closest aspect ratio, then area;
gpt-image-2 takes free sizes, multiples of 16, ratio ≤ 3:1, ≤ 3840×2160). ``num_images`` → ``n``
(DALL·E 3 makes one per request, so several requests). OpenAI has no seed, negative prompt, steps,
guidance or sampler: using them is a 422 naming the field unless the catalog lists them in
``provider.drop``. Catalog ``provider.options`` go out as-is (quality, background, moderation,
output_format, output_compression, style, input_fidelity).

Moderation: a refusal is HTTP 400 with ``code`` ``moderation_blocked`` (GPT image) or
``content_policy_violation`` (DALL·E) — code names from observed error bodies, not the spec
(UNCONFIRMED there); they become ``content_moderated`` with OpenAI's message.
"""

from __future__ import annotations

import io
from typing import Any, ClassVar

import httpx

from imagegate.domain.jobs import GeneratedImage
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import (
    AnyRequest,
    Img2ImgRequest,
    InpaintRequest,
    Task,
    Txt2ImgRequest,
    VariationRequest,
)
from imagegate.engines.remote import images as imgs
from imagegate.engines.remote.base import ProviderCall, ProviderOutput, RemoteEngine
from imagegate.engines.remote.sizes import nearest_size
from imagegate.errors import InvalidRequest, TaskNotSupported

MODERATION_CODES = frozenset({"moderation_blocked", "content_policy_violation"})
GPT_SIZES = ((1024, 1024), (1536, 1024), (1024, 1536))
DALLE3_SIZES = ((1024, 1024), (1792, 1024), (1024, 1792))
DALLE2_SIZES = ((256, 256), (512, 512), (1024, 1024))
PROMPT_LIMITS = {"dall-e-2": 1000, "dall-e-3": 4000}


def is_dalle(source: str) -> bool:
    return source.startswith("dall-e")


def free_sizes(source: str) -> bool:
    return source.startswith("gpt-image-2")


class OpenAIEngine(RemoteEngine):
    name = "openai"
    tasks: ClassVar[frozenset[Task]] = frozenset({Task.txt2img, Task.img2img, Task.inpaint, Task.variation})
    default_base_url = "https://api.openai.com/v1"
    max_per_request = 10
    moderation_note = "moderation_blocked / content_policy_violation refusals fail the job with content_moderated"

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        if spec.source == "dall-e-2":
            return frozenset({Task.txt2img, Task.img2img, Task.inpaint, Task.variation})
        if spec.source == "dall-e-3":
            return frozenset({Task.txt2img})
        # GPT image models edit one or more images, with an optional mask.
        return frozenset({Task.txt2img, Task.img2img, Task.inpaint})

    def per_request(self, spec: ModelSpec) -> int:
        if spec.source == "dall-e-3":
            return 1
        return super().per_request(spec)

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        if free_sizes(spec.source):
            return {"mode": "pixels", "multiple": 16, "max": "3840x2160", "max_ratio": "3:1"}
        return {"mode": "nearest_size", "sizes": [f"{w}x{h}" for w, h in self.sizes(spec)]}

    def sizes(self, spec: ModelSpec) -> tuple[tuple[int, int], ...]:
        if spec.source == "dall-e-3":
            return DALLE3_SIZES
        if spec.source == "dall-e-2":
            return DALLE2_SIZES
        return GPT_SIZES

    def check(self, spec: ModelSpec, request: AnyRequest) -> None:
        limit = PROMPT_LIMITS.get(spec.source)
        prompt = getattr(request, "prompt", "")
        if limit and len(prompt) > limit:
            raise InvalidRequest.for_field("prompt", f"must be at most {limit} characters for {spec.source}")

    def size(self, call: ProviderCall, width: int, height: int) -> str:
        if free_sizes(call.spec.source):
            w, h = max(16, width // 16 * 16), max(16, height // 16 * 16)
            if max(w, h) > 3 * min(w, h) or w * h > 3840 * 2160:
                raise InvalidRequest.for_field(
                    "width", f"{call.spec.source} takes sizes up to 3840×2160 with a ratio of at most 3:1"
                )
            return f"{w}x{h}"
        w, h = nearest_size(width, height, self.sizes(call.spec))
        return f"{w}x{h}"

    def read_error(self, response: httpx.Response, body: Any) -> tuple[str, bool]:
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            message = str(error.get("message") or error.get("code") or response.reason_phrase)
            return message, error.get("code") in MODERATION_CODES
        return super().read_error(response, body)

    def common(self, call: ProviderCall, request: AnyRequest, n: int) -> dict[str, Any]:
        body: dict[str, Any] = {"model": call.spec.source, "n": n}
        if isinstance(request, Txt2ImgRequest | Img2ImgRequest | InpaintRequest | VariationRequest):
            assert request.width is not None and request.height is not None
            body["size"] = self.size(call, request.width, request.height)
        if is_dalle(call.spec.source):
            body["response_format"] = "b64_json"  # GPT image models always answer base64 and refuse the field
        body.update(call.options)
        return body

    async def run(self, call: ProviderCall, request: AnyRequest) -> ProviderOutput:
        info: dict[str, Any] = {}

        async def one(start: int, n: int) -> list[GeneratedImage]:
            if isinstance(request, Txt2ImgRequest):
                body = {"prompt": request.prompt, **self.common(call, request, n)}
                response = await call.send("POST", "images/generations", json=body)
            elif isinstance(request, Img2ImgRequest | InpaintRequest | VariationRequest):
                response = await self.multipart(call, request, n)
            else:
                raise TaskNotSupported.for_field("task", f"{self.name} cannot do {request.task.value}")
            made = await self.read_images(call, response, info)
            seed = getattr(request, "seed", None)
            if seed is not None and "seed" in self.accepted(call.spec):
                # The upstream seeds image i with seed + i, as imagegate does.
                made = [GeneratedImage(image=g.image, seed=seed + start + i) for i, g in enumerate(made)]
            return made

        count = getattr(request, "num_images", 1)
        images = await self.batches(call, count, one)
        return ProviderOutput(images=images, info=info)

    async def multipart(
        self, call: ProviderCall, request: Img2ImgRequest | InpaintRequest | VariationRequest, n: int
    ) -> httpx.Response:
        image = await self.image(request.init_image, "init_image")
        files: list[tuple[str, tuple[str, bytes, str]]] = [("image", ("image.png", image.png, "image/png"))]
        if isinstance(request, InpaintRequest):
            mask = await self.mask(request)
            # OpenAI edits where the mask is transparent; our masks are white where to repaint.
            files.append(("mask", ("mask.png", white_to_transparent(mask.png), "image/png")))
        fields = {k: str(v) for k, v in self.common(call, request, n).items()}
        if isinstance(request, VariationRequest):
            path = "images/variations"
            if call.spec.source != "dall-e-2":
                raise TaskNotSupported.for_field("task", "OpenAI makes variations only with dall-e-2")
        else:
            path = "images/edits"
            fields["prompt"] = request.prompt
        return await call.send("POST", path, data=fields, files=files)

    async def read_images(
        self, call: ProviderCall, response: httpx.Response, info: dict[str, Any]
    ) -> list[GeneratedImage]:
        try:
            body = response.json()
            data = body["data"]
            assert isinstance(data, list)
        except (ValueError, KeyError, TypeError, AssertionError):
            raise call.fail(f"{self.name} answered without a data list (HTTP {response.status_code})") from None
        out = []
        for item in data:
            if isinstance(item, dict) and item.get("b64_json"):
                raw = imgs.b64decode(item["b64_json"], provider=self.name)
            elif isinstance(item, dict) and item.get("url"):
                raw = await call.download(item["url"])
            else:
                raise call.fail(f"{self.name} answered an image without b64_json or url")
            if isinstance(item.get("revised_prompt"), str):
                info.setdefault("revised_prompts", []).append(item["revised_prompt"])
            out.append(GeneratedImage(image=await call.image(raw), seed=None))
        if isinstance(body.get("usage"), dict):
            usage = info.setdefault("usage", {})
            for key in ("input_tokens", "output_tokens", "total_tokens"):
                if isinstance(body["usage"].get(key), int):
                    usage[key] = usage.get(key, 0) + body["usage"][key]
        return out


def white_to_transparent(png: bytes) -> bytes:
    from PIL import Image

    mask = Image.open(io.BytesIO(png)).convert("L")
    rgba = Image.new("RGBA", mask.size, (0, 0, 0, 255))
    rgba.putalpha(mask.point(lambda v: 0 if v >= 128 else 255))
    out = io.BytesIO()
    rgba.save(out, format="PNG")
    return out.getvalue()
