"""The import graph of a source tree, read with ``ast`` (nothing is imported), and the layering
rules of ``docs/architecture.md`` checked against it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Edge:
    source: str  # the importing module, e.g. imagegate.api.native.views
    target: str  # the imported module, e.g. imagegate.services
    line: int

    def __str__(self) -> str:
        return f"{self.source} (line {self.line}) imports {self.target}"


def modules(root: Path) -> dict[str, Path]:
    """Every module below ``root`` (the package folder) by dotted name; a package is its ``__init__``."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def edges(root: Path) -> Iterator[Edge]:
    """Every import of one of the tree's own modules, wherever it stands (type-checking blocks and
    function bodies included: a rule holds for all of them)."""
    known = modules(root)
    top = root.name
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the importing module's package upwards
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                # ``from pkg import name`` imports the submodule pkg.name when there is one.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            for target in targets:
                if target == top or target.startswith(top + "."):
                    yield Edge(name, _longest_known(target, known), node.lineno)


def _longest_known(target: str, known: dict[str, Path]) -> str:
    while target not in known and "." in target:
        target = target.rpartition(".")[0]
    return target


def read_layers(text: str, block: str) -> list[set[str]]:
    """The layers of a fenced ``block`` (e.g. ```layers) in a markdown text, lowest last: one line a
    layer, names separated by spaces."""
    match = re.search(rf"^```{re.escape(block)}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    if match is None:
        raise AssertionError(f"no ```{block} block")
    return [set(line.split()) for line in match.group(1).splitlines() if line.strip()]


def unit(module: str, depth: int) -> str:
    """The part of a module name a layer rule speaks of: ``imagegate.api.native.views`` is ``api``
    at depth 1 and ``native`` at depth 2; the root package is its own name."""
    parts = module.split(".")
    return parts[depth] if len(parts) > depth else parts[-1] if depth == 1 else "__init__"


def broken_layers(found: list[Edge], layers: list[set[str]], *, depth: int, within: str | None = None) -> list[str]:
    """Every edge that goes sideways or upwards between units of ``layers`` (top layer first). With
    ``within``, only edges between modules of that package (e.g. ``imagegate.api``) count."""
    rank = {name: len(layers) - i for i, layer in enumerate(layers) for name in layer}
    problems = []
    for edge in found:
        if within is not None and not (edge.source.startswith(within + ".") and edge.target.startswith(within)):
            continue
        source, target = unit(edge.source, depth), unit(edge.target, depth)
        if source == target:
            continue
        for name in (source, target):
            if name not in rank:
                problems.append(f"{name} is in no layer ({edge})")
        if source in rank and target in rank and rank[source] <= rank[target]:
            how = "a layer above" if rank[source] < rank[target] else "its own layer"
            problems.append(f"{source} must not import {target} ({how}): {edge}")
    return sorted(set(problems))
