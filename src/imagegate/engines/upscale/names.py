"""How a catalog entry names an upscaler's weights: a bundled network (``ncnn:<name>``) or plain
Lanczos resampling. Kept apart from the loading code, which needs torch."""

BUNDLED_PREFIX = "ncnn:"
LANCZOS = "lanczos"
