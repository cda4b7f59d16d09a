"""The disk budget of the models folder: a pull that needs more than the budget fails naming the
setting; pulled models nobody used are evicted, least recently used first, with a log line."""

from __future__ import annotations

from pathlib import Path

from tests.catalog.conftest import TINY, manager_env, write_small_catalog
from tests.catalog.test_pulls import wait_ready
from tests.support.model_hub import FakeHub
from tests.support.server import ServerProcess


def test_unused_pulled_models_are_evicted_to_stay_within_the_budget(
    pull_files: dict[str, Path], tiny_models: dict[str, Path], hub: FakeHub, tmp_path: Path
) -> None:
    hub.add_folder("tiny/sdxl", tiny_models["sdxl"])  # 8.8 MB: more than the whole budget
    catalog = write_small_catalog(tmp_path / "catalog.toml", pull_files["folder"])
    env = manager_env(hub, IMAGEGATE_MODELS_MAX_GB="0.008")  # room for one 5.6 MB tiny SD 1.5
    server = ServerProcess(tmp_path / "srv", catalog, env=env).start()
    try:
        with server.client() as admin:
            for model_id in ("first", "second"):
                admin.post("/v1/models", json={"id": model_id, "source": "tiny/sd1", "defaults": TINY})
                assert wait_ready(admin, f"/v1/models/{model_id}")["status"] == "ready"
            ids = {m["id"] for m in admin.get("/v1/models").json()["data"]}
            assert "second" in ids and "first" not in ids
            assert not (server.data_dir / "models" / "model" / "first").exists()
            too_big = admin.post("/v1/models", json={"id": "big", "source": "tiny/sdxl"})
            assert too_big.status_code == 202
            failed = wait_ready(admin, "/v1/models/big")
            assert failed["status"] == "failed" and "IMAGEGATE_MODELS_MAX_GB" in failed["download"]["error"]
            assert "second" in {m["id"] for m in admin.get("/v1/models").json()["data"]}
        assert "evicted model 'first'" in server.log_path.read_text()
    finally:
        server.stop()
