"""Image handling shared by admission and engines: image inputs (decoded, checked, stored as
``blob:`` references: ``inputs``), decoding, alpha and masks, outpaint canvases, ControlNet
preprocessors.

May import: storage, net, config, errors; nothing above.
"""
