"""Prometheus metrics, structured JSON logs and the request context both read.

May import: nothing of imagegate (a foundation layer).
"""
