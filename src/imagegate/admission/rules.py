"""The rules a key is held to: its plan (rate limits, quota, active-job cap), its budgets, its safety
policy — from the key's own policy where it sets them, else the server's defaults."""

from __future__ import annotations

import logging

from imagegate.admission.keys import ApiKey, Scope
from imagegate.admission.options import SubmitOptions
from imagegate.admission.policies import KeyPolicy, PolicyStore
from imagegate.config import Settings
from imagegate.domain.policy import Plan, SafetyDecision, SafetyPolicy
from imagegate.errors import InvalidRequest

log = logging.getLogger("imagegate.gateway")


class KeyRules:
    def __init__(self, settings: Settings, policies: PolicyStore):
        self.settings = settings
        self.policies = policies

    def plan_of(self, key: ApiKey, policy: KeyPolicy) -> tuple[str, Plan]:
        fallback = self.settings.admin_plan if Scope.admin in key.scopes else self.settings.default_plan
        name = policy.plan or fallback
        plan = self.settings.plans.get(name)
        if plan is None:  # the plan was removed from the configuration since it was assigned
            log.warning("key %s has unknown plan '%s'; using '%s'", key.id, name, fallback)
            name, plan = fallback, self.settings.plans[fallback]
        return name, plan

    @staticmethod
    def budgets_of(policy: KeyPolicy, plan: Plan) -> tuple[float | None, float | None]:
        daily = policy.budget_daily if policy.budget_daily is not None else plan.budget_daily
        monthly = policy.budget_monthly if policy.budget_monthly is not None else plan.budget_monthly
        return daily, monthly

    def max_active_jobs(self, plan: Plan) -> int:
        """The plan's cap on queued + running jobs; the server-wide setting is a ceiling over every plan."""
        ceiling = self.settings.max_queued_per_key
        return min(plan.max_active_jobs or ceiling, ceiling)

    def safety_policy(self, policy: KeyPolicy) -> SafetyPolicy:
        return policy.safety or self.settings.safety

    def safety_decision(self, policy: KeyPolicy, options: SubmitOptions) -> SafetyDecision:
        """What the safety check does with this request's images; refuses turning it off where the
        key's policy does not allow that."""
        rules = self.safety_policy(policy)
        if options.safety_checker is False:
            if not rules.allow_disable:
                raise InvalidRequest.for_field(
                    "safety_checker",
                    "this key's safety policy does not allow turning the safety check off",
                    code="safety_checker_required",
                )
            return SafetyDecision(enabled=False)
        return SafetyDecision.of(rules, enabled=self.settings.safety_enabled)
