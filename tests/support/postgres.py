"""A throw-away PostgreSQL server on a loopback port, for tests that show the store is portable.

The binaries come from the system (Debian's ``postgresql`` package; ``make services`` installs it).
As root, the server runs as the ``postgres`` user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.server import free_port


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None)
    if found is None:
        raise RuntimeError(
            f"PostgreSQL's {name} is not installed; run `make services` (Debian: apt-get install postgresql)"
        )
    return found


def _run(args: list[str], *, as_postgres: bool) -> None:
    command = ["runuser", "-u", "postgres", "--", *args] if as_postgres else args
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a cluster in a temporary folder; yields an admin URL ``postgresql+asyncpg://…/postgres``."""
    as_postgres = os.geteuid() == 0
    # Its own folder directly under the temp dir: the postgres user cannot enter root's private ones.
    root = Path(tempfile.mkdtemp(prefix="imagegate-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if as_postgres:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    _run([_binary("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"], as_postgres=as_postgres)
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run(
        [_binary("pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(root / "log"), "start"],
        as_postgres=as_postgres,
    )
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _run([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], as_postgres=as_postgres)
        shutil.rmtree(root, ignore_errors=True)


async def fresh_database(admin_url: str) -> str:
    """CREATE DATABASE with a unique name; returns its URL."""
    import asyncpg

    name = "t_" + uuid.uuid4().hex[:12]
    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return admin_url.rsplit("/", 1)[0] + "/" + name
