"""Face restoration on pixels: CenterFace finds the drawn face, GFPGAN and CodeFormer (random weights
of the real architectures, read from catalog entries) repaint the aligned face, and every pixel away
from it comes back unchanged."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from imagegate.config import load_catalog, load_settings
from imagegate.domain.jobs import EngineResult, GeneratedImage
from imagegate.domain.options import RestoreFacesOption
from imagegate.engines.base import RunContext
from imagegate.engines.restore import FaceRestorer
from imagegate.engines.restore.arches import RestorerWeightsError, load_restorer
from imagegate.engines.restore.faces import FaceDetector, detector_weights
from imagegate.errors import ConfigError, EngineError
from imagegate.executors.local import LocalExecutor
from tests.support.faces import draw_face, restorer_catalog


@pytest.fixture(scope="module")
def face() -> Image.Image:
    return draw_face(512)


@pytest.fixture(scope="module")
def catalog(face_restorer_weights: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("restorer-catalog")
    (folder / "restorers.toml").write_text(restorer_catalog(face_restorer_weights))
    return load_catalog(load_settings(data_dir=folder, catalog=[str(folder / "restorers.toml")], env="test"))


@pytest.fixture(scope="module")
def restorer() -> FaceRestorer:
    return FaceRestorer(executor=LocalExecutor(torch_threads=1), device="cpu")


def test_the_detector_finds_the_drawn_face_and_its_landmarks(face: Image.Image) -> None:
    found = FaceDetector(detector_weights())(np.asarray(face))
    assert len(found) == 1 and found[0].score > 0.5
    x0, y0, x1, y1 = found[0].box
    assert 130 < x0 < 200 and 310 < x1 < 390 and 120 < y0 < 200 and 350 < y1 < 420  # the oval at 128–384 px
    (lx, ly), (rx, ry), (nx, ny), (mlx, mly), (mrx, mry) = found[0].landmarks
    assert lx < nx < rx and mlx < mrx  # eyes and mouth corners left to right
    assert max(ly, ry) < ny < min(mly, mry)  # eyes above the nose tip above the mouth
    for side in (128, 256, 384, 768):  # found at any size (the detector sees every image at 640 px)
        assert len(FaceDetector(detector_weights())(np.asarray(draw_face(side)))) == 1, side
    blank = np.full((512, 512, 3), 128, np.uint8)
    assert FaceDetector(detector_weights())(blank) == []


def _changed(before: Image.Image, after: Image.Image) -> np.ndarray:
    return np.abs(np.asarray(before, dtype=np.int16) - np.asarray(after, dtype=np.int16)).max(axis=-1) > 0


@pytest.mark.parametrize("restorer_id", ["gfpgan-test", "codeformer-test"])
def test_restores_the_face_and_leaves_the_rest(
    catalog,
    restorer: FaceRestorer,
    face: Image.Image,
    restorer_id: str,  # type: ignore[no-untyped-def]
) -> None:
    spec = catalog.face_restorers[restorer_id]
    restored, count = restorer.restore(spec, face, RestoreFacesOption(model=restorer_id), RunContext(job_id="job_x"))
    assert count == 1 and restored.size == face.size and restored.mode == "RGB"
    changed = _changed(face, restored)
    inside = changed[200:330, 200:310]  # between the eyes and the mouth
    assert inside.mean() > 0.9
    # The aligned 512-px frame covers about 1.4× the face; past it nothing moves, not by one level.
    assert not changed[:, :60].any() and not changed[:, 460:].any() and not changed[470:, :].any()
    assert changed.mean() < 0.6
    assert restorer.network(spec).architecture == ("GFPGAN" if restorer_id.startswith("gfpgan") else "CodeFormer")


def test_visibility_blends_and_the_post_step_reports(catalog, restorer: FaceRestorer, face: Image.Image) -> None:  # type: ignore[no-untyped-def]
    spec = catalog.face_restorers["gfpgan-test"]
    full, _ = restorer.restore(spec, face, RestoreFacesOption(), RunContext(job_id="job_x"))
    result = EngineResult(
        images=[GeneratedImage(image=face, seed=1), GeneratedImage(image=Image.new("RGB", (64, 64), "gray"), seed=2)],
        info={},
        compute_s=0.0,
    )
    half = asyncio.run(
        restorer.restore_result(spec, result, RestoreFacesOption(visibility=0.5), RunContext(job_id="job_x"))
    )
    assert half.info["restore_faces"]["faces"] == [1, 0] and half.info["restore_faces"]["architecture"] == "GFPGAN"
    assert np.array_equal(np.asarray(half.images[1].image), np.asarray(result.images[1].image))  # no face: as it was
    original, blended, restored = (np.asarray(i, dtype=np.float32) for i in (face, half.images[0].image, full))
    centre = (slice(220, 300), slice(220, 290))
    expected = (original[centre] + restored[centre]) / 2
    assert np.abs(blended[centre] - expected).max() <= 1.0


def test_wrong_weights_and_missing_files_are_refused(tmp_path: Path, restorer: FaceRestorer) -> None:
    import torch

    torch.save({"conv.weight": torch.zeros(3, 3, 3, 3)}, tmp_path / "other.pth")
    with pytest.raises(RestorerWeightsError, match="supported: GFPGAN"):
        load_restorer(str(tmp_path / "other.pth"))
    (tmp_path / "bad.toml").write_text('[[face_restorers]]\nid = "x"\nsource = "missing.pth"\n')
    with pytest.raises(ConfigError, match="face_restorer 'x': source: no such file"):
        load_catalog(load_settings(data_dir=tmp_path, catalog=[str(tmp_path / "bad.toml")], env="test"))
    (tmp_path / "good.toml").write_text(f'[[face_restorers]]\nid = "x"\nsource = "{tmp_path / "other.pth"}"\n')
    spec = load_catalog(load_settings(data_dir=tmp_path, catalog=[str(tmp_path / "good.toml")], env="test"))
    with pytest.raises(EngineError, match="face restorer 'x': unrecognised"):
        restorer.network(spec.face_restorers["x"])
