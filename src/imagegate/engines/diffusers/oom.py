"""Running out of device memory: recognised, the memory given back, and a message that says what to
lower. The engine retries a batch that ran out once, as two halves, before failing its jobs."""

from __future__ import annotations

from imagegate.domain.models import ModelSpec
from imagegate.errors import EngineError


class OutOfMemory(Exception):
    """The device ran out of memory during a call (internal: the group retries or fails the job)."""

    def __init__(self, error: BaseException):
        super().__init__(str(error))
        self.error = error


def is_out_of_memory(exc: BaseException) -> bool:
    import torch

    # CUDA raises its own class; MPS and some CUDA paths a RuntimeError that says so.
    return isinstance(exc, torch.OutOfMemoryError) or "out of memory" in str(exc).lower()


def out_of_memory_error(spec: ModelSpec, device: str, error: BaseException, images: int) -> EngineError:
    text = str(error).strip()
    detail = text.splitlines()[0][:300] if text else type(error).__name__
    return EngineError(
        f"model '{spec.id}' ran out of memory on {device} making {images} image(s) at once; lower width and "
        f"height or num_images, or give the model a device with more free memory ({detail})",
        code="device_out_of_memory",
    )
