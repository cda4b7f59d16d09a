"""Daily image quotas and daily/monthly budgets: counters reserved atomically at admission and
settled when the job ends, so concurrent requests can never overshoot.

A reservation is one conditional ``UPDATE … SET reserved = reserved + n WHERE used + reserved + n
<= limit`` over all of a job's counters (one statement, each row with its own n and limit), in the
transaction that records the job's admission: either every counter has room and all are taken, or
none is. The statement is portable SQL; SQLite serialises writers, and PostgreSQL re-checks the
condition on each locked row (READ COMMITTED), so twenty
concurrent requests against a budget that fits ten admit exactly ten on both. Money is counted in
integer nano-units so that sums are exact.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, and_, bindparam, case, insert, literal, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from imagegate.db import Database
from imagegate.db.tables import allowance_counters

NANOS = 1_000_000_000
IMAGES = "images"
COST = "cost"
ACTIVE = "jobs"  # queued + running jobs: reserved while a job lives, never "used"
ACTIVE_PERIOD = "active"


def to_nanos(amount: float) -> int:
    return round(amount * NANOS)


@dataclass(frozen=True)
class Item:
    """One counter a job draws on: ``amount`` of ``metric`` in ``period`` (e.g. "d:2026-11-24")."""

    period: str
    metric: str
    amount: int
    limit: int | None  # None: counted, not capped

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        return cls(period=data["period"], metric=data["metric"], amount=int(data["amount"]), limit=data.get("limit"))


class Exhausted(Exception):
    """A counter has no room; ``committed`` is its used + reserved at that moment."""

    def __init__(self, item: Item, committed: int):
        super().__init__(f"{item.metric} in {item.period}: {committed} + {item.amount} > {item.limit}")
        self.item = item
        self.committed = committed


@dataclass(frozen=True)
class Counter:
    used: int
    reserved: int


class AllowanceStore:
    def __init__(self, db: Database):
        self.db = db
        self._known: set[tuple[str, str, str]] = set()

    async def ensure(self, key_id: str, items: list[Item]) -> None:
        """Create missing counter rows, each in its own small transaction (a concurrent creator
        winning the race is fine), so that reservations themselves only ever UPDATE."""
        for item in items:
            ident = (key_id, item.period, item.metric)
            if ident in self._known:
                continue
            async with self.db.engine.connect() as conn:
                exists = (await conn.execute(select(allowance_counters.c.used).where(_row(key_id, item)))).first()
            if exists is None:
                try:
                    async with self.db.connect() as conn:
                        await conn.execute(
                            insert(allowance_counters).values(
                                key_id=key_id, period=item.period, metric=item.metric, used=0, reserved=0
                            )
                        )
                except IntegrityError:
                    pass
            if len(self._known) > 100_000:
                self._known.clear()
            self._known.add(ident)

    async def reserve(self, conn: AsyncConnection, key_id: str, items: list[Item]) -> None:
        """``reserve_in`` inside an async connection's transaction."""
        await conn.run_sync(lambda sync: self.reserve_in(sync, key_id, items))

    def reserve_in(self, conn: Connection, key_id: str, items: list[Item]) -> None:
        """Take every item inside ``conn``'s transaction or raise ``Exhausted`` (the caller's
        transaction then rolls back, returning whatever was taken). One statement for all the
        items (they name distinct counters): a row with no room for its item is not updated."""
        if not items:
            return
        statement = _reserve_statement(tuple(item.limit is not None for item in items))
        taken = conn.execute(statement, _item_params(key_id, items, [item.amount for item in items]))
        updated = {(row.period, row.metric) for row in taken}
        for item in items:
            if (item.period, item.metric) not in updated:
                c = allowance_counters.c
                counter = conn.execute(select(c.used, c.reserved).where(_row(key_id, item))).first()
                raise Exhausted(item, (counter.used + counter.reserved) if counter else 0)

    async def settle(self, conn: AsyncConnection, key_id: str, item: Item | list[Item], actual: int) -> None:
        """Turn a reservation into use: ``actual`` (0 for a job that produced nothing)."""
        items = item if isinstance(item, list) else [item]
        await conn.run_sync(lambda sync: self.settle_in(sync, key_id, [(i, actual) for i in items]))

    def settle_in(self, conn: Connection, key_id: str, settlements: list[tuple[Item, int]]) -> None:
        """``settle`` for several distinct counters, in one statement."""
        if not settlements:
            return
        items = [item for item, _ in settlements]
        params = _item_params(key_id, items, [item.amount for item in items])
        params.update({f"actual_{i}": actual for i, (_, actual) in enumerate(settlements)})
        conn.execute(_settle_statement(len(items)), params)

    async def read(self, key_id: str, periods: list[tuple[str, str]]) -> dict[tuple[str, str], Counter]:
        """Counters by (period, metric); missing ones read as zero."""
        return await self.db.run(lambda conn: self.read_in(conn, key_id, periods))

    def read_in(self, conn: Connection, key_id: str, periods: list[tuple[str, str]]) -> dict[tuple[str, str], Counter]:
        """``read`` inside ``conn``'s transaction."""
        found: dict[tuple[str, str], Counter] = {p: Counter(0, 0) for p in periods}
        if not periods:
            return found
        rows = conn.execute(
            select(allowance_counters).where(
                allowance_counters.c.key_id == key_id,
                allowance_counters.c.period.in_([p for p, _ in periods]),
            )
        ).mappings()
        for row in rows:
            ident = (row["period"], row["metric"])
            if ident in found:
                found[ident] = Counter(int(row["used"]), int(row["reserved"]))
        return found


