"""Wire models of the AUTOMATIC1111 dialect (``/sdapi/v1/*``), with A1111's field names.

A1111 ignores fields it does not know, and so do these models; fields it knows but imagegate cannot
honour (hires fix, face restoration, tiling, scripts, styles) are refused with a message naming them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)


class Txt2ImgBody(_Body):
    """``POST /sdapi/v1/txt2img``."""

    prompt: str = Field(default="", description="What to draw; <lora:name:weight> tags select LoRAs.")
    negative_prompt: str | None = ""
    styles: list[str] | None = None
    seed: int | None = Field(default=-1, description="-1 for a random seed; image i uses seed + i.")
    subseed: int | None = -1
    subseed_strength: float | None = 0
    seed_resize_from_h: int | None = -1
    seed_resize_from_w: int | None = -1
    sampler_name: str | None = Field(default=None, description="e.g. 'Euler a', 'DPM++ 2M' (see /sdapi/v1/samplers).")
    sampler_index: str | None = Field(default=None, description="Older name of sampler_name.")
    scheduler: str | None = Field(default=None, description="Schedule type: Automatic or Karras.")
    batch_size: int | None = Field(default=1, ge=1, description="Images per batch.")
    n_iter: int | None = Field(default=1, ge=1, description="Batches; images = batch_size × n_iter.")
    steps: int | None = Field(default=None, description="Sampling steps; omit for the model's default.")
    cfg_scale: float | None = Field(default=None, description="Guidance scale; omit for the model's default.")
    width: int | None = None
    height: int | None = None
    restore_faces: bool | None = None
    tiling: bool | None = None
    enable_hr: bool | None = False
    denoising_strength: float | None = None
    hr_scale: float | None = Field(default=2.0, description="Hires fix: factor per side (with enable_hr).")
    hr_upscaler: str | None = Field(default=None, description="Latent (default), Latent (nearest), Lanczos, Nearest.")
    hr_second_pass_steps: int | None = Field(default=0, description="0: as many as the first pass.")
    hr_resize_x: int | None = Field(default=0, description="Final width instead of hr_scale (0: unused).")
    hr_resize_y: int | None = Field(default=0, description="Final height instead of hr_scale (0: unused).")
    hr_sampler_name: str | None = None
    hr_scheduler: str | None = None
    hr_prompt: str | None = ""
    hr_negative_prompt: str | None = ""
    override_settings: dict[str, Any] | None = Field(
        default=None, description="Only sd_model_checkpoint (a model from /sdapi/v1/sd-models) changes anything."
    )
    override_settings_restore_afterwards: bool | None = True
    script_name: str | None = None
    script_args: list[Any] | None = None
    send_images: bool | None = True
    save_images: bool | None = False
    alwayson_scripts: dict[str, Any] | None = Field(
        default=None, description='ControlNet: {"controlnet": {"args": [{"image", "model", "module", "weight"}]}}.'
    )
    force_task_id: str | None = None
    infotext: str | None = None
    do_not_save_samples: bool | None = None
    do_not_save_grid: bool | None = None


class Img2ImgBody(Txt2ImgBody):
    """``POST /sdapi/v1/img2img``: ``init_images`` (base64), with ``mask`` it inpaints (white = repaint)."""

    init_images: list[str] | None = None
    mask: str | None = None
    denoising_strength: float | None = Field(default=0.75, description="How much to change the image (0–1].")
    resize_mode: int | None = 0
    mask_blur: int | None = None
    mask_blur_x: int | None = None
    mask_blur_y: int | None = None
    inpainting_fill: int | None = None
    inpaint_full_res: bool | int | None = None
    inpaint_full_res_padding: int | None = None
    inpainting_mask_invert: int | None = 0
    include_init_images: bool | None = False
    image_cfg_scale: float | None = None
    initial_noise_multiplier: float | None = None


class ExtrasSingleImageBody(_Body):
    """``POST /sdapi/v1/extra-single-image``: upscale one image."""

    image: str = Field(default="", description="The image, base64.")
    resize_mode: int | None = 0
    show_extras_results: bool | None = True
    gfpgan_visibility: float | None = 0
    codeformer_visibility: float | None = 0
    codeformer_weight: float | None = 0
    upscaling_resize: float | None = Field(default=2, description="2 or 4.")
    upscaling_resize_w: int | None = None
    upscaling_resize_h: int | None = None
    upscaling_crop: bool | None = True
    upscaler_1: str | None = Field(default=None, description="An upscaler from /sdapi/v1/upscalers.")
    upscaler_2: str | None = "None"
    extras_upscaler_2_visibility: float | None = 0
    upscale_first: bool | None = False


class PngInfoBody(_Body):
    image: str = Field(description="A PNG, base64 (a data: URL prefix is fine).")


class GenerationResponse(BaseModel):
    images: list[str] = Field(description="The images, base64 PNG.")
    parameters: dict[str, Any] = Field(description="The request, echoed.")
    info: str = Field(description="A JSON string: seeds, infotexts and the effective parameters.")


class ExtrasSingleImageResponse(BaseModel):
    html_info: str = ""
    image: str | None = None


class PngInfoResponse(BaseModel):
    info: str
    items: dict[str, Any]
    parameters: dict[str, Any]


class ProgressResponse(BaseModel):
    progress: float
    eta_relative: float
    state: dict[str, Any]
    current_image: str | None = None
    textinfo: str | None = None
    current_task: str | None = None


class SamplerItem(BaseModel):
    name: str
    aliases: list[str]
    options: dict[str, Any]


class SchedulerItem(BaseModel):
    name: str
    label: str
    aliases: list[str] | None = None
    default_rho: float | None = None
    need_inner_model: bool | None = None


class UpscalerItem(BaseModel):
    name: str
    model_name: str | None = None
    model_path: str | None = None
    model_url: str | None = None
    scale: float | None = None


class SDModelItem(BaseModel):
    title: str
    model_name: str
    hash: str | None = None
    sha256: str | None = None
    filename: str
    config: str | None = None


class SDVaeItem(BaseModel):
    model_name: str
    filename: str


class LoraItem(BaseModel):
    name: str
    alias: str
    path: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class A1111ErrorDetail(BaseModel):
    loc: list[str | int] = Field(description="Where the invalid value is: ['body', field, …].")
    msg: str
    type: str


class A1111Error(BaseModel):
    """A1111's error body; a validation error carries FastAPI's ``detail`` list, anything else a message."""

    error: str = Field(description="The error's class name.")
    detail: str | list[A1111ErrorDetail]
    body: str
    errors: str
    code: str = Field(description="imagegate's stable error code.")
