"""Persistent state: tables, the async engine, and Alembic migrations applied at start. Which
module writes which table is said beside the table (one writer each).

May import: nothing of imagegate (a foundation layer).
"""

from imagegate.db.database import Database

__all__ = ["Database"]
