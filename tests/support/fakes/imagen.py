"""Imagen on the Gemini Developer API, as documented (reference/hosted_apis.md §5): ``x-goog-api-key``,
``POST /v1beta/models/{model}:predict`` with ``{instances, parameters}``, ``{predictions: [...]}``
answers and Google's ``{error: {code, message, status, details}}`` errors. The Gemini API refuses
Vertex-only parameters (negativePrompt, seed, …). Prompts steer: ``filter-one`` filters the first
output, ``filter-all`` every output."""

from __future__ import annotations

import base64
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from tests.support.fakes.base import FakeProvider, is_int, png

MODELS = {"imagen-4.0-generate-001", "imagen-4.0-ultra-generate-001", "imagen-4.0-fast-generate-001",
          "imagen-3.0-generate-002"}  # fmt: skip
PARAMETERS = {
    "sampleCount", "aspectRatio", "personGeneration", "guidanceScale", "safetySetting", "includeSafetyAttributes",
    "includeRaiReason", "language", "outputOptions", "sampleImageSize",
}  # fmt: skip
ASPECTS = {"1:1": (64, 64), "3:4": (48, 64), "4:3": (64, 48), "9:16": (36, 64), "16:9": (64, 36)}


def google_error(status: int, code: str, message: str, reason: str | None = None) -> JSONResponse:
    error: dict[str, Any] = {"code": status, "message": message, "status": code}
    if reason:
        error["details"] = [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": "googleapis.com"}
        ]
    return JSONResponse({"error": error}, status_code=status)


class FakeImagen(FakeProvider):
    name = "imagen"

    def routes(self) -> list[BaseRoute]:
        return [Route("/v1beta/models/{call}", self.predict, methods=["POST"])]

    async def predict(self, request: Request) -> Response:
        body = await self.json_body(request)
        scripted = await self.seen(request, body)
        if "key" in request.query_params:
            self.violate("API key sent in the query string (it would land in access logs)")
        key = request.headers.get("x-goog-api-key")
        if key is None:
            self.violate("x-goog-api-key header missing")
            return google_error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")
        if key != self.key:
            return google_error(
                400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "API_KEY_INVALID"
            )
        model, _, method = request.path_params["call"].partition(":")
        problems: list[str] = []
        self.check(method == "predict", f"method {method!r}, expected :predict", problems)
        self.check(model in MODELS, f"unknown model {model!r}", problems)
        if not isinstance(body, dict):
            return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        problems += self.check_fields("predict", body, required={"instances"}, allowed={"instances", "parameters"})
        instances = body.get("instances")
        ok = isinstance(instances, list) and len(instances) == 1 and isinstance(instances[0], dict)
        self.check(ok and set(instances[0]) == {"prompt"}, "instances must be [{prompt}]", problems)
        params = body.get("parameters") or {}
        problems += self.check_fields("parameters", params, required=set(), allowed=PARAMETERS)
        count = params.get("sampleCount", 4)
        self.check(is_int(count) and 1 <= count <= 4, f"sampleCount {count!r} must be 1..4", problems)
        aspect = params.get("aspectRatio", "1:1")
        self.check(aspect in ASPECTS, f"aspectRatio {aspect!r}", problems)
        if "outputOptions" in params:
            mime = params["outputOptions"].get("mimeType")
            self.check(mime in ("image/png", "image/jpeg"), f"outputOptions.mimeType {mime!r}", problems)
        if problems:
            return google_error(400, "INVALID_ARGUMENT", problems[0])
        if scripted is not None:
            return scripted
        prompt = str(instances[0]["prompt"])
        width, height = ASPECTS[aspect]
        predictions: list[dict[str, Any]] = []
        for i in range(count):
            filtered = "filter-all" in prompt or ("filter-one" in prompt and i == 0)
            if filtered:
                if params.get("includeRaiReason"):
                    predictions.append({"raiFilteredReason": "Unable to show generated image: Sexual content."})
                continue
            data = base64.b64encode(png(width, height, (90, 90, 200))).decode()
            predictions.append({"bytesBase64Encoded": data, "mimeType": "image/png"})
        return JSONResponse({"predictions": predictions} if predictions else {})
