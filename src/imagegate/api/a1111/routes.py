"""AUTOMATIC1111 dialect: point A1111 clients (bots, front-ends, editor plug-ins) at
``http(s)://<host>`` as their A1111 URL; authenticate with HTTP Basic (any user name, the API key as
password) or Bearer. Errors render as A1111's ``{error, detail, body, errors}``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from imagegate.admission.keys import ApiKey, Scope
from imagegate.api.a1111 import lists
from imagegate.api.a1111 import serving as handlers
from imagegate.api.a1111.wire import (
    A1111Error,
    ExtrasSingleImageBody,
    ExtrasSingleImageResponse,
    GenerationResponse,
    Img2ImgBody,
    LoraItem,
    PngInfoBody,
    PngInfoResponse,
    ProgressResponse,
    SamplerItem,
    SchedulerItem,
    SDModelItem,
    SDVaeItem,
    Txt2ImgBody,
    UpscalerItem,
)
from imagegate.api.common.json_body import JsonRoute
from imagegate.api.deps import ServicesDep
from imagegate.errors import AuthenticationError, ImagegateError, InvalidRequest, PermissionDenied


async def _key(request: Request, svc: ServicesDep) -> ApiKey:
    return await handlers.current_key(svc, request)


A1111Key = Annotated[ApiKey, Depends(_key)]


async def _generate_key(key: A1111Key) -> ApiKey:
    if not key.has(Scope.generate):
        raise PermissionDenied("generating images needs an API key with the 'generate' scope")
    return key


A1111GenerateKey = Annotated[ApiKey, Depends(_generate_key)]

ERROR_PREFIXES = ("/sdapi/",)
ERROR_MODEL = A1111Error  # what render_error answers, for the OpenAPI document

router = APIRouter(prefix="/sdapi/v1", tags=["automatic1111"], route_class=JsonRoute)


@router.post("/txt2img", response_model=GenerationResponse, summary="Text to image (A1111)")
async def txt2img(
    body: Annotated[Txt2ImgBody, Body()], key: A1111GenerateKey, svc: ServicesDep, request: Request
) -> Response:
    """Waits for the job; ``info.job_id`` (and the ``X-Imagegate-Job-Id`` header) name it for
    ``GET /v1/jobs/{id}``. ControlNet comes through ``alwayson_scripts.controlnet``."""
    return await handlers.txt2img(svc, key, body, request)


@router.post("/img2img", response_model=GenerationResponse, summary="Image to image, or inpainting with a mask (A1111)")
async def img2img(
    body: Annotated[Img2ImgBody, Body()], key: A1111GenerateKey, svc: ServicesDep, request: Request
) -> Response:
    """Image to image, or inpainting when ``mask`` is sent; waits for the job like A1111 does.
    ``info.job_id`` names the job for ``GET /v1/jobs/{id}``."""
    return await handlers.img2img(svc, key, body, request)


@router.post("/extra-single-image", response_model=ExtrasSingleImageResponse, summary="Upscale one image (A1111)")
async def extra_single_image(
    body: Annotated[ExtrasSingleImageBody, Body()], key: A1111GenerateKey, svc: ServicesDep, request: Request
) -> Response:
    """Upscale one image with a catalog upscaler (``upscaler_1``, ``upscaling_resize`` 2 or 4)."""
    return await handlers.extra_single_image(svc, key, body, request)


@router.post("/png-info", response_model=PngInfoResponse, summary="Generation parameters stored in a PNG")
async def png_info(body: Annotated[PngInfoBody, Body()], key: A1111Key, svc: ServicesDep) -> PngInfoResponse:
    """The generation parameters stored in a PNG's text chunks (A1111's infotext, parsed; imagegate's own
    under ``imagegate``). Reads the header only."""
    return handlers.png_info(svc, body.image)


@router.get("/progress", response_model=ProgressResponse, summary="Progress of your current job")
async def progress(
    key: A1111Key, svc: ServicesDep, skip_current_image: Annotated[bool, Query()] = False
) -> ProgressResponse:
    """Only the calling key's jobs: another key's work is never visible here."""
    return await handlers.progress(svc, key, skip_current_image=skip_current_image)


@router.post("/interrupt", summary="Stop your running job")
async def interrupt(key: A1111Key, svc: ServicesDep) -> dict[str, Any]:
    """Only the calling key's running job stops; its waiting txt2img call answers with no images."""
    return await handlers.interrupt(svc, key)


@router.get("/options", summary="Your options (sd_model_checkpoint is the model your requests use)")
async def get_options(key: A1111Key, svc: ServicesDep) -> dict[str, Any]:
    """The options A1111 clients read, notably ``sd_model_checkpoint``: the model your key's generations
    use."""
    return await handlers.get_options(svc, key)


@router.post("/options", summary="Set your options: the model (sd_model_checkpoint) and any other")
async def set_options(body: Annotated[dict[str, Any], Body()], key: A1111Key, svc: ServicesDep) -> None:
    """Kept per API key (A1111 keeps one global set; here one client cannot switch another's model).
    ``sd_model_checkpoint`` picks the model of your later requests; an option that changes how
    images are made (``CLIP_stop_at_last_layers``, ``sd_vae``, …) is taken only at the value this
    server uses; any other (``send_seed``, …) is kept and answered back by ``GET /options``."""
    await handlers.set_options(svc, key, body)


@router.get("/sd-models", response_model=list[SDModelItem], summary="Models")
async def sd_models(key: A1111Key, svc: ServicesDep) -> list[SDModelItem]:
    """The catalog's text-to-image models as A1111 checkpoints (``title``, ``model_name``)."""
    return handlers.sd_models(svc)


