"""What a key may do: plans (rate limits and daily quotas), safety policies and moderation rules.
Plain values, configured in settings and per key; no I/O here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_MONEY = 1_000_000_000.0
# An amount of money (a budget, a price): a finite JSON number from 0 to a billion currency units —
# counted in integer nano-units (admission/allowance.py), which must fit a 64-bit column — and never
# a boolean or a numeric string.
Money = Annotated[float, Field(ge=0, le=MAX_MONEY, allow_inf_nan=False, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Plan(_Strict):
    """Limits shared by every key on a plan. ``None`` means unlimited."""

    requests_per_minute: int | None = Field(default=None, ge=1, description="Generation requests per minute.")
    images_per_minute: int | None = Field(default=None, ge=1, description="Images requested per minute.")
    images_per_day: int | None = Field(default=None, ge=0, description="Images per calendar day (quota).")
    max_active_jobs: int | None = Field(default=None, ge=1, description="Queued + running jobs at once.")
    budget_daily: Money | None = Field(default=None, description="Default daily budget of its keys.")
    budget_monthly: Money | None = Field(default=None, description="Default monthly budget of its keys.")


def default_plans() -> dict[str, Plan]:
    return {
        "free": Plan(requests_per_minute=60, images_per_minute=60, images_per_day=100, max_active_jobs=20),
        "unlimited": Plan(),
    }


class SafetyAction(StrEnum):
    """What happens to a generated image the NSFW classifier flags."""

    block = "block"  # withheld; a job whose every image is withheld fails with content_blocked
    blur = "blur"
    pixelate = "pixelate"
    black = "black"


class SafetyPolicy(_Strict):
    """The image-safety rules of a key (or the server's defaults)."""

    action: SafetyAction = SafetyAction.black
    threshold: float = Field(default=0.8, ge=0, le=1, description="NSFW score at or above which an image is flagged.")
    allow_disable: bool = Field(
        default=False, description="Whether requests of this key may send safety_checker: false."
    )


@dataclass(frozen=True)
class SafetyDecision:
    """What admission decided for one job: check its images or not, and what to do with flagged ones."""

    enabled: bool
    action: SafetyAction = SafetyAction.black
    threshold: float = 0.8

    @classmethod
    def of(cls, policy: SafetyPolicy, *, enabled: bool) -> SafetyDecision:
        return cls(enabled=enabled, action=policy.action, threshold=policy.threshold)

    def to_json(self) -> dict[str, Any]:
        if not self.enabled:
            return {"enabled": False}
        return {"enabled": True, "action": self.action.value, "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SafetyDecision:
        if not data.get("enabled"):
            return cls(enabled=False)
        return cls(enabled=True, action=SafetyAction(data["action"]), threshold=float(data["threshold"]))


class ModerationRule(_Strict):
    """A prompt rule: the prompt is refused when ``pattern`` (a case-insensitive regular expression)
    matches it; the error names ``id`` and ``category``."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    category: str = Field(min_length=1, max_length=64)
    pattern: str = Field(min_length=1, max_length=2000)
    message: str | None = Field(default=None, max_length=500, description="Shown to the caller instead of a default.")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value


# A deliberately small default list: sexual content involving minors is refused by every deployment.
# Operators add their own rules (or replace these) with the ``moderation_rules`` setting.
_MINOR = r"(child|children|kid|kids|minor|minors|underage|preteen|pre-teen|toddler|infant|loli|shota)"
_SEXUAL = r"(nude|naked|nsfw|sex|sexual|porn|pornographic|explicit|erotic|lewd)"


def default_moderation_rules() -> list[ModerationRule]:
    return [
        ModerationRule(
            id="csam",
            category="sexual/minors",
            pattern=rf"\b{_MINOR}\b.*\b{_SEXUAL}\b|\b{_SEXUAL}\b.*\b{_MINOR}\b",
            message="sexual content involving minors is never generated",
        )
    ]
