"""One adapter per model family, registered in an explicit table."""

from imagegate.domain.models import Family
from imagegate.engines.diffusers.families.base import FamilyAdapter
from imagegate.engines.diffusers.families.flux import Flux
from imagegate.engines.diffusers.families.sd import SD1, SD2
from imagegate.engines.diffusers.families.sd3 import SD3
from imagegate.engines.diffusers.families.sdxl import SDXL

FAMILIES: dict[Family, FamilyAdapter] = {
    Family.sd1: SD1(),
    Family.sd2: SD2(),
    Family.sdxl: SDXL(),
    Family.sd3: SD3(),
    Family.flux: Flux(),
}

__all__ = ["FAMILIES", "FamilyAdapter"]
