"""No provider credential ever leaves the environment variable it was given in: not in logs, job
records, error bodies, stored files or metrics — searched for after exercising every provider,
including failures whose provider answers echo the key back."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Hosted
from tests.e2e.test_providers_e2e import PROVIDER_MODELS


def test_no_credential_appears_anywhere(hosted: Hosted) -> None:
    openai_key = hosted.secrets["IG_E2E_OPENAI_KEY"]
    stability_key = hosted.secrets["IG_E2E_STABILITY_KEY"]
    with hosted.client(hosted.server.new_key("leak-hunt")) as client:
        for model in PROVIDER_MODELS:
            assert hosted.job(client, {"model": model, "prompt": "leak check"})["status"] == "succeeded"
        # Providers that echo the key back in their errors: whole, or masked the way OpenAI does.
        hosted.fakes["stability"].override(
            "/generate/core", 400,
            {"id": "e", "name": "bad_request", "errors": [f"authorization: key {stability_key} is not allowed"]},
        )  # fmt: skip
        echoed = hosted.job(client, {"model": "stable-core", "prompt": "x"})
        assert echoed["error"]["code"] == "provider_rejected_request" and "[redacted]" in echoed["error"]["message"]
        masked = openai_key[:8] + "*" * 12 + openai_key[-4:]
        hosted.fakes["openai"].override(
            "/images/generations", 401,
            {"error": {"message": f"Incorrect API key provided: {masked}.", "type": "invalid_request_error",
                       "param": None, "code": "invalid_api_key"}},
        )  # fmt: skip
        denied = hosted.job(client, {"model": "gpt-image", "prompt": "x"})
        assert denied["error"]["code"] == "provider_auth_failed"
        assert hosted.job(client, {"model": "gpt-image-badkey", "prompt": "x"})["status"] == "failed"
        for path in ("/v1/models", "/v1/jobs?limit=100", "/readyz", "/openapi.json", "/metrics"):
            client.get(path)

    places: dict[str, bytes] = {"responses": "\n".join(hosted.responses).encode()}
    for file in Path(hosted.server.data_dir).rglob("*"):
        if file.is_file():
            places[str(file.relative_to(hosted.server.data_dir))] = file.read_bytes()
    assert any(name.startswith("imagegate.db") for name in places) and "server.log" in places
    assert b"HTTP Request: POST" in places["server.log"]  # the outbound calls were logged, at info level

    for env_name, secret in hosted.secrets.items():
        pieces = {secret.encode(), secret[-10:].encode(), secret[:14].encode()}
        for where, data in places.items():
            for piece in pieces:
                assert piece not in data, f"a piece of {env_name} leaked into {where}"
