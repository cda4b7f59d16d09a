"""How one SDK serves both ``Client`` and ``AsyncClient`` without a hand-copied twin.

Every API operation is written once, as a *flow*: a generator that yields what it needs done —
send this request, sleep this long, read the next line of a stream — and receives the result.
The flow holds all the logic (building requests, parsing answers, deciding to retry, following
events); a *driver* only performs the I/O, with blocking calls in the sync client and awaits in
the async one. Transport errors are thrown back into the flow, which decides what to do.

Resource classes expose the flows through descriptors (``sync_method`` / ``async_method`` …), so
``Client.jobs.create`` and ``AsyncClient.jobs.create`` are the same function driven two ways, with
its signature and docstring.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeAlias, TypeVar, overload

import httpx

if TYPE_CHECKING:
    from imagegate.client._core import Api

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


@dataclass(frozen=True)
class Send:
    """Send a request; with ``stream`` the answer comes back with its body unread."""

    request: httpx.Request
    stream: bool = False


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class ReadLine:
    """The next line of a streamed response, or None at its end."""

    response: httpx.Response


@dataclass(frozen=True)
class Read:
    """Read a streamed response's whole body (to parse an error)."""

    response: httpx.Response


@dataclass(frozen=True)
class Close:
    response: httpx.Response


@dataclass(frozen=True)
class Emit(Generic[T]):
    """A value for the caller of an iterating operation (e.g. one event of ``jobs.stream``)."""

    value: T


Action: TypeAlias = Send | Sleep | ReadLine | Read | Close
Flow: TypeAlias = Generator[Action, Any, R]
EmitFlow: TypeAlias = Generator[Action | Emit[T], Any, None]


def without_emits(flow: EmitFlow[T], on_emit: Callable[[T], bool]) -> Flow[None]:
    """Run an emitting flow inside another flow: its I/O passes through, each emitted value goes to
    ``on_emit`` instead of the caller, and the inner flow stops as soon as ``on_emit`` returns True."""
    value: Any = None
    error: Exception | None = None
    try:
        while True:
            try:
                action = flow.throw(error) if error is not None else flow.send(value)
            except StopIteration:
                return
            value, error = None, None
            if isinstance(action, Emit):
                if on_emit(action.value):
                    return
                continue
            try:
                value = yield action
            except Exception as exc:  # handed to the inner flow, which knows what to do with it
                error = exc
    finally:
        flow.close()


# -- drivers ------------------------------------------------------------------------------------


class _SyncIO:
    def __init__(self, http: httpx.Client):
        self.http = http
        self.lines: dict[httpx.Response, Iterator[str]] = {}

    def perform(self, action: Action) -> Any:
        if isinstance(action, Send):
            response = self.http.send(action.request, stream=action.stream)
            if action.stream:
                self.lines[response] = response.iter_lines()
            return response
        if isinstance(action, Sleep):
            time.sleep(action.seconds)
        elif isinstance(action, ReadLine):
            return next(self.lines[action.response], None)
        elif isinstance(action, Read):
            return action.response.read()
        elif isinstance(action, Close):
            self.lines.pop(action.response, None)
            action.response.close()
        return None

    def close(self) -> None:
        for response in self.lines:
            response.close()
        self.lines.clear()


def iterate_sync(http: httpx.Client, flow: EmitFlow[T] | Flow[Any]) -> Generator[T, None, Any]:
    """Drive a flow with blocking I/O; yields what it emits and returns what it returns."""
    io = _SyncIO(http)
    value: Any = None
    error: Exception | None = None
    try:
        while True:
            try:
                action = flow.throw(error) if error is not None else flow.send(value)
            except StopIteration as stop:
                return stop.value
            value, error = None, None
            if isinstance(action, Emit):
                yield action.value
                continue
            try:
                value = io.perform(action)
            except httpx.TransportError as exc:
                error = exc
    finally:
        flow.close()
        io.close()


def run_sync(http: httpx.Client, flow: Flow[R]) -> R:
    driver: Generator[Any, None, Any] = iterate_sync(http, flow)
    try:
        while True:
            next(driver)
    except StopIteration as stop:
        result: R = stop.value
        return result


class _AsyncIO:
    def __init__(self, http: httpx.AsyncClient):
        self.http = http
        self.lines: dict[httpx.Response, AsyncIterator[str]] = {}

    async def perform(self, action: Action) -> Any:
        if isinstance(action, Send):
            response = await self.http.send(action.request, stream=action.stream)
            if action.stream:
                self.lines[response] = response.aiter_lines()
            return response
        if isinstance(action, Sleep):
            await asyncio.sleep(action.seconds)
        elif isinstance(action, ReadLine):
            return await anext(self.lines[action.response], None)
        elif isinstance(action, Read):
            return await action.response.aread()
        elif isinstance(action, Close):
            self.lines.pop(action.response, None)
            await action.response.aclose()
        return None

    async def close(self) -> None:
        for response in self.lines:
            await response.aclose()
        self.lines.clear()


