"""``client.images``: make images and get their bytes — generate, edit, outpaint, vary, upscale.

Each call queues a job, follows it to its end and downloads the images, returning an
``ImagesResult`` whose images you can ``.save()``. For progress while it runs, use ``jobs.create``
and ``jobs.stream`` instead (the CLI does).
"""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path
from typing import Any

from imagegate.client._core import Api
from imagegate.client._flow import Flow, Resource, async_method, sync_method
from imagegate.client.errors import JobFailedError
from imagegate.client.resources.jobs import DEFAULT_WAIT_S, compact, retrieve, submit, wait
from imagegate.client.types import GeneratedImage, ImagesResult, Job, JobImage

# An image input: a path, raw bytes, a PIL image, or a string that is an http(s) URL or data: URI.
ImageInput = str | bytes | os.PathLike[str] | Any


def encode_image(value: ImageInput, *, field: str = "image") -> str:
    """An image input as the API takes it: URLs and data URIs pass through, the rest becomes base64."""
    if isinstance(value, str) and value.startswith(("http://", "https://", "data:")):
        return value
    if isinstance(value, str | os.PathLike):
        path = Path(value)
        if not path.is_file():
            raise ValueError(f"{field}: no such file {path} (give a path, bytes, a PIL image, or an http(s) URL)")
        return base64.b64encode(path.read_bytes()).decode()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode()
    if hasattr(value, "save") and hasattr(value, "mode"):  # a PIL image
        buffer = io.BytesIO()
        value.save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue()).decode()
    raise TypeError(f"{field}: expected a path, bytes, a PIL image or a URL, got {type(value).__name__}")


def _run(api: Api, body: dict[str, Any], *, timeout: float | None, idempotency_key: str | None) -> Flow[ImagesResult]:
    job = yield from submit(api, body, idempotency_key=idempotency_key)
    if not job.done:
        job = yield from wait(api, job.id, timeout=timeout)
    result = yield from download(api, job)
    return result


def download(api: Api, job: Job | str) -> Flow[ImagesResult]:
    """The bytes of a finished job's images. Raises ``JobFailedError`` if it failed or was canceled."""
    if isinstance(job, str):
        job = yield from retrieve(api, job)
    if job.status != "succeeded":
        raise JobFailedError(job)
    images = []
    for image in job.images:
        data = yield from _bytes_of(api, image)
        images.append(
            GeneratedImage(
                id=image.id,
                data=data,
                content_type=image.content_type,
                width=image.width,
                height=image.height,
                seed=image.seed,
                job_id=job.id,
            )
        )
    return ImagesResult(job=job, images=images)


def _bytes_of(api: Api, image: JobImage) -> Flow[bytes]:
    if image.b64_json:
        return base64.b64decode(image.b64_json)
    data = yield from content(api, image.id)
    return data


def content(api: Api, image_id: str) -> Flow[bytes]:
    """An image's bytes (PNG with its generation parameters in the metadata), with your key."""
    response = yield from api.request("GET", f"/v1/images/{image_id}/content", headers={"Accept": "*/*"})
    return response.content


def retrieve_image(api: Api, image_id: str) -> Flow[JobImage]:
    """An image's metadata: size, seed, a fresh signed URL."""
    data = yield from api.json("GET", f"/v1/images/{image_id}")
    return JobImage.model_validate(data)


def generate(
    api: Api,
    *,
    prompt: str,
    model: str | None = None,
    negative_prompt: str | None = None,
    width: int | None = None,
    height: int | None = None,
    num_inference_steps: int | None = None,
    guidance_scale: float | None = None,
    seed: int | None = None,
    scheduler: str | None = None,
    num_images: int | None = None,
    timeout: float | None = DEFAULT_WAIT_S,
    idempotency_key: str | None = None,
    extra_body: dict[str, Any] | None = None,
) -> Flow[ImagesResult]:
    """Text to image: queue, wait, download.

    Args:
        prompt: What to draw.
        model: Catalog model id; omit for the server's default.
        negative_prompt: What to steer away from (ignored, with a warning, by models without one).
        width, height: Pixels; the model's native size by default.
        num_inference_steps: Denoising steps; more is slower and usually better.
        guidance_scale: How strongly to follow the prompt.
        seed: Fixes the noise: same seed and parameters give the same bytes on the same machine.
        scheduler: Sampler, by diffusers class name or A1111 name (``"DPM++ 2M Karras"``).
        num_images: Images in one batch (seeds seed, seed+1, …).
        timeout: Seconds to wait for the job (None: no limit).
        idempotency_key: Makes retries safe; one is generated if you give none.
        extra_body: More request fields (e.g. options newer than this SDK).
    """
    body = compact(
        {
            "prompt": prompt,
            "model": model,
            "negative_prompt": negative_prompt,
            "width": width,
            "height": height,
            "num_inference_steps": num_inference_steps,
            "guidance_scale": guidance_scale,
            "seed": seed,
            "scheduler": scheduler,
            "num_images": num_images,
        },
        extra_body,
    )
    result = yield from _run(api, body, timeout=timeout, idempotency_key=idempotency_key)
    return result


