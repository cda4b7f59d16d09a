"""Stable Diffusion 3.x: MMDiT transformer, CLIP-L + CLIP-G + T5, flow matching, 1024 px."""

from __future__ import annotations

from typing import ClassVar

from imagegate.domain.models import Family
from imagegate.domain.requests import Task
from imagegate.engines.diffusers.families.base import FamilyAdapter


class SD3(FamilyAdapter):
    family = Family.sd3
    pipelines: ClassVar[dict[Task, str]] = {Task.txt2img: "StableDiffusion3Pipeline"}
    native_size = 1024
    flow_matching = True
    size_multiple = 16
