"""Persistent state: tables, the async engine, and Alembic migrations applied at start."""

from imagegate.db.database import Database

__all__ = ["Database"]