async def iterate_async(http: httpx.AsyncClient, flow: EmitFlow[T] | Flow[Any], out: list[Any]) -> AsyncIterator[T]:
    """Drive a flow with async I/O; yields what it emits; its return value is appended to ``out``."""
    io = _AsyncIO(http)
    value: Any = None
    error: Exception | None = None
    try:
        while True:
            try:
                action = flow.throw(error) if error is not None else flow.send(value)
            except StopIteration as stop:
                out.append(stop.value)
                return
            value, error = None, None
            if isinstance(action, Emit):
                yield action.value
                continue
            try:
                value = await io.perform(action)
            except httpx.TransportError as exc:
                error = exc
    finally:
        flow.close()
        await io.close()


async def run_async(http: httpx.AsyncClient, flow: Flow[R]) -> R:
    out: list[Any] = []
    async for _ in iterate_async(http, flow, out):
        pass
    result: R = out[0]
    return result


# -- streams handed to callers --------------------------------------------------------------------


class Stream(Generic[T]):
    """An iterator over emitted values that closes its connection when done, on ``close()`` or on
    leaving a ``with`` block."""

    def __init__(self, driver: Generator[T, None, Any]):
        self._driver = driver

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return next(self._driver)

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """The async twin of ``Stream``: ``async for``, ``await aclose()``, ``async with``."""

    def __init__(self, driver: AsyncIterator[T]):
        self._driver = driver

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        return await anext(self._driver)

    async def aclose(self) -> None:
        aclose = getattr(self._driver, "aclose", None)
        if aclose is not None:
            await aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


# -- descriptors: one flow function, two faces ---------------------------------------------------


class Resource:
    """Base of resource classes: holds the client whose ``_api`` and HTTP client drive the flows."""

    def __init__(self, client: Any):
        self._client = client


def _public_signature(fn: Callable[..., Any]) -> inspect.Signature:
    signature = inspect.signature(fn)
    return signature.replace(parameters=list(signature.parameters.values())[1:])  # drop ``api``


class _Bound(Generic[P, R]):
    def __init__(self, fn: Callable[Concatenate[Api, P], Any]):
        self.fn = fn
        self.signature = _public_signature(fn)

    def _finish(self, call: Callable[..., Any]) -> Any:
        functools.update_wrapper(call, self.fn)
        call.__signature__ = self.signature  # type: ignore[attr-defined]
        return call


class sync_method(_Bound[P, R]):
    """``Client`` face of a flow: a blocking call that returns the flow's result."""

    def __init__(self, fn: Callable[Concatenate[Api, P], Flow[R]]):
        super().__init__(fn)

    @overload
    def __get__(self, obj: None, owner: type) -> sync_method[P, R]: ...
    @overload
    def __get__(self, obj: Resource, owner: type) -> Callable[P, R]: ...
    def __get__(self, obj: Resource | None, owner: type) -> Any:
        if obj is None:
            return self
        fn, client = self.fn, obj._client

        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            return run_sync(client._http, fn(client._api, *args, **kwargs))

        return self._finish(call)


class async_method(_Bound[P, R]):
    """``AsyncClient`` face of a flow: a coroutine that returns the flow's result."""

    def __init__(self, fn: Callable[Concatenate[Api, P], Flow[R]]):
        super().__init__(fn)

    @overload
    def __get__(self, obj: None, owner: type) -> async_method[P, R]: ...
    @overload
    def __get__(self, obj: Resource, owner: type) -> Callable[P, Awaitable[R]]: ...
    def __get__(self, obj: Resource | None, owner: type) -> Any:
        if obj is None:
            return self
        fn, client = self.fn, obj._client

        async def call(*args: P.args, **kwargs: P.kwargs) -> R:
            return await run_async(client._http, fn(client._api, *args, **kwargs))

        return self._finish(call)


class sync_stream(_Bound[P, T]):
    """``Client`` face of an emitting flow: returns a ``Stream`` of what it emits."""

    def __init__(self, fn: Callable[Concatenate[Api, P], EmitFlow[T]]):
        super().__init__(fn)

    @overload
    def __get__(self, obj: None, owner: type) -> sync_stream[P, T]: ...
    @overload
    def __get__(self, obj: Resource, owner: type) -> Callable[P, Stream[T]]: ...
    def __get__(self, obj: Resource | None, owner: type) -> Any:
        if obj is None:
            return self
        fn, client = self.fn, obj._client

        def call(*args: P.args, **kwargs: P.kwargs) -> Stream[T]:
            return Stream(iterate_sync(client._http, fn(client._api, *args, **kwargs)))

        return self._finish(call)


class async_stream(_Bound[P, T]):
    """``AsyncClient`` face of an emitting flow: returns an ``AsyncStream`` of what it emits."""

    def __init__(self, fn: Callable[Concatenate[Api, P], EmitFlow[T]]):
        super().__init__(fn)

    @overload
    def __get__(self, obj: None, owner: type) -> async_stream[P, T]: ...
    @overload
    def __get__(self, obj: Resource, owner: type) -> Callable[P, AsyncStream[T]]: ...
    def __get__(self, obj: Resource | None, owner: type) -> Any:
        if obj is None:
            return self
        fn, client = self.fn, obj._client

        def call(*args: P.args, **kwargs: P.kwargs) -> AsyncStream[T]:
            return AsyncStream(iterate_async(client._http, fn(client._api, *args, **kwargs), []))

        return self._finish(call)
