"""Prompt moderation: a configurable list of rules with categories (``moderation_rules``).

Empty, over-long and control-character prompts are refused earlier, by the request model itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imagegate.domain.policy import ModerationRule
from imagegate.domain.requests import AnyRequest, DiffusionParams
from imagegate.errors import ContentRejected


@dataclass(frozen=True)
class _Compiled:
    rule: ModerationRule
    regex: re.Pattern[str]


class Moderator:
    def __init__(self, rules: list[ModerationRule]):
        self._rules = [_Compiled(rule, re.compile(rule.pattern, re.IGNORECASE | re.DOTALL)) for rule in rules]

    @property
    def rules(self) -> list[ModerationRule]:
        return [c.rule for c in self._rules]

    def check(self, request: AnyRequest) -> None:
        """Raise ``ContentRejected`` naming the first rule the prompt breaks."""
        if not isinstance(request, DiffusionParams):
            return
        for compiled in self._rules:
            if compiled.regex.search(request.prompt):
                rule = compiled.rule
                reason = rule.message or f"the prompt matches the '{rule.category}' content rule"
                raise ContentRejected(
                    f"prompt: refused by moderation rule '{rule.id}' ({rule.category}): {reason}",
                    field="prompt",
                    rule=rule.id,
                    category=rule.category,
                )
