"""What an attack on a real server found, each once a 500, a hang, unbounded memory or a leak; now a
clear 4xx on every surface. (The SSE resume past the end is in tests/client/test_sdk.py, the
delivery log of an interrupted webhook in tests/webhooks/test_outbox.py, ModelsLab's admin-only
model loading in tests/api/dialects/test_modelslab.py.)"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.images import b64, png_claiming
from tests.support.server import ServerProcess

# One route of each surface that takes a JSON body.
SURFACES = ["/v1/jobs", "/v1/images/generations", "/api/v6/images/text2img", "/sdapi/v1/txt2img"]


def code_of(response: httpx.Response) -> str:
    """The stable error code, wherever the surface's error body keeps it."""
    body = response.json()
    return str(body["error"]["code"] if isinstance(body.get("error"), dict) else body["code"])


@pytest.fixture(scope="module")
def key(edit_server: ServerProcess) -> str:
    return edit_server.new_key("hostile")


@pytest.fixture(scope="module")
def client(edit_server: ServerProcess, key: str) -> Iterator[httpx.Client]:
    with edit_server.client(key) as c:
        yield c


def raw_exchange(server: ServerProcess, head: str, body: bytes = b"", timeout: float = 10) -> bytes:
    """Send a request's head (and maybe a little body) on a bare socket; return what comes back."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(head.encode() + b"\r\n\r\n" + body)
        received = b""
        while b"\r\n\r\n" not in received or len(received) < received.index(b"\r\n\r\n") + 60:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        return received


# -- request bodies ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SURFACES)
def test_a_body_declared_too_large_is_refused_before_it_is_read_or_authenticated(
    edit_server: ServerProcess, path: str
) -> None:
    # 1 GiB announced, 10 bytes sent, no key: the answer comes at once (it once waited for the body,
    # then parsed it all and only then said 401).
    started = time.monotonic()
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {1 << 30}"
    answer = raw_exchange(edit_server, head, b'{"prompt":')
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"larger than 16777216 bytes" in answer and time.monotonic() - started < 5


def test_a_chunked_body_is_cut_off_at_the_limit(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"prompt": "x", "pad": "'
        for _ in range(20):
            yield b"a" * (1 << 20)  # 20 MiB in all, over the 16 MiB limit, without a Content-Length
        yield b'"}'

    response = client.post("/v1/jobs", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and code_of(response) == "payload_too_large"
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("path", SURFACES)
def test_deeply_nested_json_is_a_400(client: httpx.Client, path: str) -> None:
    nested = b'{"prompt": "x", "width": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"
    response = client.post(path, content=nested, headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 422), response.text  # A1111's malformed bodies are 422
    assert "nested deeper than 64 levels" in response.text


@pytest.mark.parametrize("path", SURFACES)
@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_json_does_not_have_are_refused_as_such(client: httpx.Client, path: str, number: str) -> None:
    body = '{"prompt": "x", "guidance_scale": NUMBER}'.replace("NUMBER", number)
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 422), response.text
    assert "should be less than" not in response.text and "not valid JSON" in response.text


def test_nan_in_a_multipart_field_is_not_a_number(client: httpx.Client) -> None:
    fields = {"prompt": (None, "x"), "guidance_scale": (None, "nan")}  # multipart/form-data, no file
    response = client.post("/v1/jobs", files=fields)
    assert response.status_code == 422 and "finite number" in response.text


# -- signed URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/v1/images/img_x/content", "/v1/images/img_x/converted/jpeg", "/api/v6/files/1-0.png"]
)
def test_a_non_ascii_signature_is_an_invalid_signature(edit_server: ServerProcess, path: str) -> None:
    params = {"expires": int(time.time()) + 600, "signature": "é☃\U0001f600"}
    response = httpx.get(edit_server.url + path, params=params)
    assert response.status_code == 403 and code_of(response) == "invalid_signature", response.text


# -- money -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (1e300, "less than or equal to 1000000000"),
        (True, "valid number"),
        ("5", "valid number"),
        (-1, "greater than or equal to 0"),
    ],
)
def test_budgets_are_bounded_numbers(edit_server: ServerProcess, value: Any, says: str) -> None:
    key_id = _key_id(edit_server, edit_server.new_key("budget"))
    with edit_server.client() as admin:
        response = admin.patch(f"/v1/keys/{key_id}/policy", json={"budget_daily": value})
        assert response.status_code == 422 and "budget_daily" in response.json()["detail"], response.text
        assert says in response.text
        assert admin.get(f"/v1/keys/{key_id}/policy").json()["budget_daily"] is None  # nothing was stored


def test_a_key_with_the_largest_budget_still_generates(edit_server: ServerProcess) -> None:
    token = edit_server.new_key("rich")
    with edit_server.client() as admin:
        patched = admin.patch(f"/v1/keys/{_key_id(edit_server, token)}/policy", json={"budget_monthly": 1e9})
        assert patched.status_code == 200 and patched.json()["budget_monthly"] == 1e9
    with edit_server.client(token) as c:
        body = {"prompt": "a red circle", "width": 64, "height": 64}
        job = c.post("/v1/jobs", json=body, headers={"Prefer": "wait=60"}).json()
        assert job["status"] == "succeeded", job


def _key_id(server: ServerProcess, token: str) -> str:
    with server.client() as admin:
        return str(next(k["id"] for k in admin.get("/v1/keys").json()["data"] if token.startswith(k["prefix"])))


# -- the rest ----------------------------------------------------------------------------------------


def test_png_info_refuses_a_decompression_bomb(client: httpx.Client) -> None:
    response = client.post("/sdapi/v1/png-info", json={"image": b64(png_claiming(30_000, 30_000))})
    assert response.status_code == 422 and code_of(response) == "image_too_large", response.text


def test_modelslab_fetch_of_another_keys_request_names_nothing_of_it(edit_server: ServerProcess, key: str) -> None:
    owner = edit_server.new_key("owner")
    created = httpx.post(
        f"{edit_server.url}/api/v6/images/text2img",
        json={"key": owner, "prompt": "a blue square", "width": 64, "height": 64, "instant_response": True},
        timeout=60,
    ).json()
    number = created["id"]
    mine = httpx.post(f"{edit_server.url}/api/v6/images/fetch/{number}", json={"key": owner}, timeout=60)
    assert mine.status_code == 200
    theirs = httpx.post(f"{edit_server.url}/api/v6/images/fetch/{number}", json={"key": key}, timeout=60)
    unknown = httpx.post(f"{edit_server.url}/api/v6/images/fetch/99999999", json={"key": key}, timeout=60)
    assert theirs.status_code == unknown.status_code == 404
    assert "job_" not in theirs.text and theirs.json()["message"] == f"no request with id {number}"


def test_modelslab_realtime_prompt_must_be_text(edit_server: ServerProcess, key: str) -> None:
    response = httpx.post(f"{edit_server.url}/api/v6/realtime/text2img", json={"key": key, "prompt": False})
    assert response.status_code == 400, response.text  # ModelsLab answers every invalid request 400
    assert response.json()["message"] == "prompt: must be text, not true/false"


@pytest.mark.parametrize("end", ["0", "1700000000", "yesterday"])
def test_usage_days_are_iso_dates(client: httpx.Client, end: str) -> None:
    response = client.get("/v1/usage", params={"end": end})
    assert response.status_code == 422 and "YYYY-MM-DD" in response.text, response.text
