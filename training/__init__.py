"""Scripts that trained the models bundled in `models/` (see each sub-package's docstring)."""
