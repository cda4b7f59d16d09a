"""Prometheus metrics, structured JSON logs and the HTTP middleware that feeds both."""
