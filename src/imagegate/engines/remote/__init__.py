"""Hosted providers behind the Engine protocol, one file per provider; ``base.py`` holds what they
share (credentials, interruptible calls, error mapping, downloads, pricing)."""

from imagegate.engines.remote.base import ProviderCall, ProviderOutput, RemoteEngine
from imagegate.engines.remote.bfl import BFLEngine
from imagegate.engines.remote.fal import FalEngine
from imagegate.engines.remote.imagen import ImagenEngine
from imagegate.engines.remote.modelslab import ModelsLabEngine
from imagegate.engines.remote.openai import OpenAIEngine
from imagegate.engines.remote.openai_compatible import OpenAICompatibleEngine
from imagegate.engines.remote.replicate import ReplicateEngine
from imagegate.engines.remote.stability import StabilityEngine

PROVIDERS: tuple[type[RemoteEngine], ...] = (
    OpenAIEngine,
    OpenAICompatibleEngine,
    BFLEngine,
    StabilityEngine,
    ImagenEngine,
    ReplicateEngine,
    FalEngine,
    ModelsLabEngine,
)

__all__ = ["PROVIDERS", "ProviderCall", "ProviderOutput", "RemoteEngine"]
