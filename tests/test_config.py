"""Settings and the catalog: an invalid catalog stops start-up with a message naming model and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import imagegate
from imagegate.config import load_catalog, load_settings
from imagegate.engines.registry import supported_tasks
from imagegate.errors import ConfigError


def catalog(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "models.toml"
    path.write_text(text)
    return path


def load(tmp_path: Path, text: str) -> object:
    settings = load_settings(catalog=[str(catalog(tmp_path, text))], data_dir=tmp_path)
    return load_catalog(settings, supported_tasks=supported_tasks())


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('id = "m"\nsource = "x/y"\ntasks = ["paint"]', "model 'm': tasks.0"),
        ('id = "m"\nsource = "x/y"\ndefaults = { width = 100 }', "model 'm': defaults.width"),
        ('id = "m"\nsource = "x/y"\nprice = { per_image = -1 }', "model 'm': price.per_image"),
        ('id = "m"\nsource = "x/y"\ncolour = "red"', "model 'm': colour"),
        ('id = "m"', "model 'm': source"),
        ('source = "x/y"', "model '#0': id"),
        ('id = "bad id!"\nsource = "x/y"', "model 'bad id!': id"),
        ('id = "m"\nsource = "./missing-folder"', "model 'm': source: no such file"),
        ('id = "m"\nsource = "x/y"\nengine = "warp"', "model 'm': engine: unknown engine 'warp'"),
        ('id = "m"\nsource = "x/y"\ntasks = ["upscale"]', "model 'm': tasks: engine 'diffusers' does not support"),
        ('id = "m"\nsource = "x/y"\ndefaults = { width = 4096 }\nlimits = { max_width = 1024 }', "model 'm'"),
    ],
)
def test_invalid_entries_name_model_and_field(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, f"[[models]]\n{entry}\n")
    assert message in caught.value.message
    assert "models.toml" in caught.value.message


def test_duplicates_and_default(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="defined twice"):
        load(tmp_path, '[[models]]\nid = "m"\nsource = "a/b"\n[[models]]\nid = "m"\nsource = "c/d"\n')
    with pytest.raises(ConfigError, match="default_model"):
        settings = load_settings(
            catalog=[str(catalog(tmp_path, '[[models]]\nid = "m"\nsource = "a/b"\n'))], default_model="other"
        )
        load_catalog(settings)


def test_relative_sources_resolve_against_the_catalog_file(tmp_path: Path) -> None:
    (tmp_path / "weights").mkdir()
    loaded = load(tmp_path, '[[models]]\nid = "m"\nsource = "weights"\n[[models]]\nid = "h"\nsource = "org/repo"\n')
    assert loaded.get("m").source == str((tmp_path / "weights").resolve())  # type: ignore[attr-defined]
    assert loaded.get("h").source == "org/repo"  # type: ignore[attr-defined]
    assert loaded.default_id == "m"  # type: ignore[attr-defined]


def test_unreadable_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read catalog"):
        load(tmp_path, "[[models]\nid=")


def test_settings_from_environment_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "imagegate.toml"
    config.write_text('port = 9000\nlog_level = "debug"\n[[models]]\nid = "inline"\nsource = "a/b"\n')
    monkeypatch.setenv("IMAGEGATE_CONFIG", str(config))
    monkeypatch.setenv("IMAGEGATE_PORT", "9100")
    settings = load_settings(catalog=[])
    assert settings.port == 9100 and settings.log_level == "debug"  # env beats the file
    assert load_catalog(settings).default_id == "inline"
    monkeypatch.setenv("IMAGEGATE_PORT", "not-a-port")
    with pytest.raises(ConfigError, match="port"):
        load_settings()


def test_production_refuses_placeholder_secrets(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        load_settings(env="production", data_dir=tmp_path).signing_secret()
    with pytest.raises(ConfigError, match="placeholder"):
        load_settings(env="production", secret_key="changeme").signing_secret()
    assert load_settings(env="production", secret_key="x" * 40).signing_secret() == b"x" * 40
    dev = load_settings(data_dir=tmp_path)
    assert dev.signing_secret() == dev.signing_secret()  # generated once, kept in the data folder
    with pytest.raises(ConfigError, match="admin_key"):
        load_settings(admin_key="short")


def test_server_refuses_to_start_on_a_bad_catalog(tmp_path: Path) -> None:
    bad = catalog(tmp_path, '[[models]]\nid = "m"\nsource = "x/y"\ntasks = ["paint"]\n')
    env = {
        "IMAGEGATE_CATALOG": f'["{bad}"]',
        "IMAGEGATE_DATA_DIR": str(tmp_path / "data"),
        "IMAGEGATE_CONFIG": str(tmp_path / "none.toml"),
        "IMAGEGATE_PORT": "0",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(Path(imagegate.__file__).resolve().parents[1]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "imagegate", "serve"], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 2
    assert "model 'm': tasks.0" in done.stderr and "Traceback" not in done.stderr


def test_the_ray_executor_s_settings() -> None:
    settings = load_settings()
    assert settings.executor == "local"  # `make run` never touches Ray
    ray = load_settings(executor="ray", ray_num_gpus=0.5, ray_min_replicas=0, ray_max_replicas=3)
    assert (ray.ray_num_gpus, ray.ray_min_replicas, ray.ray_max_replicas) == (0.5, 0, 3)
    with pytest.raises(ConfigError, match="ray_min_replicas: must not exceed ray_max_replicas"):
        load_settings(executor="ray", ray_min_replicas=3, ray_max_replicas=2)
    with pytest.raises(ConfigError, match="executor"):
        load_settings(executor="dask")


def test_annotators_are_catalog_entries(tmp_path: Path) -> None:
    (tmp_path / "depth").mkdir()
    entry = '[[annotators]]\nid = "depth-small"\nkind = "depth"\nsource = "./depth"\n'
    found = load(tmp_path, entry + '\n[[annotators]]\nid = "pose"\nkind = "pose"\nsource = "owner/vitpose"\n')
    annotators = found.annotators  # type: ignore[attr-defined]
    assert annotators["depth-small"].source == str((tmp_path / "depth").resolve())
    assert annotators["pose"].source == "owner/vitpose"  # a hub repo, fetched when first used
    with pytest.raises(ConfigError, match=r"annotator 'depth-small'.*kind"):
        load(tmp_path, entry.replace('"depth"\nsource', '"edges"\nsource'))
