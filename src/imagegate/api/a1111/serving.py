"""AUTOMATIC1111 handlers. Where A1111 keeps one global state (the running job, the options), each
key here sees and changes only its own: ``/progress`` and ``/interrupt`` act on the caller's jobs,
``/options`` holds the caller's checkpoint."""

from __future__ import annotations

import base64
import binascii
import contextlib
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from imagegate.admission.keys import ApiKey
from imagegate.api.a1111 import extras, infotext
from imagegate.api.a1111 import translate as translate
from imagegate.api.a1111.state import A1111Options
from imagegate.api.a1111.wire import (
    ExtrasSingleImageBody,
    ExtrasSingleImageResponse,
    Img2ImgBody,
    LoraItem,
    PngInfoResponse,
    ProgressResponse,
    SamplerItem,
    SchedulerItem,
    SDModelItem,
    SDVaeItem,
    Txt2ImgBody,
    UpscalerItem,
)
from imagegate.api.common import jobs as handlers
from imagegate.api.common.dialect import JOB_ID_HEADER, cancel_quietly, image_b64, preview_b64, run_sync, submit_as
from imagegate.api.common.failures import job_failure
from imagegate.api.common.images import decode_base64_image
from imagegate.api.common.json_body import parse_json
from imagegate.api.deps import authenticate, bearer_token
from imagegate.domain.jobs import Job, JobStatus
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import AnyRequest, Task
from imagegate.engines.diffusers.schedulers import CHOICES, normalize
from imagegate.engines.upscale import UpscalerEngine
from imagegate.errors import AuthenticationError, ImagegateError, InvalidRequest, UnknownModel
from imagegate.images.decode import open_image
from imagegate.services import Services


def credentials(request: Request) -> str | None:
    """A1111 clients send HTTP Basic (``--api-auth user:password``): the password is the API key.
    Bearer works as well."""
    header = request.headers.get("authorization")
    if header is None or not header.lower().startswith("basic "):
        return bearer_token(request)
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise AuthenticationError("malformed Basic credentials") from None
    _, _, password = decoded.partition(":")
    return password or None


async def current_key(svc: Services, request: Request) -> ApiKey:
    token = credentials(request)
    if token is None:
        raise AuthenticationError("missing API key: use HTTP Basic auth with the API key as the password")
    key = await authenticate(svc, token)
    request.state.key_id = key.id
    return key


# -- generation -----------------------------------------------------------------------------------


async def checkpoint(svc: Services, key: ApiKey, overrides: dict[str, Any] | None) -> str | None:
    """The model: ``override_settings.sd_model_checkpoint``, else the key's ``/options`` choice,
    else the server's default."""
    aliases = svc.catalog.aliases
    overrides = overrides or {}
    translate.check_settings(overrides, "override_settings")
    if overrides.get("sd_model_checkpoint"):
        model_id = translate.checkpoint_id(str(overrides["sd_model_checkpoint"]), aliases)
        if model_id is None or svc.catalog.get(model_id) is None:
            raise UnknownModel.for_field(
                "override_settings.sd_model_checkpoint",
                f"unknown checkpoint '{overrides['sd_model_checkpoint']}'; /sdapi/v1/sd-models lists them",
            )
        return model_id
    chosen = await A1111Options(svc.db).checkpoint(key.id)
    return chosen if chosen and svc.catalog.get(chosen) else None


async def txt2img(svc: Services, key: ApiKey, body: Txt2ImgBody, request: Request) -> Response:
    model_id = await checkpoint(svc, key, body.override_settings)
    generation = translate.txt2img(body, model_id, svc.catalog.aliases, _local_upscalers(svc))
    generation = await _face_settings(svc, key, body, generation)
    return await _generate(svc, key, body, generation, request)


