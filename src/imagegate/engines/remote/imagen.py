"""Google Imagen through the Gemini Developer API: ``POST /v1beta/models/{model}:predict``.

Wire facts (reference/hosted_apis.md §5): the key goes in the ``x-goog-api-key`` header (never the
``?key=`` query, which would put it in every access log); the body is ``{instances: [{prompt}],
parameters: {sampleCount 1–4, aspectRatio, personGeneration, includeRaiReason, outputOptions, …}}``;
the answer is ``{predictions: [{bytesBase64Encoded, mimeType} | {raiFilteredReason}]}``. Synchronous.
Errors use Google's envelope ``{error: {code, message, status}}``; an invalid key is a 400 whose
details carry ``API_KEY_INVALID`` (treated as bad credentials), quota is 429 ``RESOURCE_EXHAUSTED``.

Mapping: ``aspectRatio`` nearest to width/height (1:1, 3:4, 4:3, 9:16, 16:9); ``num_images`` →
``sampleCount`` (≤ 4 per request). The Gemini API refuses negative prompts and seeds (Vertex-only),
so they are not taken. ``includeRaiReason`` is always on: a filtered prediction becomes a black
image flagged ``nsfw_content_detected``; if every output is filtered (or none comes back) the job
fails with content_moderated. Catalog ``provider.options`` are merged into ``parameters``.
Note: on 2026-08-21 google's python-genai stopped calling ``:predict`` on the Gemini API; REST
behaviour after that date is unknown (reference §8).
"""

from __future__ import annotations

from typing import Any

import httpx

from imagegate.domain.jobs import GeneratedImage
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, Task, Txt2ImgRequest
from imagegate.engines.remote import images as imgs
from imagegate.engines.remote.base import ProviderCall, ProviderOutput, RemoteEngine
from imagegate.engines.remote.errors import classify
from imagegate.engines.remote.sizes import nearest_aspect
from imagegate.errors import ContentModerated, ImagegateError, TaskNotSupported

ASPECTS = ("1:1", "3:4", "4:3", "9:16", "16:9")


class ImagenEngine(RemoteEngine):
    name = "imagen"
    default_base_url = "https://generativelanguage.googleapis.com"
    max_per_request = 4
    moderation_note = (
        "filtered outputs (raiFilteredReason) become black images flagged nsfw_content_detected; if all are filtered "
        "the job fails with content_moderated"
    )

    @classmethod
    def model_tasks(cls, spec: ModelSpec) -> frozenset[Task]:
        return frozenset({Task.txt2img})

    def size_rule(self, spec: ModelSpec) -> dict[str, Any]:
        return {"mode": "aspect_ratio", "ratios": list(ASPECTS)}

    def auth_headers(self, secret: str | None) -> dict[str, str]:
        return {"x-goog-api-key": secret} if secret else {}

    def read_error(self, response: httpx.Response, body: Any) -> tuple[str, bool]:
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            reasons = [
                str(d.get("reason")) for d in error.get("details") or [] if isinstance(d, dict) and d.get("reason")
            ]
            status = " ".join([str(error.get("status", "")), *reasons]).strip()
            return f"{status}: {error.get('message', '')}".strip(": "), False
        return super().read_error(response, body)

    async def run(self, call: ProviderCall, request: AnyRequest) -> ProviderOutput:
        if not isinstance(request, Txt2ImgRequest):
            raise TaskNotSupported.for_field("task", f"Imagen cannot do {request.task.value}")
        width, height = request.width or 1024, request.height or 1024
        aspect = nearest_aspect(width, height, ASPECTS)
        filtered_reasons: list[str] = []

        async def one(_index: int, n: int) -> list[GeneratedImage]:
            parameters: dict[str, Any] = {
                "sampleCount": n,
                "aspectRatio": aspect,
                "includeRaiReason": True,
                "outputOptions": {"mimeType": "image/png"},
                **call.options,
            }
            body = {"instances": [{"prompt": request.prompt}], "parameters": parameters}
            try:
                response = await call.send("POST", f"v1beta/models/{call.spec.source}:predict", json=body)
            except ImagegateError as exc:
                raise self.refine(call, exc) from None
            try:
                predictions = response.json().get("predictions") or []
                assert isinstance(predictions, list)
            except (ValueError, AttributeError, AssertionError):
                raise call.fail("Imagen answered without a predictions list") from None
            out = []
            for item in predictions[:n]:
                if not isinstance(item, dict):
                    continue
                if item.get("bytesBase64Encoded"):
                    raw = imgs.b64decode(item["bytesBase64Encoded"], provider=self.name)
                    out.append(GeneratedImage(image=await call.image(raw), seed=None))
                elif item.get("raiFilteredReason"):
                    filtered_reasons.append(call.redact(str(item["raiFilteredReason"])))
                    out.append(GeneratedImage(image=imgs.blank(width, height), seed=None, nsfw_content_detected=True))
            return out

        images = await self.batches(call, request.num_images, one)
        if not images or all(g.nsfw_content_detected for g in images):
            reason = (
                "; ".join(dict.fromkeys(filtered_reasons)) or "no image came back (filtered by the safety settings)"
            )
            raise ContentModerated(f"Imagen filtered every output: {reason}", provider=self.name, reason=reason)
        real = next(g.image for g in images if not g.nsfw_content_detected)
        # Stand-ins take the size the provider made, not the requested one (it picks pixels itself).
        images = [
            GeneratedImage(image=imgs.blank(real.width, real.height), seed=None, nsfw_content_detected=True)
            if g.nsfw_content_detected
            else g
            for g in images
        ]
        if len(images) < request.num_images:
            call.warn(f"Imagen returned {len(images)} of {request.num_images} images")
        if filtered_reasons:
            call.warn(f"Imagen filtered {len(filtered_reasons)} output(s): {filtered_reasons[0]}")
        return ProviderOutput(images=images, info={"aspect_ratio": aspect})

    def refine(self, call: ProviderCall, exc: ImagegateError) -> ImagegateError:
        """An invalid key is a 400 at Google: report it as the credential problem it is."""
        if exc.status == 422 and "API_KEY_INVALID" in exc.message:
            return classify(self.name, 401, exc.message, credential_env=call.config.api_key_env)
        return exc
