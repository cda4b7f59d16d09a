"""Samplers by name: diffusers class names and the names AUTOMATIC1111 users know.

Names are matched loosely: case, spaces, ``_``, ``-`` and a ``k_`` prefix are ignored and ``+`` reads as
``p``, so "DPM++ 2M Karras", "dpmpp_2m_karras" and "k_dpmpp_2m_karras" are the same sampler.
Flow-matching families (SD3, FLUX) train on a different noise schedule and accept only the
flow-matching Euler sampler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from imagegate.errors import InvalidRequest


@dataclass(frozen=True)
class SchedulerChoice:
    name: str  # the display name
    class_name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    flow: bool = False
    requires: str | None = None  # an optional package the class needs


_KARRAS = {"use_karras_sigmas": True}

CHOICES: tuple[SchedulerChoice, ...] = (
    SchedulerChoice("Euler", "EulerDiscreteScheduler"),
    SchedulerChoice("Euler a", "EulerAncestralDiscreteScheduler"),
    SchedulerChoice("Heun", "HeunDiscreteScheduler"),
    SchedulerChoice("LMS", "LMSDiscreteScheduler", requires="scipy"),
    SchedulerChoice("LMS Karras", "LMSDiscreteScheduler", _KARRAS, requires="scipy"),
    SchedulerChoice("DPM2", "KDPM2DiscreteScheduler"),
    SchedulerChoice("DPM2 Karras", "KDPM2DiscreteScheduler", _KARRAS),
    SchedulerChoice("DPM2 a", "KDPM2AncestralDiscreteScheduler"),
    SchedulerChoice("DPM2 a Karras", "KDPM2AncestralDiscreteScheduler", _KARRAS),
    SchedulerChoice("DPM++ 2M", "DPMSolverMultistepScheduler", {"algorithm_type": "dpmsolver++"}),
    SchedulerChoice("DPM++ 2M Karras", "DPMSolverMultistepScheduler", {"algorithm_type": "dpmsolver++", **_KARRAS}),
    SchedulerChoice("DPM++ 2M SDE", "DPMSolverMultistepScheduler", {"algorithm_type": "sde-dpmsolver++"}),
    SchedulerChoice(
        "DPM++ 2M SDE Karras", "DPMSolverMultistepScheduler", {"algorithm_type": "sde-dpmsolver++", **_KARRAS}
    ),
    SchedulerChoice("DPM++ SDE", "DPMSolverSDEScheduler", requires="torchsde"),
    SchedulerChoice("DPM++ SDE Karras", "DPMSolverSDEScheduler", _KARRAS, requires="torchsde"),
    SchedulerChoice("DPM++ 2S", "DPMSolverSinglestepScheduler"),
    SchedulerChoice("DDIM", "DDIMScheduler"),
    SchedulerChoice("DDPM", "DDPMScheduler"),
    # Without skip_prk_steps, PNDM's Runge-Kutta warm-up needs more steps than a short run has
    # (fewer than 4 steps failed inside the pipeline); A1111's PLMS skips it too.
    SchedulerChoice("PLMS", "PNDMScheduler", {"skip_prk_steps": True}),
    SchedulerChoice("UniPC", "UniPCMultistepScheduler"),
    SchedulerChoice("DEIS", "DEISMultistepScheduler"),
    SchedulerChoice("LCM", "LCMScheduler"),
    SchedulerChoice("Euler", "FlowMatchEulerDiscreteScheduler", flow=True),
)


def normalize(name: str) -> str:
    name = name.strip().lower().replace("+", "p")
    if name.startswith("k_"):
        name = name[2:]
    return re.sub(r"[\s_\-]", "", name)


def _available(choice: SchedulerChoice) -> bool:
    if choice.requires is None:
        return True
    import importlib.util

    return importlib.util.find_spec(choice.requires) is not None


def names(*, flow: bool) -> list[str]:
    """Display names a family accepts (flow=True for SD3/FLUX)."""
    return [c.name for c in CHOICES if c.flow == flow and _available(c)]


def resolve(name: str, *, flow: bool | None) -> SchedulerChoice:
    """Find the sampler for ``name``; ``flow`` is None when the family is not known yet.

    Raises ``InvalidRequest`` naming the field and listing what is accepted."""
    key = normalize(name)
    matches = [
        c for c in CHOICES if key in (normalize(c.name), normalize(c.class_name)) and (flow is None or c.flow == flow)
    ]
    if not matches and key.endswith("scheduler"):
        # Any other diffusers scheduler class by exact name, e.g. "EDMEulerScheduler".
        import diffusers

        cls = getattr(diffusers, name.strip(), None)
        if isinstance(cls, type) and name.strip().endswith("Scheduler"):
            is_flow = name.strip().startswith("FlowMatch")
            if flow is None or is_flow == flow:
                return SchedulerChoice(name.strip(), name.strip(), flow=is_flow)
    if not matches:
        accepted = names(flow=bool(flow)) if flow is not None else sorted({c.name for c in CHOICES})
        kind = "this model" if flow is not None else "any model"
        raise InvalidRequest.for_field(
            "scheduler",
            f"unknown scheduler '{name}' for {kind}; use one of: {', '.join(accepted)} "
            "(or a diffusers scheduler class name)",
            code="unknown_scheduler",
        )
    choice = matches[0]
    if not _available(choice):
        raise InvalidRequest.for_field(
            "scheduler",
            f"scheduler '{name}' needs the '{choice.requires}' package, which is not installed",
            code="unknown_scheduler",
        )
    return choice


def build(choice: SchedulerChoice, base_config: Any) -> Any:
    """Instantiate ``choice`` from a pipeline's own scheduler config (keeps its betas/shift)."""
    import diffusers

    cls = getattr(diffusers, choice.class_name)
    return cls.from_config(base_config, **choice.overrides)
