"""``client.models``: the catalog of models this server offers."""

from __future__ import annotations

from imagegate.client._core import Api
from imagegate.client._flow import Flow, Resource, async_method, sync_method
from imagegate.client.types import Model


def list_(api: Api) -> Flow[list[Model]]:
    """Every model this server offers, with its tasks, defaults, limits and price."""
    data = yield from api.json("GET", "/v1/models")
    return [Model.model_validate(m) for m in data["data"]]


def retrieve(api: Api, model_id: str) -> Flow[Model]:
    """One model by id (``NotFoundError`` if the catalog has none by that id)."""
    data = yield from api.json("GET", f"/v1/models/{model_id}")
    return Model.model_validate(data)


class Models(Resource):
    """The model catalog. ``client.models``."""

    list = sync_method(list_)
    retrieve = sync_method(retrieve)


class AsyncModels(Resource):
    """The model catalog, for ``AsyncClient``. ``client.models``."""

    list = async_method(list_)
    retrieve = async_method(retrieve)