async def img2img(svc: Services, key: ApiKey, body: Img2ImgBody, request: Request) -> Response:
    model_id = await checkpoint(svc, key, body.override_settings)
    generation = translate.img2img(body, model_id, svc.catalog.aliases, _local_upscalers(svc))
    generation = await _face_settings(svc, key, body, generation)
    return await _generate(svc, key, body, generation, request)


async def _face_settings(svc: Services, key: ApiKey, body: Txt2ImgBody, generation: AnyRequest) -> AnyRequest:
    """``restore_faces`` as A1111's settings shape it: ``face_restoration_model`` (GFPGAN or
    CodeFormer: the catalog restorer of that kind) and ``code_former_weight`` (the fidelity), from
    ``override_settings``, else the key's ``/options``."""
    option = getattr(generation, "restore_faces", None)
    if option is None:
        return generation
    stored = (await A1111Options(svc.db).get(key.id)).options
    overrides = body.override_settings or {}
    update: dict[str, Any] = {}
    for name in translate.FACE_SETTINGS:
        value = overrides.get(name, stored.get(name))
        where = f"override_settings.{name}" if name in overrides else f"options.{name}"
        if name == "face_restoration_model" and value not in (None, "", "None"):
            restorers = {spec.id: spec.name or spec.id for spec in svc.catalog.face_restorers.values()}
            update["model"] = extras.restorer(str(value), where, restorers)
        elif name == "code_former_weight" and value is not None:
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise InvalidRequest.for_field(where, "must be a number from 0 to 1")
            update["fidelity"] = float(value)
    return generation.model_copy(update={"restore_faces": option.model_copy(update=update)}) if update else generation


def _local_upscalers(svc: Services) -> dict[str, str]:
    """The upscalers the hires fix and SD upscale may enlarge with: this server's own (not hosted)."""
    return translate.upscaler_names(spec for spec in _upscalers(svc) if spec.engine == UpscalerEngine.name)


async def _generate(
    svc: Services, key: ApiKey, body: Txt2ImgBody, generation: AnyRequest, request: Request
) -> Response:
    job = await submit_as(svc, key, generation, translate.FIELDS, response_format="b64_json")
    job = await run_sync(svc, key, job, request, timeout=svc.settings.dialect_timeout_s)
    headers = {JOB_ID_HEADER: job.id}
    if job.status is JobStatus.failed:
        raise _failure(job)
    # An interrupted job answers normally with no images, as A1111 does when /interrupt stops it early.
    images = [await image_b64(svc, img) for img in job.images] if body.send_images is not False else []
    seeds = [int(s) for s in job.result.get("seeds", []) if s is not None]
    used = translate.display_sampler(job.params.get("scheduler"), job.result.get("info", {}).get("scheduler"))
    info = translate.info(
        params=job.params,
        body=body,
        seeds=seeds,
        sampler_name=used,
        model=job.model_id,
        job_id=job.id,
        created=job.created_at,
    )
    document = {"images": images, "parameters": translate.parameters(body), "info": info}
    return JSONResponse(document, headers=headers)


def _failure(job: Job) -> ImagegateError:
    error = job_failure(job)  # the status its cause maps to (429 with Retry-After, 422, 502, …)
    error.headers = {**error.headers, JOB_ID_HEADER: job.id}
    return error


async def extra_single_image(svc: Services, key: ApiKey, body: ExtrasSingleImageBody, request: Request) -> Response:
    model_id = _upscaler(svc, body.upscaler_1)
    restorers = {spec.id: spec.name or spec.id for spec in svc.catalog.face_restorers.values()}
    upscale = extras.upscale(body, model_id, restorers)
    job = await submit_as(svc, key, upscale, extras.EXTRAS_FIELDS, response_format="b64_json")
    job = await run_sync(svc, key, job, request, timeout=svc.settings.dialect_timeout_s)
    if job.status is not JobStatus.succeeded:
        raise _failure(job)
    image = await image_b64(svc, job.images[0]) if job.images and body.show_extras_results is not False else None
    return JSONResponse(ExtrasSingleImageResponse(image=image).model_dump(), headers={JOB_ID_HEADER: job.id})


