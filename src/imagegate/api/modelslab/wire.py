"""Wire models of the ModelsLab v6 dialect (``/api/v6/…``, ``/api/v5/controlnet``, ``/api/v4``, ``/api/v3``).

ModelsLab's own examples send numbers as strings (``"512"``), flags as ``"yes"``/``"no"`` and ``null``
for "unset", while its realtime examples send JSON booleans; every field here accepts all of them.
Unknown fields are ignored, as ModelsLab ignores them. The API key may come in the body as ``key``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from imagegate.api.common.translate import loose_bool, loose_float, loose_int, loose_optional_str, required_text

LooseInt = Annotated[int | None, BeforeValidator(loose_int)]
LooseFloat = Annotated[float | None, BeforeValidator(loose_float)]
LooseBool = Annotated[bool | None, BeforeValidator(loose_bool)]
LooseStr = Annotated[str | None, BeforeValidator(loose_optional_str)]
RequiredStr = Annotated[str, BeforeValidator(required_text)]


class MLBody(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)

    key: LooseStr = Field(default=None, description="Your imagegate API key (or send it as Bearer / a 'key' header).")
    webhook: LooseStr = Field(default=None, description="URL called with the result when the job ends.")
    track_id: LooseStr = Field(default=None, description="Echoed in the webhook call.")
    base64: LooseBool = Field(default=None, description="Answer base64 images in output instead of URLs.")
    temp: LooseBool = Field(default=None, description="Accepted; images always expire with their links.")


class MLDiffusion(MLBody):
    model_id: LooseStr = Field(default=None, description="Catalog model id or alias; omit for the default model.")
    prompt: RequiredStr = Field(description="What to draw.")
    negative_prompt: LooseStr = None
    width: LooseInt = None
    height: LooseInt = None
    samples: LooseInt = Field(default=None, ge=1, le=4, description="Images per request (1–4).")
    num_inference_steps: LooseInt = None
    steps: LooseInt = Field(default=None, description="Older name of num_inference_steps.")
    guidance_scale: LooseFloat = None
    seed: LooseInt = Field(default=None, description="null for a random seed (reported in meta.seed).")
    scheduler: LooseStr = Field(default=None, description="A diffusers scheduler class name.")
    use_karras_sigmas: LooseBool = Field(default=None, description="Karras sigmas where the scheduler has them.")
    algorithm_type: LooseStr = Field(default=None, description="'dpmsolver+++' selects DPM++ 2M SDE.")
    safety_checker: LooseBool = None
    safety_checker_type: LooseStr = None
    enhance_prompt: LooseBool = Field(default=None, description="Accepted; prompts are never rewritten here.")
    enhance_style: LooseStr = None
    multi_lingual: LooseBool = None
    panorama: LooseBool = None
    self_attention: LooseBool = None
    upscale: LooseStr = None
    highres_fix: LooseBool = None
    tomesd: LooseBool = None
    clip_skip: LooseInt = None
    vae: LooseStr = None
    lora_model: LooseStr = Field(default=None, description="Comma-separated LoRA ids.")
    lora_strength: LooseStr = Field(default=None, description="Comma-separated weights, one per LoRA.")
    ip_adapter_id: LooseStr = None
    ip_adapter_scale: LooseFloat = None
    ip_adapter_image: LooseStr = None
    instant_response: LooseBool = Field(default=None, description="Answer 'processing' at once, without waiting.")


class Text2Img(MLDiffusion):
    """``/api/v6/images/text2img`` and ``/api/v6/realtime/text2img``."""


class Img2Img(MLDiffusion):
    """``/api/v6/images/img2img`` and ``/api/v6/realtime/img2img``."""

    init_image: RequiredStr = Field(description="The image to start from: an http(s) URL or base64.")
    strength: LooseFloat = Field(default=None, description="How much to change it (0–1].")


class Inpaint(Img2Img):
    """``/api/v6/images/inpaint``, ``/api/v6/realtime/inpaint`` and ``/api/v6/image_editing/inpaint``."""

    mask_image: RequiredStr = Field(description="White pixels are repainted, black pixels are kept.")


class ControlNet(MLDiffusion):
    """``/api/v5/controlnet`` and ``/api/v6/images/controlnet``."""

    controlnet_model: LooseStr = Field(default=None, description="e.g. canny (one ControlNet per request).")
    controlnet_type: LooseStr = None
    auto_hint: LooseBool = Field(default=None, description="Preprocess the image into the control map (default).")
    guess_mode: LooseBool = None
    init_image: LooseStr = None
    control_image: LooseStr = None
    mask_image: LooseStr = None
    controlnet_conditioning_scale: LooseStr = None
    strength: LooseFloat = None


class SuperResolution(MLBody):
    """``/api/v6/image_editing/super_resolution``."""

    init_image: RequiredStr = Field(description="The image to upscale: an http(s) URL or base64.")
    model_id: LooseStr = Field(default=None, description="An upscaler model id or alias; omit for the first one.")
    scale: LooseInt = Field(default=None, description="2 or 4 (default 4).")
    face_enhance: LooseBool = None


class Outpaint(MLBody):
    """``/api/v6/image_editing/outpaint``."""

    image: RequiredStr = Field(description="The image to extend: an http(s) URL or base64.")
    model_id: LooseStr = None
    prompt: RequiredStr
    negative_prompt: LooseStr = None
    width: LooseInt = Field(default=None, description="Width of the extended image.")
    height: LooseInt = Field(default=None, description="Height of the extended image.")
    overlap_width: LooseInt = None
    num_inference_steps: LooseInt = None
    guidance_scale: LooseFloat = None
    seed: LooseInt = None


class Fetch(MLBody):
    request_id: LooseStr = Field(default=None, description="The id a generation call answered.")


class ModelReload(MLBody):
    model_id: RequiredStr


class LoadModel(MLBody):
    """``/api/v3/load_model``: loads a model of the catalog; new models come from the catalog file."""

    model_id: RequiredStr
    url: LooseStr = None
    model_name: LooseStr = None
    model_format: LooseStr = None
    model_category: LooseStr = None
    model_visibility: LooseStr = None
    force_load: LooseBool = None


class ModelslabError(BaseModel):
    """ModelsLab's error envelope (old clients read ``messege``, newer ones ``message``)."""

    status: Literal["error"]
    message: str
    messege: str
    code: str = Field(description="imagegate's stable error code.")
    retry_after: float | None = Field(default=None, description="Seconds to wait (on 429).")
