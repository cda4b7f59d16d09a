"""Helpers for end-to-end tests of the image tasks against a running server."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import numpy as np

from tests.support.images import decode_png


def run(client: httpx.Client, body: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Submit a job, wait for it, and insist that it succeeded."""
    response = client.post(
        "/v1/jobs", json={"response_format": "b64_json", **body}, headers={"Prefer": "wait=60"}, **kwargs
    )
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()
    assert job["status"] == "succeeded", job
    return job


def pixels(image: dict[str, Any]) -> np.ndarray:
    return np.asarray(decode_png(base64.b64decode(image["b64_json"])))


def images(job: dict[str, Any], kind: str = "image") -> list[np.ndarray]:
    return [pixels(img) for img in job["images"] if img["kind"] == kind]