def _upscalers(svc: Services) -> list[ModelSpec]:
    return [spec for spec in svc.catalog if Task.upscale in spec.tasks]


def _upscaler(svc: Services, name: str | None) -> str:
    """A catalog upscaler by id, by its name, or as A1111 spells its built-in ones ("Lanczos",
    "R-ESRGAN 4x+"), in any case; an alias of the catalog works too."""
    choices = _upscalers(svc)
    if not name or name == "None":
        if not choices:
            raise InvalidRequest.for_field("upscaler_1", "this server has no upscaler model in its catalog")
        return choices[0].id
    wanted = name.strip().lower()
    source = translate.A1111_UPSCALERS.get(wanted)
    aliased = translate.checkpoint_id(name, svc.catalog.aliases)
    for spec in choices:
        if wanted in (spec.id.lower(), (spec.name or "").lower()) or spec.id == aliased or spec.source == source:
            return spec.id
    names = ", ".join(spec.id for spec in choices) or "none"
    raise InvalidRequest.for_field("upscaler_1", f"unknown upscaler '{name}'; available: {names}")


# -- the caller's own progress and interrupt -----------------------------------------------------


async def _active(svc: Services, key: ApiKey) -> list[Job]:
    jobs = await svc.jobs.list_jobs(key.id, status=[JobStatus.running, JobStatus.queued], limit=100)
    # Running first, then the oldest queued: the order they will finish in.
    return sorted(jobs, key=lambda j: (j.status is not JobStatus.running, j.created_at))


async def progress(svc: Services, key: ApiKey, *, skip_current_image: bool) -> ProgressResponse:
    active = await _active(svc, key)
    if not active:
        state = _state(None, 0, 0, 0)
        return ProgressResponse(progress=0, eta_relative=0, state=state)
    job = active[0]
    step, total = svc.scheduler.progress(job.id) or (job.progress_step, job.progress_total)
    if job.status is JobStatus.running and svc.scheduler.progress(job.id) is None:
        svc.bridge.watch(job.id)  # it runs in another process: ask it for live progress and previews
        live = svc.events.state(job.id)
        if live.total and live.step > step:
            step, total = live.step, live.total
    _, eta = await handlers.eta(svc, job)
    image = None
    if not skip_current_image:
        svc.events.request_previews(job.id)  # the engine draws previews only while someone wants them
        last = svc.events.last(job.id, "progress", having="preview")  # previews come every few steps
        preview = preview_b64(last.data.get("preview")) if last is not None else None
        image = preview[0] if preview else None
    return ProgressResponse(
        progress=round(step / total, 4) if total else 0.0,
        eta_relative=round(eta or 0.0, 3),
        state=_state(job, len(active), step, total),
        current_image=image,
        textinfo=None,
        current_task=job.id,
    )


def _state(job: Job | None, count: int, step: int, total: int) -> dict[str, Any]:
    return {
        "skipped": False,
        "interrupted": False,
        "stopping_generation": False,
        "job": job.id if job else "",
        "job_count": count,
        "job_timestamp": job.created_at.strftime("%Y%m%d%H%M%S") if job else "0",
        "job_no": 0,
        "sampling_step": step,
        "sampling_steps": total,
    }


async def interrupt(svc: Services, key: ApiKey) -> dict[str, Any]:
    """Stops the caller's running job(s) — never another key's."""
    for job in await _active(svc, key):
        if job.status is JobStatus.running:
            await cancel_quietly(svc, key, job)
    return {}


# -- options and catalogs -------------------------------------------------------------------------


