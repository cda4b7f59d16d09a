"""Live previews: each family's latent layout and colour map, when previews are made, and how the
event history keeps their memory bounded."""

from __future__ import annotations

import io

import pytest
import torch
from PIL import Image

from imagegate.domain.jobs import Preview
from imagegate.domain.models import Family
from imagegate.engines.base import RunContext
from imagegate.engines.diffusers.families import FAMILIES
from imagegate.jobs.events import JobEvents


class _Pipe:
    vae_scale_factor = 8


def _unpacked_latents(family: Family, width: int, height: int) -> torch.Tensor:
    channels = 16 if family in (Family.sd3, Family.flux) else 4
    return torch.randn(1, channels, height // 8, width // 8, generator=torch.Generator().manual_seed(0))


def _as_pipeline_holds_them(family: Family, latents: torch.Tensor) -> torch.Tensor:
    if family is not Family.flux:
        return latents
    from diffusers import FluxPipeline

    b, c, h, w = latents.shape
    return FluxPipeline._pack_latents(latents, b, c, h, w)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_family_turns_its_latents_into_a_small_jpeg(family: Family) -> None:
    adapter = FAMILIES[family]
    width, height = 768, 512
    latents = _as_pipeline_holds_them(family, _unpacked_latents(family, width, height))
    preview = adapter.preview(_Pipe(), latents, width, height)
    image = Image.open(io.BytesIO(preview.data))
    assert image.format == "JPEG" and image.size == (preview.width, preview.height) == (256, 171)
    # The family's own colour map was used: it has a row per channel of the family's VAE.
    assert adapter.latent_rgb_factors is not None
    assert len(adapter.latent_rgb_factors) == _unpacked_latents(family, 8, 8).shape[1]


def test_flux_unpacking_restores_the_latent_exactly() -> None:
    latents = _unpacked_latents(Family.flux, 1024, 768)
    packed = _as_pipeline_holds_them(Family.flux, latents)
    assert packed.shape == (1, 48 * 64, 64)  # (h/2)·(w/2) tokens of 16 channels × 2 × 2
    restored = FAMILIES[Family.flux].unpack_latents(_Pipe(), packed, 1024, 768)
    assert torch.equal(restored, latents[0])


def test_the_colour_map_is_the_family_one_where_the_channels_fit() -> None:
    # A latent that is channel 0 only: the SD1 map sends it to that row's RGB (scaled to 0..255).
    latents = torch.zeros(1, 4, 8, 8)
    latents[:, 0] = 1.0
    image = Image.open(io.BytesIO(FAMILIES[Family.sd1].preview(_Pipe(), latents, 64, 64).data)).convert("RGB")
    r, g, b = image.getpixel((32, 32))
    expected = [round((v + 1) / 2 * 255) for v in (0.3512, 0.2297, 0.3227)]
    assert max(abs(a - e) for a, e in zip((r, g, b), expected, strict=True)) <= 6  # JPEG rounding
    # Four channels where the family expects 16 (a custom or tiny VAE): a generic view, not an error.
    odd = FAMILIES[Family.sd3].preview(_Pipe(), torch.randn(1, 4, 8, 8), 64, 64)
    assert Image.open(io.BytesIO(odd.data)).size == (64, 64)


def test_previews_are_made_only_while_someone_listens_and_every_few_steps() -> None:
    listening = False
    ctx = RunContext("job_x", wants_preview=lambda: listening, preview_every=5)
    assert [s for s in range(1, 21) if ctx.preview_due(s, 20)] == []  # nobody follows the job
    listening = True
    assert [s for s in range(1, 21) if ctx.preview_due(s, 20)] == [5, 10, 15]  # never the last step
    short = RunContext("job_y", wants_preview=lambda: True, preview_every=5)
    assert [s for s in range(1, 3) if short.preview_due(s, 2)] == [1]  # a 2-step job still shows one
    off = RunContext("job_z", wants_preview=lambda: True, preview_every=0)
    assert not any(off.preview_due(s, 20) for s in range(1, 21))


async def test_event_history_keeps_only_the_newest_preview_and_none_after_the_end() -> None:
    events = JobEvents()
    preview = Preview(data=b"\xff\xd8jpeg", width=8, height=8)
    events.publish("job_1", "started")
    events.publish("job_1", "progress", {"step": 1, "total": 3, "preview": preview})
    events.publish("job_1", "progress", {"step": 2, "total": 3, "preview": preview})
    with_preview = [e.seq for e in events.history("job_1") if "preview" in e.data]
    assert with_preview == [3]
    assert [e.data["step"] for e in events.history("job_1") if e.type == "progress"] == [1, 2]
    events.publish("job_1", "succeeded", {"status": "succeeded"})
    assert not any("preview" in e.data for e in events.history("job_1"))
    state = events.state("job_1")
    assert (state.phase, state.step, state.total, state.seq) == ("succeeded", 2, 3, 4)
    assert not events.listening("job_1")


def test_a_poller_can_ask_for_previews_for_a_while_without_following() -> None:
    events = JobEvents()
    assert not events.wants_previews("job_2")
    events.request_previews("job_2", for_s=60)
    assert events.wants_previews("job_2") and not events.listening("job_2")
    events.request_previews("job_2", for_s=-1)  # lapsed
    assert not events.wants_previews("job_2")
