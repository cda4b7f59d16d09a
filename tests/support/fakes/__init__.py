"""Loopback fakes of the hosted providers' documented wire formats (see ``base.py``)."""

from tests.support.fakes.base import FakeProvider, png
from tests.support.fakes.bfl import FakeBFL
from tests.support.fakes.fal import FakeFal
from tests.support.fakes.imagen import FakeImagen
from tests.support.fakes.modelslab import FakeModelsLab
from tests.support.fakes.openai import FakeOpenAI, FakeOpenAICompatible
from tests.support.fakes.replicate import FakeReplicate
from tests.support.fakes.stability import FakeStability

__all__ = [
    "FakeBFL",
    "FakeFal",
    "FakeImagen",
    "FakeModelsLab",
    "FakeOpenAI",
    "FakeOpenAICompatible",
    "FakeProvider",
    "FakeReplicate",
    "FakeStability",
    "png",
]
