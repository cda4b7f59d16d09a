"""Silence the warnings diffusers and PEFT print on every normal use of ``from_pipe`` and LoRA loading
("modules that should be kept in float32: []", "No LoRA keys associated to CLIPTextModel" for a
UNet-only LoRA, "Already found a peft_config attribute" for a second adapter). They would fill the
server log on every request; real failures still raise, and errors are still logged."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator


@contextlib.contextmanager
def quiet_diffusers() -> Iterator[None]:
    from diffusers.utils import logging as diffusers_logging

    level = diffusers_logging.get_verbosity()
    diffusers_logging.set_verbosity_error()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Already found a `peft_config` attribute", category=UserWarning)
            yield
    finally:
        diffusers_logging.set_verbosity(level)
