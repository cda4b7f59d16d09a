"""Admission: everything a request passes before it becomes a job (auth, validation, limits…)."""
