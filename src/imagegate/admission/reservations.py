"""What a job holds while it is queued or running: its active-job slot, its images against the daily
quota and its estimated cost against the daily and monthly budgets — reserved in the admission
transaction, settled with the job's end. A reservation that does not fit becomes the 429 or 402
that says which limit, how much is left and when it resets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from imagegate.admission.allowance import ACTIVE, ACTIVE_PERIOD, COST, IMAGES, Exhausted, Item, to_nanos
from imagegate.admission.clock import Windows
from imagegate.admission.ratelimit import LimitState
from imagegate.domain.models import ModelSpec
from imagegate.domain.policy import Plan
from imagegate.domain.requests import AnyRequest, DiffusionParams
from imagegate.errors import BudgetExceeded, ImagegateError, QuotaExceeded, RateLimited


def estimate(spec: ModelSpec, request: AnyRequest) -> float:
    """The job's cost as the catalog prices it, before it runs."""
    if isinstance(request, DiffusionParams):
        return spec.price.estimate(
            width=request.width or 0,
            height=request.height or 0,
            steps=request.num_inference_steps or 0,
            num_images=request.num_images,
        )
    return spec.price.estimate(width=0, height=0, steps=0, num_images=1)


def images_of(request: AnyRequest) -> int:
    return request.num_images if isinstance(request, DiffusionParams) else 1


@dataclass(frozen=True)
class Reservation:
    """The items one job reserves, and the windows they were counted in."""

    items: list[Item]
    windows: Windows
    now: datetime
    estimate: float
    currency: str

    @classmethod
    def of(
        cls,
        *,
        plan: Plan,
        budgets: tuple[float | None, float | None],
        max_active: int,
        spec: ModelSpec,
        request: AnyRequest,
        now: datetime,
        zone: ZoneInfo,
    ) -> Reservation:
        windows = Windows.at(now, zone)
        daily, monthly = budgets
        cost = estimate(spec, request)
        items = [
            # The active-job cap is a counter too, so that a concurrent burst cannot slip past it.
            Item(ACTIVE_PERIOD, ACTIVE, 1, max_active),
            Item(windows.day, IMAGES, images_of(request), plan.images_per_day),
            Item(windows.day, COST, to_nanos(cost), to_nanos(daily) if daily is not None else None),
            Item(windows.month, COST, to_nanos(cost), to_nanos(monthly) if monthly is not None else None),
        ]
        return cls(items=items, windows=windows, now=now, estimate=cost, currency=spec.price.currency)

    def quota_left(self, state: LimitState, images_per_day: int, used: int) -> None:
        """Add the daily quota that is left to the response's ``RateLimit`` headers."""
        reset = (self.windows.day_ends - self.now).total_seconds()
        state.add("daily", images_per_day, 86400, images_per_day - used, reset)

    def refusal(self, exc: Exhausted, state: LimitState, zone: ZoneInfo, zone_name: str) -> ImagegateError:
        """The error for the item that did not fit."""
        item = exc.item
        assert item.limit is not None
        if item.metric == ACTIVE:
            return RateLimited(
                f"this key already has {item.limit} queued or running jobs; wait for some to finish",
                retry_after=5,
                code="too_many_active_jobs",
                headers=state.headers(),
            )
        if item.metric == IMAGES:
            reset = (self.windows.day_ends - self.now).total_seconds()
            self.quota_left(state, item.limit, exc.committed)
            left = max(0, item.limit - exc.committed)
            return QuotaExceeded(
                f"daily quota of {item.limit} images reached ({left} left, {item.amount} requested); it resets at "
                f"{self.windows.day_ends.astimezone(zone).isoformat()} ({zone_name})",
                retry_after=reset,
                headers=state.headers(),
            )
        period = "daily" if item.period.startswith("d:") else "monthly"
        budget, committed = item.limit / 1e9, exc.committed / 1e9
        currency = self.currency
        return BudgetExceeded(
            f"the estimated cost {self.estimate:.9g} {currency} does not fit the {period} budget of {budget:.9g} "
            f"{currency} ({committed:.9g} already spent or reserved by unfinished jobs)",
            period=period,
            budget=budget,
            committed=committed,
            estimate=self.estimate,
        )
