"""Image handling shared by admission and engines: decoding and checking inputs, alpha and masks,
outpaint canvases, ControlNet preprocessors. Pure functions over Pillow/NumPy; no I/O, no server."""
