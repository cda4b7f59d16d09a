"""``client.models``: the catalog of models this server offers, and (admin) adding, pulling,
changing and removing models at run time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from imagegate.client._core import Api
from imagegate.client._flow import (
    Close,
    Emit,
    EmitFlow,
    Flow,
    ReadLine,
    Resource,
    async_method,
    async_stream,
    sync_method,
    sync_stream,
    without_emits,
)
from imagegate.client._sse import SSEDecoder
from imagegate.client.types import Deleted, Model, PullEvent


def _path(model_id: str) -> str:
    return f"/v1/models/{quote(model_id, safe='/')}"


def list_(api: Api) -> Flow[list[Model]]:
    """Every model this server offers, with its tasks, defaults, limits and price (models being
    pulled too, with ``status`` ``downloading`` or ``failed``)."""
    data = yield from api.json("GET", "/v1/models")
    return [Model.model_validate(m) for m in data["data"]]


def retrieve(api: Api, model_id: str) -> Flow[Model]:
    """One model by id (``NotFoundError`` if the catalog has none by that id)."""
    data = yield from api.json("GET", _path(model_id))
    return Model.model_validate(data)


def create(
    api: Api,
    *,
    id: str,
    source: str,
    revision: str | None = None,
    variant: str | None = None,
    subfolder: str | None = None,
    sha256: str | None = None,
    config: str | None = None,
    family: str | None = None,
    tasks: Sequence[str] | None = None,
    defaults: dict[str, Any] | None = None,
    limits: dict[str, Any] | None = None,
    price: dict[str, Any] | None = None,
    name: str | None = None,
    description: str | None = None,
    license: str | None = None,
    tags: Sequence[str] | None = None,
) -> Flow[Model]:
    """Add a model (admin). A local path on the server is ready at once; a Hugging Face repo id or
    an http(s) URL of a ``.safetensors`` file starts a pull: the model is ``downloading`` until
    ``ready`` (follow it with ``stream`` or ``wait``).

    Args:
        id: The id requests will name.
        source: A hub repo id (``owner/name``), an http(s) URL or a path on the server.
        revision: Hub: branch, tag or commit.
        variant: Hub: weights variant (``fp16``).
        subfolder: Hub: the folder of the repo holding the pipeline.
        sha256: URLs: the file's checksum, verified after download.
        config: Single files: a diffusers folder or repo id with the component configs.
        family: ``sd1``, ``sd2``, ``sdxl``, ``sd3`` or ``flux``; read from the weights if omitted.
    """
    fields = {
        "id": id,
        "source": source,
        "revision": revision,
        "variant": variant,
        "subfolder": subfolder,
        "sha256": sha256,
        "config": config,
        "family": family,
        "tasks": list(tasks) if tasks is not None else None,
        "defaults": defaults,
        "limits": limits,
        "price": price,
        "name": name,
        "description": description,
        "license": license,
        "tags": list(tags) if tags is not None else None,
    }
    data = yield from api.json("POST", "/v1/models", json={k: v for k, v in fields.items() if v is not None})
    return Model.model_validate(data)


def update(api: Api, model_id: str, **changes: Any) -> Flow[Model]:
    """Change a model added at run time (admin): ``tasks``, ``defaults``, ``limits``, ``price``,
    ``tags``, ``license``, ``name``, ``description``…; file entries are read-only (``ConflictError``)."""
    data = yield from api.json("PATCH", _path(model_id), json=changes)
    return Model.model_validate(data)


def delete(api: Api, model_id: str, *, force: bool = False) -> Flow[Deleted]:
    """Remove a model added at run time and its pulled files (admin). Refused with
    ``ConflictError`` while jobs are queued or running for it, unless ``force`` cancels them."""
    params = {"force": "true"} if force else None
    data = yield from api.json("DELETE", _path(model_id), params=params)
    return Deleted.model_validate(data)


def load(api: Api, model_id: str) -> Flow[Model]:
    """Load a model into the server's memory now, so its first request does not wait (admin)."""
    data = yield from api.json("POST", f"{_path(model_id)}/load")
    return Model.model_validate(data)


def stream(api: Api, model_id: str) -> EmitFlow[PullEvent]:
    """Follow a pull: yields ``progress`` events (``bytes_done``, ``bytes_total``, ``rate_bps``,
    ``eta_s``) and ends after ``ready``, ``failed`` or ``removed``."""
    headers = {"Accept": "text/event-stream"}
    response = yield from api.request("GET", f"{_path(model_id)}/events", headers=headers, stream=True)
    decoder = SSEDecoder()
    while (line := (yield ReadLine(response))) is not None:
        sse = decoder.decode(line)
        if sse is None or not sse.data:
            continue
        event = PullEvent.model_validate_json(sse.data)
        if event.terminal:
            yield Close(response)
            yield Emit(event)
            return
        yield Emit(event)
    yield Close(response)


def wait(api: Api, model_id: str) -> Flow[Model]:
    """Block until a pull ends; returns the model (``status`` ``ready`` or ``failed``)."""
    yield from without_emits(stream(api, model_id), lambda event: event.terminal)
    return (yield from retrieve(api, model_id))


class Models(Resource):
    """The model catalog. ``client.models``."""

    list = sync_method(list_)
    retrieve = sync_method(retrieve)
    create = sync_method(create)
    update = sync_method(update)
    delete = sync_method(delete)
    load = sync_method(load)
    stream = sync_stream(stream)
    wait = sync_method(wait)


class AsyncModels(Resource):
    """The model catalog, for ``AsyncClient``. ``client.models``."""

    list = async_method(list_)
    retrieve = async_method(retrieve)
    create = async_method(create)
    update = async_method(update)
    delete = async_method(delete)
    load = async_method(load)
    stream = async_stream(stream)
    wait = async_method(wait)
