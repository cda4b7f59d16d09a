"""The web app's files: the vendored Chart.js is byte for byte the file of the pinned npm package,
every file ships in the Python package (package-data), the page names only files that exist, and
the server hands them out with a policy that lets the page reach nothing but the server."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import httpx
import pytest

from imagegate.web import static_files
from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "src" / "imagegate" / "web" / "static"
NODE_MODULES = Path(__file__).parent / "node_modules"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_vendored_chart_js_is_the_pinned_packages_file() -> None:
    pinned = json.loads((Path(__file__).parent / "package.json").read_text())["devDependencies"]["chart.js"]
    package = NODE_MODULES / "chart.js"
    if not package.exists():
        pytest.fail(f"{package} is missing: run `make web-test-deps` (npm ci in tests/web)")
    assert json.loads((package / "package.json").read_text())["version"] == pinned
    assert sha256(STATIC / "vendor" / "chart.umd.min.js") == sha256(package / "dist" / "chart.umd.min.js")
    assert (STATIC / "vendor" / "chart.js.LICENSE.md").read_bytes() == (package / "LICENSE.md").read_bytes()
    assert pinned in (STATIC / "vendor" / "README.md").read_text()


def test_every_file_of_the_app_is_package_data() -> None:
    globs = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["imagegate"]
    files = [str(p.relative_to(REPO / "src" / "imagegate")) for p in STATIC.rglob("*") if p.is_file()]
    assert len(files) > 10
    # setuptools' "*" stops at a folder, as fnmatch's does not: compare folder by folder.
    missing = [f for f in files if not any(fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert missing == []
    assert Path(str(static_files())) == STATIC


def test_the_page_and_its_modules_name_only_files_that_exist() -> None:
    page = (STATIC / "index.html").read_text()
    named = re.findall(r'(?:href|src)="\{\{root\}\}/web/([^"]+)"', page)
    assert "js/main.js" in named and "app.css" in named
    for module in (STATIC / "js").glob("*.js"):
        text = module.read_text()
        named += [f"js/{m}" for m in re.findall(r'from "\./([^"]+)"', text)]
        named += [f"js/{m}" for m in re.findall(r'import\("\./([^"]+)"\)', text)]
        named += re.findall(r'src: "web/([^"]+)"', text)
    missing = sorted({n for n in named if not (STATIC / n).is_file()})
    assert missing == []
    assert "vendor/chart.umd.min.js" in named


def test_served_with_a_policy_that_allows_only_this_server(web_server: ServerProcess) -> None:
    home = httpx.get(f"{web_server.url}/")
    assert home.status_code == 200 and '<base href="/">' in home.text
    policy = home.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "unsafe" not in policy
    for name in ("js/main.js", "app.css", "vendor/chart.umd.min.js"):
        response = httpx.get(f"{web_server.url}/web/{name}")
        assert response.status_code == 200 and response.content == (STATIC / name).read_bytes()
    assert httpx.get(f"{web_server.url}/web/../pyproject.toml").status_code == 404