# The reservation and settlement statements, built once per shape with bound parameters: building
# them for every job cost more than running them.


def _counter_at(i: int) -> Any:
    c = allowance_counters.c
    return and_(c.period == bindparam(f"period_{i}"), c.metric == bindparam(f"metric_{i}"))


def _by_counter(name: str, count: int) -> Any:
    """The bound value ``{name}_{i}`` on the row of the i-th counter."""
    whens = [(_counter_at(i), bindparam(f"{name}_{i}", type_=BigInteger())) for i in range(count)]
    return case(*whens, else_=literal(0, BigInteger()))


def _item_params(key_id: str, items: list[Item], amounts: list[int]) -> dict[str, Any]:
    params: dict[str, Any] = {"key": key_id}
    for i, (item, amount) in enumerate(zip(items, amounts, strict=True)):
        params |= {f"period_{i}": item.period, f"metric_{i}": item.metric, f"amount_{i}": amount}
        if item.limit is not None:
            params[f"limit_{i}"] = item.limit
    return params


@cache
def _reserve_statement(capped: tuple[bool, ...]) -> Any:
    c = allowance_counters.c
    fits = []
    for i, has_limit in enumerate(capped):
        room = c.used + c.reserved + bindparam(f"amount_{i}", type_=BigInteger())
        fits.append(
            and_(_counter_at(i), room <= bindparam(f"limit_{i}", type_=BigInteger())) if has_limit else _counter_at(i)
        )
    return (
        update(allowance_counters)
        .where(c.key_id == bindparam("key"), or_(*fits))
        .values(reserved=c.reserved + _by_counter("amount", len(capped)))
        .returning(c.period, c.metric)
    )


@cache
def _settle_statement(count: int) -> Any:
    c = allowance_counters.c
    return (
        update(allowance_counters)
        .where(c.key_id == bindparam("key"), or_(*[_counter_at(i) for i in range(count)]))
        .values(reserved=c.reserved - _by_counter("amount", count), used=c.used + _by_counter("actual", count))
    )


def _row(key_id: str, item: Item) -> Any:
    return and_(
        allowance_counters.c.key_id == key_id,
        allowance_counters.c.period == item.period,
        allowance_counters.c.metric == item.metric,
    )
