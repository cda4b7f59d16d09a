"""The ``imagegate`` command line. Every command except ``serve`` is a client of the HTTP API."""
