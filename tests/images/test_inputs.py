"""Image inputs at admission: every accepted form, every refusal naming the field, content addressing."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imagegate.errors import InvalidRequest
from imagegate.images.inputs import ImageInputs
from imagegate.net.guard import UrlPolicy
from imagegate.storage.blobs import LocalBlobStore
from tests.support.http_peer import HttpPeer, ImagePeer, Recorded, Reply
from tests.support.images import b64, decode_png, encoded, png_bytes, scene

PNG = png_bytes(scene(32, 24))


@pytest.fixture
def peer() -> ImagePeer:
    with ImagePeer() as running:
        running.routes["/a.png"] = Reply(body=PNG, headers={"Content-Type": "image/png"})
        yield running


@pytest.fixture
async def inputs(tmp_path: Path, peer: ImagePeer) -> AsyncIterator[ImageInputs]:
    service = ImageInputs(
        LocalBlobStore(tmp_path / "blobs"),
        policy=UrlPolicy.from_entries([f"127.0.0.1:{peer.port}"]),
        max_bytes=200_000,
        max_pixels=512 * 512,
        fetch_timeout_s=5,
    )
    yield service
    await service.close()


async def refused(inputs: ImageInputs, value: str | bytes, field: str = "init_image") -> InvalidRequest:
    with pytest.raises(InvalidRequest) as caught:
        await inputs.admit(value, field=field)
    assert caught.value.param == field
    return caught.value


async def test_every_accepted_form_gives_the_same_reference(inputs: ImageInputs, peer: ImagePeer) -> None:
    text = base64.b64encode(PNG).decode()
    forms: list[str | bytes] = [
        PNG,
        text,
        b64(PNG, data_url="image/png"),
        "\n".join(text[i : i + 76] for i in range(0, len(text), 76)),  # MIME line breaks
        text.rstrip("="),  # padding left out
        base64.urlsafe_b64encode(PNG).decode(),
        f"{peer.url}/a.png",
    ]
    refs = {(await inputs.admit(form, field="init_image")).ref for form in forms}
    assert len(refs) == 1
    (ref,) = refs
    assert ref.startswith("blob:") and len(ref) == 5 + 64
    again = await inputs.admit(ref, field="init_image")  # a stored image can be named again
    assert again.ref == ref and (again.width, again.height) == (32, 24)
    assert decode_png(await inputs.blobs.get(again.digest)).size == (32, 24)


async def test_jpeg_is_stored_as_png(inputs: ImageInputs) -> None:
    stored = await inputs.admit(b64(encoded(scene(32, 24), "JPEG")), field="image")
    assert (await inputs.blobs.get(stored.digest)).startswith(b"\x89PNG")


async def test_check_stores_nothing_until_asked(inputs: ImageInputs) -> None:
    decoded = await inputs.check(PNG, field="image")
    assert not await inputs.blobs.exists(decoded.stored.digest)
    await inputs.store(decoded.stored)
    assert await inputs.blobs.exists(decoded.stored.digest)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("not base64 at all!", "invalid_base64"),
        ("aGVsbG8gd29ybGQ=", "unsupported_image"),  # "hello world"
        ("data:image/png,abc", "invalid_image"),  # not base64
        ("data:image/gif;base64,R0lGODlh", "unsupported_image"),
        ("data:text/plain;base64,aGk=", "unsupported_image"),
        ("file:///etc/passwd", "invalid_url"),
        ("ftp://example.org/a.png", "invalid_url"),
        ("blob:1234", "invalid_image"),
        ("blob:" + "0" * 64, "invalid_image"),  # well-formed, but nothing stored under it
    ],
)
async def test_bad_values(inputs: ImageInputs, value: str, code: str) -> None:
    assert (await refused(inputs, value)).code == code


async def test_size_caps(inputs: ImageInputs, peer: ImagePeer) -> None:
    noise = np.random.default_rng(0).integers(0, 256, (300, 300, 3), dtype=np.uint8)
    big = png_bytes(Image.fromarray(noise))  # noise does not compress
    assert len(big) > 200_000
    assert (await refused(inputs, big)).code == "image_too_large"
    assert (await refused(inputs, b64(big))).code == "image_too_large"
    peer.routes["/big.png"] = Reply(body=big, headers={"Content-Type": "image/png"})
    assert (await refused(inputs, f"{peer.url}/big.png")).code == "url_too_large"
    assert (await refused(inputs, png_bytes(scene(513, 512)))).code == "image_too_large"  # pixel cap


async def test_urls_to_internal_addresses_are_refused(inputs: ImageInputs, peer: ImagePeer) -> None:
    with ImagePeer() as internal:
        internal.routes["/secret.png"] = Reply(body=PNG)
        error = await refused(inputs, f"{internal.url}/secret.png")  # 127.0.0.1, port not allowlisted
        assert error.code == "url_refused"
        assert (await refused(inputs, f"http://localhost:{internal.port}/secret.png")).code == "url_refused"
        peer.routes["/hop"] = Reply(status=302, headers={"Location": f"{internal.url}/secret.png"})
        assert (await refused(inputs, f"{peer.url}/hop")).code == "url_refused"
        assert internal.requests == []  # never contacted, not even through the redirect
    assert (await refused(inputs, f"{peer.url}/missing.png")).code == "url_fetch_failed"


async def test_slow_url_times_out(tmp_path: Path) -> None:
    import time

    def slow(request: Recorded) -> Reply:
        time.sleep(1.5)
        return Reply(body=PNG)

    with HttpPeer(slow) as peer:
        service = ImageInputs(
            LocalBlobStore(tmp_path),
            policy=UrlPolicy.from_entries([f"127.0.0.1:{peer.port}"]),
            max_bytes=200_000,
            max_pixels=1 << 20,
            fetch_timeout_s=0.5,
        )
        try:
            assert (await refused(service, f"{peer.url}/a.png")).code == "url_fetch_failed"
        finally:
            await service.close()


async def test_mask_from_alpha_for_openai_style_masks(inputs: ImageInputs) -> None:
    rgba = Image.new("RGBA", (8, 8), (0, 0, 0, 255))
    rgba.paste((0, 0, 0, 0), (0, 0, 4, 8))  # the transparent left half is what to repaint
    stored = await inputs.admit_mask_from_alpha(png_bytes(rgba), field="mask")
    mask = np.asarray(decode_png(await inputs.blobs.get(stored.digest)))
    assert stored.mode == "L" and (mask[:, :4] == 255).all() and (mask[:, 4:] == 0).all()
    assert (await refused_mask(inputs, png_bytes(Image.new("RGB", (8, 8))))).code == "empty_mask"


async def refused_mask(inputs: ImageInputs, value: bytes) -> InvalidRequest:
    with pytest.raises(InvalidRequest) as caught:
        await inputs.admit_mask_from_alpha(value, field="mask")
    return caught.value
