"""Wire models of the OpenAI Images dialect (``/v1/images/generations``, ``/edits``, ``/variations``).

Field names and values follow OpenAI's API so its SDKs and every tool with an "OpenAI base URL" work
unchanged. Unknown parameters are refused, as OpenAI refuses them, so a typo never passes silently.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Quality = Literal["auto", "low", "medium", "high", "xhigh", "max", "standard", "hd"]
OutputFormat = Literal["png", "jpeg", "webp"]
ResponseFormat = Literal["url", "b64_json"]
Background = Literal["auto", "opaque", "transparent"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    model: str | None = Field(
        default=None,
        max_length=200,
        description="A catalog model id, or an alias from the server's model_aliases (e.g. dall-e-3). "
        "Omit for the server's default model.",
    )
    n: int | None = Field(default=None, ge=1, le=10, description="How many images (1–10).")
    size: str | None = Field(
        default=None, max_length=20, description="'WIDTHxHEIGHT' (multiples of 8) or 'auto' for the model's size."
    )
    response_format: ResponseFormat | None = Field(
        default=None,
        description="'url' (signed, expiring) or 'b64_json'. Defaults to b64_json for gpt-image model names "
        "and url otherwise, as OpenAI does.",
    )
    user: str | None = Field(default=None, max_length=256, description="End-user id (accepted, not used).")


class _Rendering(_Body):
    quality: Quality | None = Field(
        default=None,
        description="Trades time for detail: low = half the model's steps, high/hd = 1.5×, xhigh/max = 2×; "
        "auto/medium/standard = the model's default.",
    )
    output_format: OutputFormat | None = Field(default=None, description="png (default), jpeg or webp.")
    output_compression: int | None = Field(default=None, ge=0, le=100, description="jpeg/webp quality, 0–100.")
    background: Background | None = Field(
        default=None, description="auto or opaque; transparent backgrounds cannot be generated here."
    )
    stream: bool | None = Field(default=None, description="Send server-sent events with partial images.")
    partial_images: int | None = Field(default=None, ge=0, le=3, description="Partial images to stream (0–3).")
    safety_identifier: str | None = Field(default=None, max_length=256, description="Accepted, not used.")


class ImageGenerateBody(_Rendering):
    """``POST /v1/images/generations``."""

    prompt: str = Field(description="What to draw.")
    moderation: Literal["auto", "low"] | None = Field(
        default=None, description="Accepted; the server's own moderation policy applies."
    )
    style: Literal["vivid", "natural"] | None = Field(default=None, description="Accepted (DALL·E 3 only), no effect.")
    complexity: Literal["low", "medium", "high"] | None = Field(default=None, description="Accepted, no effect.")


class ImageEditFields(_Rendering):
    """The non-file fields of ``POST /v1/images/edits`` (multipart) — the files are ``image`` or
    repeated ``image[]`` and an optional ``mask``."""

    prompt: str = Field(description="What the edited image should show.")
    input_fidelity: Literal["high", "low"] | None = Field(default=None, description="Accepted, no effect.")
    moderation: Literal["auto", "low"] | None = None


class ImageUrlRef(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    image_url: str | None = Field(default=None, description="An https URL or a data: URL.")
    file_id: str | None = Field(default=None, description="Not supported: imagegate has no Files API.")


class ImageEditJson(ImageEditFields):
    """``POST /v1/images/edits`` with a JSON body: images by URL instead of uploads."""

    images: list[ImageUrlRef] = Field(min_length=1, max_length=16)
    mask: ImageUrlRef | None = None


class ImageVariationFields(_Body):
    """The non-file fields of ``POST /v1/images/variations`` (multipart; the file is ``image``)."""

    prompt: str | None = Field(
        default=None, description="imagegate extension: what the variations should show (optional)."
    )


class ImageData(BaseModel):
    b64_json: str | None = None
    url: str | None = None
    revised_prompt: str | None = None


class TokenDetails(BaseModel):
    text_tokens: int = 0
    image_tokens: int = 0


class Usage(BaseModel):
    """OpenAI meters tokens; imagegate does not, so token counts are 0. ``cost`` and ``currency`` are
    imagegate's own figures for the job (also in ``GET /v1/jobs/{id}``)."""

    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    input_tokens_details: TokenDetails = Field(default_factory=TokenDetails)
    cost: float | None = None
    currency: str | None = None


class ImagesResponse(BaseModel):
    created: int = Field(description="Unix seconds when the job was created.")
    data: list[ImageData]
    background: Literal["opaque"] = "opaque"
    output_format: OutputFormat = "png"
    quality: str | None = None
    size: str | None = None
    usage: Usage = Field(default_factory=Usage)


class OpenAIErrorObject(BaseModel):
    message: str = Field(description="What went wrong, for a person.")
    type: str = Field(description="invalid_request_error, rate_limit_error or server_error.")
    param: str | None = Field(default=None, description="The request field at fault, when one is.")
    code: str | None = Field(default=None, description="imagegate's stable error code.")


class OpenAIError(BaseModel):
    """OpenAI's error envelope: its SDKs raise their usual exception classes from it."""

    error: OpenAIErrorObject
