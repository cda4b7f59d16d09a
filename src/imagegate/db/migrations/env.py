"""Alembic environment: runs on a connection handed in by ``Database.migrate`` or, from the command
line (``alembic -x url=… revision --autogenerate``), on an engine built from that URL."""

from alembic import context
from sqlalchemy import create_engine

from imagegate.db.tables import metadata

config = context.config
connection = config.attributes.get("connection")


def _run(conn):  # type: ignore[no-untyped-def]
    context.configure(
        connection=conn,
        target_metadata=metadata,
        render_as_batch=conn.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///migrations-dev.db")
    with create_engine(url).connect() as conn:
        _run(conn)
        conn.commit()
