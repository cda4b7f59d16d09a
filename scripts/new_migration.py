"""Write a new Alembic migration by comparing the tables in ``imagegate.db.tables`` with a scratch
SQLite database upgraded to the current head.

    .venv/bin/python scripts/new_migration.py "add plans" 0002
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from imagegate.db.database import alembic_config

if len(sys.argv) != 3:
    sys.exit(__doc__)
message, rev_id = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    cfg = alembic_config()
    cfg.cmd_opts = type("Opts", (), {"x": [f"url=sqlite:///{Path(tmp) / 'scratch.db'}"]})()  # type: ignore[assignment]
    command.upgrade(cfg, "head")
    command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
