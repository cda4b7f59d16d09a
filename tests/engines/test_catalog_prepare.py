"""Catalog entries for hosted models and routes are checked at start-up, with messages naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from imagegate.config import Catalog
from imagegate.domain.models import ModelSpec
from imagegate.engines.registry import prepare_catalog
from imagegate.errors import ConfigError

LOCAL = {"id": "local", "source": "/models/sd"}
OPENAI = {"id": "oa", "engine": "openai", "source": "gpt-image-1", "provider": {"api_key_env": "OPENAI_API_KEY"}}


def prepared(*entries: dict[str, Any]) -> Catalog:
    specs = {e["id"]: ModelSpec.model_validate(e) for e in entries}
    return prepare_catalog(Catalog(models=specs, default_id=None))


@pytest.mark.parametrize(("entry", "message"), [
    ({**OPENAI, "provider": None}, "provider: required"),
    ({**OPENAI, "provider": {}}, "provider.api_key_env: required"),
    ({**OPENAI, "provider": {"api_key_env": "K", "base_url": "ftp://x"}}, "provider.base_url"),
    ({**OPENAI, "provider": {"api_key_env": "K", "inputs": {"seed": "seed"}}}, "fixed API"),
    ({**OPENAI, "provider": {"api_key_env": "K", "drop": ["colour"]}}, "provider.drop: unknown parameter"),
    ({**OPENAI, "source": "dall-e-3", "tasks": ["img2img"]}, "cannot do img2img"),
    ({**OPENAI, "engine": "stability", "source": "turbo-xl"}, "unknown Stability endpoint"),
    ({**OPENAI, "engine": "replicate", "source": "flux"}, "not owner/name"),
    ({**OPENAI, "engine": "fal", "provider": {"api_key_env": "K", "inputs": {"seed": "seed"}}}, "must map 'prompt'"),
])  # fmt: skip
def test_bad_provider_entries_are_refused(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        prepared(entry)


def test_a_credential_value_is_not_a_variable_name() -> None:
    with pytest.raises(ValueError, match="api_key_env"):
        ModelSpec.model_validate({**OPENAI, "provider": {"api_key_env": "sk-abc123"}})


@pytest.mark.parametrize(("route", "message"), [
    ({"targets": [{"model": "nope"}]}, "no model 'nope'"),
    ({"targets": [{"model": "oa"}, {"model": "oa"}]}, "listed twice"),
    ({"targets": [{"model": "r0"}]}, "routes do not nest"),
])  # fmt: skip
def test_bad_routes_are_refused(route: dict[str, Any], message: str) -> None:
    nested = {"id": "r0", "engine": "route", "route": {"targets": [{"model": "oa"}]}}
    with pytest.raises(ConfigError, match=message):
        prepared(OPENAI, nested, {"id": "r", "engine": "route", "route": route})


def test_a_local_model_takes_no_provider_table() -> None:
    with pytest.raises(ConfigError, match="only hosted-provider engines"):
        prepared({**LOCAL, "provider": {"api_key_env": "K"}})


def test_route_engine_and_table_go_together() -> None:
    with pytest.raises(ConfigError, match="route: required"):
        prepared({"id": "r", "engine": "route", "source": "x"})
    with pytest.raises(ConfigError, match="only routes"):
        prepared({**LOCAL, "route": {"targets": [{"model": "oa"}]}})
    with pytest.raises(ConfigError, match="no target can do img2img"):
        prepared(OPENAI, {"id": "r", "engine": "route", "tasks": ["img2img"], "route": {"targets": [{"model": "oa"}]}})


def test_prepared_entries_know_what_they_take() -> None:
    catalog = prepared(
        LOCAL,
        OPENAI,
        {"id": "bfl", "engine": "bfl", "source": "flux-dev", "provider": {"api_key_env": "BFL"},
         "defaults": {"width": 1024, "height": 768}},
        {"id": "r", "engine": "route", "route": {"targets": [{"model": "bfl"}, {"model": "local"}]}},
    )  # fmt: skip
    assert catalog.models["local"].params is None  # local models take everything
    assert catalog.models["oa"].params == []
    assert catalog.models["bfl"].params == ["guidance_scale", "num_inference_steps", "seed"]
    route = catalog.models["r"]
    assert route.params == [] and (route.defaults.width, route.defaults.height) == (1024, 768)  # first target's size
