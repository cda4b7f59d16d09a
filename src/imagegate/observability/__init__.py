"""Prometheus metrics, structured JSON logs and the request context both read; the garbage
collector of a server process (its long-lived heap frozen, its pauses measured: ``heap``).

May import: nothing of imagegate (a foundation layer).
"""
