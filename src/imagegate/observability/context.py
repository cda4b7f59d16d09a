"""What a log line or a response needs to know about the request or job being handled, carried in
context variables: set at the edge (the HTTP middleware, authentication, the job's bookkeeping),
read deep inside without passing it down."""

from __future__ import annotations

import contextvars

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
key_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("key_id", default=None)
job_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("job_id", default=None)

# A mutable dict per HTTP request: admission (deep inside a handler) adds headers (``RateLimit-*``),
# the middleware sends them with whichever response the route renders.
response_headers_var: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "response_headers", default=None
)


def add_response_headers(headers: dict[str, str]) -> None:
    holder = response_headers_var.get()
    if holder is not None:
        holder.update(headers)