@router.get("/samplers", response_model=list[SamplerItem], summary="Samplers")
async def samplers(key: A1111Key) -> list[SamplerItem]:
    """The samplers a request may name (A1111 names, mapped to diffusers schedulers)."""
    return handlers.samplers()


@router.get("/schedulers", response_model=list[SchedulerItem], summary="Schedule types")
async def schedulers(key: A1111Key) -> list[SchedulerItem]:
    """The noise schedules a request may name (``scheduler``: Karras, Exponential, …)."""
    return handlers.schedulers()


@router.get("/upscalers", response_model=list[UpscalerItem], summary="Upscalers")
async def upscalers(key: A1111Key, svc: ServicesDep) -> list[UpscalerItem]:
    """The catalog's upscalers, by the names ``upscaler_1`` takes."""
    return handlers.upscalers(svc)


@router.get("/loras", response_model=list[LoraItem], summary="LoRA adapters")
async def loras(key: A1111Key, svc: ServicesDep) -> list[LoraItem]:
    """The catalog's LoRA adapters, for ``<lora:name:weight>`` in prompts."""
    return handlers.loras(svc)


@router.get("/sd-vae", response_model=list[SDVaeItem], summary="Separate VAEs")
async def sd_vae(key: A1111Key) -> list[SDVaeItem]:
    """Always empty: every model uses its own VAE."""
    return handlers.sd_vaes()


@router.get("/cmd-flags", summary="Command-line flags (as an A1111 started with --api --nowebui)")
async def cmd_flags(key: A1111Key, svc: ServicesDep) -> dict[str, Any]:
    """What clients check at start (``api``, ``nowebui``, ``listen``, ``port``); no paths or secrets."""
    return lists.cmd_flags(svc)


@router.get("/hypernetworks", summary="Hypernetworks (none)")
async def hypernetworks(key: A1111Key) -> list[dict[str, Any]]:
    """Always empty: imagegate applies LoRAs (``/sdapi/v1/loras``), not hypernetworks."""
    return []


@router.get("/face-restorers", summary="Face restorers of the catalog")
async def face_restorers(key: A1111Key, svc: ServicesDep) -> list[dict[str, Any]]:
    """The catalog's ``[[face_restorers]]`` (GFPGAN, CodeFormer): ``restore_faces: true`` uses the first,
    the extras' ``gfpgan_visibility``/``codeformer_visibility`` the one of that kind. Empty when none
    is installed; ``restore_faces`` is then refused with a message saying how to add one."""
    return lists.face_restorers(svc)


@router.get("/realesrgan-models", summary="Real-ESRGAN models of the catalog")
async def realesrgan_models(key: A1111Key, svc: ServicesDep) -> list[dict[str, Any]]:
    """The catalog's Real-ESRGAN upscalers (``/sdapi/v1/upscalers`` lists every upscaler)."""
    return lists.realesrgan_models(svc)


@router.get("/prompt-styles", summary="Prompt styles (none)")
async def prompt_styles(key: A1111Key) -> list[dict[str, Any]]:
    """Always empty: ``styles`` in a request are refused; put the text in the prompt."""
    return []


@router.get("/embeddings", summary="Textual-inversion embeddings (none)")
async def embeddings(key: A1111Key) -> dict[str, Any]:
    """Always empty (A1111's shape: ``loaded`` and ``skipped``)."""
    return {"loaded": {}, "skipped": {}}


@router.get("/scripts", summary="Scripts a request may name")
async def scripts(key: A1111Key) -> dict[str, list[str]]:
    """ControlNet, through ``alwayson_scripts.controlnet``; ``script_name`` scripts are refused."""
    return lists.scripts()


@router.get("/script-info", summary="Scripts and their arguments")
async def script_info(key: A1111Key) -> list[dict[str, Any]]:
    """The scripts of ``/scripts``, always-on, for txt2img and img2img."""
    return lists.script_info()


@router.get("/extensions", summary="Extensions (none)")
async def extensions(key: A1111Key) -> list[dict[str, Any]]:
    """Always empty: ControlNet is built in, not an extension."""
    return []


@router.get("/memory", summary="Memory (RAM; CUDA when a GPU is in use)")
async def memory(key: A1111Key) -> dict[str, Any]:
    """RAM in bytes (``free``, ``used``, ``total``) and, with a CUDA device, its memory."""
    return lists.memory()


@router.post("/refresh-checkpoints", summary="Re-read the checkpoints added at run time")
async def refresh_checkpoints(key: A1111Key, svc: ServicesDep) -> None:
    """Re-reads the models added at run time (POST /v1/models) now instead of at the next refresh;
    the catalog files are read when the server starts. ``/sd-models`` lists them."""
    await svc.live_catalog.refresh(force=True)


@router.post("/refresh-loras", summary="Re-read the LoRAs added at run time")
async def refresh_loras(key: A1111Key, svc: ServicesDep) -> None:
    """Re-reads the LoRAs added at run time (POST /v1/loras) now; ``/loras`` lists them."""
    await svc.live_catalog.refresh(force=True)


def _loc(field: str) -> list[str | int]:
    return ["body", *(int(p) if p.isdigit() else p for p in field.split("."))]


def render_error(request: Request, exc: ImagegateError) -> Response:
    """A1111's error body. Validation errors carry FastAPI's ``detail`` list (what A1111 clients see
    on a 422); everything else a message. ``code`` is imagegate's stable error code."""
    detail: Any = exc.message
    if isinstance(exc, InvalidRequest) and exc.errors:
        detail = [{"loc": _loc(e.field), "msg": e.message, "type": exc.code} for e in exc.errors]
    headers = dict(exc.headers)
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = 'Basic realm="imagegate"'
    body = {"error": type(exc).__name__, "detail": detail, "body": "", "errors": exc.message, "code": exc.code}
    return JSONResponse(body, status_code=exc.status, headers=headers)
