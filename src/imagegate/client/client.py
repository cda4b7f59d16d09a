"""The imagegate Python SDK (synchronous client).

from imagegate.client import Client

client = Client(base_url="http://127.0.0.1:8000", api_key="ig_…")
job = client.jobs.create(prompt="a red circle on a blue background", seed=1)
job = client.jobs.wait(job["id"])
client.images.save(job["images"][0], "out.png")
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from imagegate.client.errors import APIConnectionError, APITimeoutError, JobFailedError, error_for

TERMINAL = ("succeeded", "failed", "canceled")
DEFAULT_URL = "http://127.0.0.1:8000"


class Client:
    """Talks to one imagegate server. ``base_url`` and ``api_key`` default to the
    ``IMAGEGATE_URL`` and ``IMAGEGATE_API_KEY`` environment variables."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = (base_url or os.environ.get("IMAGEGATE_URL") or DEFAULT_URL).rstrip("/")
        self.api_key = api_key or os.environ.get("IMAGEGATE_API_KEY")
        headers = {"User-Agent": "imagegate-python"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout, transport=transport)
        self.jobs = Jobs(self)
        self.models = Models(self)
        self.images = Images(self)
        self.keys = Keys(self)

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise APITimeoutError(f"{method} {path}: timed out") from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(f"{method} {path}: cannot reach {self.base_url}: {exc}") from exc
        if response.status_code >= 400:
            try:
                body: Any = response.json()
            except ValueError:
                body = response.text
            raise error_for(response.status_code, body, dict(response.headers))
        if response.headers.get("content-type", "").startswith("application/json"):
            return response.json()
        return response.content

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Jobs:
    def __init__(self, client: Client):
        self._client = client

    def create(
        self,
        *,
        prompt: str | None = None,
        idempotency_key: str | None = None,
        wait: float | None = None,
        **params: Any,
    ) -> dict[str, Any]:
        """Queue a generation job. ``params`` are the native API's fields (``model``, ``width``,
        ``num_inference_steps``, ``seed``, ``task``…). ``wait`` holds up to that many seconds."""
        body = {k: v for k, v in params.items() if v is not None}
        if prompt is not None:
            body["prompt"] = prompt
        headers = {}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if wait:
            headers["Prefer"] = f"wait={wait:g}"
        result: dict[str, Any] = self._client.request("POST", "/v1/jobs", json=body, headers=headers)
        return result

    def get(self, job_id: str) -> dict[str, Any]:
        """A job by id, with its progress, images and error."""
        result: dict[str, Any] = self._client.request("GET", f"/v1/jobs/{job_id}")
        return result

    def list(self, *, status: str | None = None, limit: int = 20, cursor: str | None = None) -> dict[str, Any]:
        """One page of your jobs, newest first."""
        params: dict[str, Any] = {"limit": limit}
        if status:
            params["status"] = status
        if cursor:
            params["cursor"] = cursor
        result: dict[str, Any] = self._client.request("GET", "/v1/jobs", params=params)
        return result

    def cancel(self, job_id: str) -> dict[str, Any]:
        """Cancel a queued or running job."""
        result: dict[str, Any] = self._client.request("DELETE", f"/v1/jobs/{job_id}")
        return result

    def wait(
        self,
        job_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 0.25,
        on_update: Callable[[dict[str, Any]], None] | None = None,
        raise_on_failure: bool = True,
    ) -> dict[str, Any]:
        """Poll until the job ends; ``on_update`` sees every state. Raises ``JobFailedError`` if it
        failed or was canceled (unless ``raise_on_failure`` is False)."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if on_update:
                on_update(job)
            if job["status"] in TERMINAL:
                if job["status"] != "succeeded" and raise_on_failure:
                    raise JobFailedError(job)
                return job
            if time.monotonic() > deadline:
                raise APITimeoutError(f"job {job_id} did not finish within {timeout:g} s")
            time.sleep(poll_interval)


class Models:
    def __init__(self, client: Client):
        self._client = client

    def list(self) -> list[dict[str, Any]]:
        """Every model this server offers."""
        data: list[dict[str, Any]] = self._client.request("GET", "/v1/models")["data"]
        return data

    def get(self, model_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._client.request("GET", f"/v1/models/{model_id}")
        return result


class Images:
    def __init__(self, client: Client):
        self._client = client

    def download(self, image: dict[str, Any]) -> bytes:
        """The bytes of an image object from a job (inline base64 if present, else its URL)."""
        if image.get("b64_json"):
            import base64

            return base64.b64decode(image["b64_json"])
        data: bytes = self._client.request("GET", f"/v1/images/{image['id']}/content")
        return data

    def save(self, image: dict[str, Any], path: str | Path) -> Path:
        """Write an image from a job to ``path``."""
        path = Path(path)
        path.write_bytes(self.download(image))
        return path


class Keys:
    """API key management; needs an admin key."""

    def __init__(self, client: Client):
        self._client = client

    def create(self, *, name: str, scopes: list[str] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"name": name}
        if scopes:
            body["scopes"] = scopes
        result: dict[str, Any] = self._client.request("POST", "/v1/keys", json=body)
        return result

    def list(self, *, include_revoked: bool = False) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = self._client.request(
            "GET", "/v1/keys", params={"include_revoked": include_revoked}
        )["data"]
        return data

    def revoke(self, key_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._client.request("DELETE", f"/v1/keys/{key_id}")
        return result
