"""The documented size mappings, error classification and credential redaction."""

from __future__ import annotations

import pytest

from imagegate.engines.remote import sizes
from imagegate.engines.remote.errors import Redactor, classify
from imagegate.errors import (
    ContentModerated,
    ProviderAuthError,
    ProviderError,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
    falls_back,
)

OPENAI = ((1024, 1024), (1536, 1024), (1024, 1536))


@pytest.mark.parametrize(("width", "height", "expected"), [
    (512, 512, "1:1"), (1920, 1080, "16:9"), (1080, 1920, "9:16"), (1200, 800, "3:2"), (2560, 1080, "21:9"),
    (1000, 1000, "1:1"), (1024, 1280, "4:5"),
])  # fmt: skip
def test_nearest_aspect_ratio(width: int, height: int, expected: str) -> None:
    ratios = ("21:9", "16:9", "3:2", "5:4", "1:1", "4:5", "2:3", "9:16", "9:21")
    assert sizes.nearest_aspect(width, height, ratios) == expected


def test_nearest_size_prefers_the_ratio_then_the_area() -> None:
    assert sizes.nearest_size(512, 512, OPENAI) == (1024, 1024)
    assert sizes.nearest_size(1920, 1080, OPENAI) == (1536, 1024)
    assert sizes.nearest_size(600, 1000, OPENAI) == (1024, 1536)
    assert sizes.nearest_size(300, 300, ((256, 256), (512, 512), (1024, 1024))) == (256, 256)


def test_fit_pixels_rounds_clamps_and_caps_area() -> None:
    assert sizes.fit_pixels(1000, 696, multiple=32, low=256, high=1440) == (992, 704)
    assert sizes.fit_pixels(100, 4000, multiple=32, low=256, high=1440) == (256, 1440)
    width, height = sizes.fit_pixels(4096, 4096, multiple=16, low=64, high=4096, max_pixels=4_000_000)
    assert width * height <= 4_000_000 and width == height and width % 16 == 0


def test_classification() -> None:
    def c(status: int, **kw: object) -> object:
        return classify("p", status, "msg", credential_env="ENV", **kw)  # type: ignore[arg-type]

    assert isinstance(c(400, moderation=True), ContentModerated)
    auth = c(401)
    assert isinstance(auth, ProviderAuthError) and "ENV" in auth.message and auth.status == 502
    assert isinstance(c(403), ProviderAuthError)
    assert c(402).code == "provider_payment_required"  # type: ignore[attr-defined]
    limited = c(429, retry_after=3.0)
    assert isinstance(limited, ProviderRateLimited) and limited.retry_after == 3.0
    assert isinstance(c(408), ProviderTimeout)
    assert isinstance(c(422), ProviderRejected) and not falls_back(c(422))  # type: ignore[arg-type]
    down = c(503)
    assert isinstance(down, ProviderError) and down.code == "provider_unavailable" and falls_back(down)
    assert falls_back(limited) and falls_back(auth) and not falls_back(c(400, moderation=True))  # type: ignore[arg-type]


def test_redaction_removes_whole_partial_and_masked_keys() -> None:
    secret = "sk-proj-Abc123Def456Ghi789"
    redact = Redactor(secret)
    assert secret not in redact(f"key {secret} refused")
    assert "Abc123Def456" not in redact("key ending Abc123Def456 refused")
    assert redact("Incorrect API key provided: sk-pro**********i789.") == "Incorrect API key provided: [redacted]"
    assert redact("nothing secret here, only words") == "nothing secret here, only words"
    assert Redactor(None)("sk-ab***yz stays masked") == "[redacted] stays masked"
