"""Thin routes: parse the wire model, call a handler, render the answer. One module per resource
of the native API; each client dialect gets its own module."""
