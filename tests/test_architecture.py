"""The layering of ``src/imagegate``, as ``docs/architecture.md`` states it, checked on the import
graph of the source (read with ``ast``, nothing imported); and what the page names exists."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.imports import Edge, broken_layers, edges, modules, read_layers

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "imagegate"
DOC = (REPO / "docs" / "architecture.md").read_text()
MAX_LINES = 500


def test_packages_import_only_lower_layers() -> None:
    assert broken_layers(list(edges(SRC)), read_layers(DOC, "layers"), depth=1) == []


def test_api_surfaces_stay_apart() -> None:
    found = list(edges(SRC))
    assert broken_layers(found, read_layers(DOC, "api-layers"), depth=2, within="imagegate.api") == []


def test_every_package_and_surface_is_in_a_layer() -> None:
    layered = set().union(*read_layers(DOC, "layers"))
    top = {name.split(".")[1] if "." in name else name for name in modules(SRC)}
    assert top - layered == set()
    surfaces = set().union(*read_layers(DOC, "api-layers"))
    api = {name.split(".")[2] for name in modules(SRC) if name.startswith("imagegate.api.")}
    assert api - surfaces == set()


def test_a_broken_rule_is_caught(tmp_path: Path) -> None:
    """The checker itself: an engine importing the job store, a cycle, a surface importing another."""
    root = tmp_path / "imagegate"
    files = {
        "__init__.py": "",
        "jobs/__init__.py": "",
        "jobs/store.py": "from imagegate.engines.base import Engine\n",
        "engines/__init__.py": "",
        "engines/base.py": "def f():\n    from imagegate.jobs import store\n",
        "api/__init__.py": "",
        "api/openai/__init__.py": "",
        "api/openai/routes.py": "from ..native import wire\n",
        "api/native/__init__.py": "",
        "api/native/wire.py": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    layers = read_layers("```layers\napi\njobs\nengines\n```\n", "layers")
    found = list(edges(root))
    assert Edge("imagegate.engines.base", "imagegate.jobs.store", 2) in found
    assert broken_layers(found, layers, depth=1) == [
        "engines must not import jobs (a layer above): imagegate.engines.base (line 2) imports imagegate.jobs.store"
    ]
    surfaces = read_layers("```api-layers\nnative openai\n```\n", "api-layers")
    assert broken_layers(found, surfaces, depth=2, within="imagegate.api") == [
        "openai must not import native (its own layer): imagegate.api.openai.routes (line 1) imports "
        "imagegate.api.native.wire"
    ]
    assert broken_layers(found, read_layers("```layers\njobs\n```\n", "layers"), depth=1) == [
        "engines is in no layer (imagegate.engines.base (line 2) imports imagegate.jobs.store)",
        "engines is in no layer (imagegate.jobs.store (line 1) imports imagegate.engines.base)",
    ]


def test_every_package_says_what_it_may_import() -> None:
    missing = []
    for init in sorted(SRC.glob("*/__init__.py")) + sorted(SRC.glob("api/*/__init__.py")):
        if init.parent.name in ("client", "cli"):  # the SDK and the command line stand on their own
            continue
        if "May import:" not in init.read_text():
            missing.append(str(init.relative_to(SRC)))
    assert missing == []


def test_no_module_is_too_long() -> None:
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_the_page_names_only_modules_that_exist() -> None:
    named = set(re.findall(r"(?<![\w/<>.])([A-Za-z_][\w/]*\.py)\b", DOC))
    assert named, "the page names no module"
    missing = sorted(n for n in named if not (REPO / n).exists() and not (SRC / n).exists())
    assert missing == []