def edit(
    api: Api,
    *,
    image: ImageInput,
    prompt: str,
    mask: ImageInput | None = None,
    strength: float | None = None,
    model: str | None = None,
    negative_prompt: str | None = None,
    num_inference_steps: int | None = None,
    guidance_scale: float | None = None,
    seed: int | None = None,
    scheduler: str | None = None,
    num_images: int | None = None,
    timeout: float | None = DEFAULT_WAIT_S,
    idempotency_key: str | None = None,
    extra_body: dict[str, Any] | None = None,
) -> Flow[ImagesResult]:
    """Change an image by a prompt: img2img, or inpainting when a ``mask`` is given (white = repaint,
    black = keep). Other arguments as in ``generate``.

    Args:
        image: The input: a path, bytes, a PIL image or an http(s) URL.
        mask: Where to repaint; makes this an inpainting job.
        strength: How much to change (0–1]; the model's default if omitted.
    """
    body = compact(
        {
            "task": "inpaint" if mask is not None else "img2img",
            "init_image": encode_image(image),
            "mask_image": encode_image(mask, field="mask") if mask is not None else None,
            "strength": strength,
            "prompt": prompt,
            "model": model,
            "negative_prompt": negative_prompt,
            "num_inference_steps": num_inference_steps,
            "guidance_scale": guidance_scale,
            "seed": seed,
            "scheduler": scheduler,
            "num_images": num_images,
        },
        extra_body,
    )
    result = yield from _run(api, body, timeout=timeout, idempotency_key=idempotency_key)
    return result


def outpaint(
    api: Api,
    *,
    image: ImageInput,
    prompt: str,
    left: int = 0,
    right: int = 0,
    top: int = 0,
    bottom: int = 0,
    model: str | None = None,
    seed: int | None = None,
    num_inference_steps: int | None = None,
    timeout: float | None = DEFAULT_WAIT_S,
    idempotency_key: str | None = None,
    extra_body: dict[str, Any] | None = None,
) -> Flow[ImagesResult]:
    """Extend an image's canvas by ``left``/``right``/``top``/``bottom`` pixels, painting the new area
    to match ``prompt``. Other arguments as in ``generate``."""
    body = compact(
        {
            "task": "outpaint",
            "init_image": encode_image(image),
            "prompt": prompt,
            "left": left,
            "right": right,
            "top": top,
            "bottom": bottom,
            "model": model,
            "seed": seed,
            "num_inference_steps": num_inference_steps,
        },
        extra_body,
    )
    result = yield from _run(api, body, timeout=timeout, idempotency_key=idempotency_key)
    return result


def create_variation(
    api: Api,
    *,
    image: ImageInput,
    prompt: str | None = None,
    strength: float | None = None,
    model: str | None = None,
    seed: int | None = None,
    num_images: int | None = None,
    timeout: float | None = DEFAULT_WAIT_S,
    idempotency_key: str | None = None,
    extra_body: dict[str, Any] | None = None,
) -> Flow[ImagesResult]:
    """Variations of an image: same composition, new details (``strength`` sets how new). A
    ``prompt`` is optional: it steers the variations; without one they keep the image's content."""
    body = compact(
        {
            "task": "variation",
            "init_image": encode_image(image),
            "prompt": prompt,
            "strength": strength,
            "model": model,
            "seed": seed,
            "num_images": num_images,
        },
        extra_body,
    )
    result = yield from _run(api, body, timeout=timeout, idempotency_key=idempotency_key)
    return result


def upscale(
    api: Api,
    *,
    image: ImageInput,
    scale: float = 4,
    model: str | None = None,
    timeout: float | None = DEFAULT_WAIT_S,
    idempotency_key: str | None = None,
    extra_body: dict[str, Any] | None = None,
) -> Flow[ImagesResult]:
    """Enlarge an image with an upscaling model (Real-ESRGAN by default on the server), tiled so any
    size up to 8192 px a side works.

    Args:
        image: The input: a path, bytes, a PIL image or an http(s) URL.
        scale: Factor per side, above 1 and up to 8 (e.g. 2 or 4).
        model: An upscaler from the catalog; the server's default upscaler if omitted.
    """
    body = compact({"task": "upscale", "image": encode_image(image), "scale": scale, "model": model}, extra_body)
    result = yield from _run(api, body, timeout=timeout, idempotency_key=idempotency_key)
    return result


class Images(Resource):
    """Images: make them (each call waits for its job) and fetch their bytes. ``client.images``."""

    generate = sync_method(generate)
    edit = sync_method(edit)
    outpaint = sync_method(outpaint)
    create_variation = sync_method(create_variation)
    upscale = sync_method(upscale)
    download = sync_method(download)
    retrieve = sync_method(retrieve_image)
    content = sync_method(content)


class AsyncImages(Resource):
    """Images, for ``AsyncClient``. ``client.images``."""

    generate = async_method(generate)
    edit = async_method(edit)
    outpaint = async_method(outpaint)
    create_variation = async_method(create_variation)
    upscale = async_method(upscale)
    download = async_method(download)
    retrieve = async_method(retrieve_image)
    content = async_method(content)