# What GET /options answers for names a key never set (A1111's own defaults, where imagegate has them).
DEFAULT_OPTIONS: dict[str, Any] = {
    "sd_checkpoint_hash": None,
    "samples_format": "png",
    "CLIP_stop_at_last_layers": 1,
    "sd_vae": "Automatic",
    "eta_noise_seed_delta": 0,
    "send_seed": True,
    "send_size": True,
}


async def get_options(svc: Services, key: ApiKey) -> dict[str, Any]:
    stored = await A1111Options(svc.db).get(key.id)
    model = stored.checkpoint if stored.checkpoint and svc.catalog.get(stored.checkpoint) else svc.catalog.default_id
    return {**DEFAULT_OPTIONS, **stored.options, "sd_model_checkpoint": model}


async def set_options(svc: Services, key: ApiKey, body: dict[str, Any]) -> None:
    translate.check_options(body)
    state = A1111Options(svc.db)
    if "sd_model_checkpoint" in body:
        model_id = translate.checkpoint_id(str(body["sd_model_checkpoint"] or ""), svc.catalog.aliases)
        if model_id is None or svc.catalog.get(model_id) is None:
            raise UnknownModel.for_field(
                "sd_model_checkpoint",
                f"model '{body['sd_model_checkpoint']}' not found; /sdapi/v1/sd-models lists them",
            )
        await state.set_checkpoint(key.id, model_id)
    kept = {name: value for name, value in body.items() if name != "sd_model_checkpoint"}
    if kept:
        await state.merge_options(key.id, kept)


def sd_models(svc: Services) -> list[SDModelItem]:
    from pathlib import PurePath

    return [
        SDModelItem(title=spec.id, model_name=spec.id, filename=PurePath(spec.source).name)
        for spec in svc.catalog
        if any(task is not Task.upscale for task in spec.tasks)
    ]


def samplers() -> list[SamplerItem]:
    seen: dict[str, SamplerItem] = {}
    for choice in CHOICES:
        if choice.name in seen:
            continue
        options = {"scheduler": "karras"} if choice.overrides.get("use_karras_sigmas") else {}
        aliases = [choice.class_name, "k_" + normalize(choice.name)]
        seen[choice.name] = SamplerItem(name=choice.name, aliases=aliases, options=options)
    return list(seen.values())


def schedulers() -> list[SchedulerItem]:
    return [
        SchedulerItem(name="automatic", label="Automatic", default_rho=-1, need_inner_model=False),
        SchedulerItem(name="karras", label="Karras", default_rho=7.0, need_inner_model=False),
    ]


def upscalers(svc: Services) -> list[UpscalerItem]:
    return [UpscalerItem(name=spec.id, model_name=spec.name or spec.id, scale=4) for spec in _upscalers(svc)]


def loras(svc: Services) -> list[LoraItem]:
    """The catalog's LoRA adapters; a prompt uses one as ``<lora:id:weight>``."""
    return [
        LoraItem(
            name=spec.id,
            alias=spec.name or spec.id,
            metadata={"families": list(spec.families), "trigger_words": spec.trigger_words},
        )
        for spec in svc.catalog.loras.values()
    ]


def sd_vaes() -> list[SDVaeItem]:
    return []  # every model uses its own VAE; there are no separate ones to choose


def png_info(svc: Services, image: str) -> PngInfoResponse:
    """The text chunks of a PNG (A1111's ``parameters`` infotext, parsed; ours under ``imagegate``),
    read from the header by the one guarded opener: no pixel is decoded."""
    data = decode_base64_image(image, "image")
    with open_image(data, field="image", max_pixels=svc.settings.image_max_pixels) as opened:
        chunks = {str(k): v for k, v in opened.info.items() if isinstance(v, str)}
    text = chunks.pop("parameters", "")
    items: dict[str, Any] = dict(chunks)
    if "imagegate" in items:
        with contextlib.suppress(ValueError):
            items["imagegate"] = parse_json(items["imagegate"])
    return PngInfoResponse(info=text, items=items, parameters=infotext.parse_infotext(text) if text else {})
