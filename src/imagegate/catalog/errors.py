"""How a download ends early: failed (the entry shows the message, naming what to fix) or canceled
(the entry was removed while it downloaded)."""

from __future__ import annotations


class PullFailed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PullCanceled(Exception):
    pass


class PullInterrupted(PullFailed):
    """The connection broke off: what arrived is kept, and the download may go on from there."""
