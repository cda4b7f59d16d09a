"""Third-party clients with their own defaults, unchanged but for the address, against the server as
`make run` serves it (the bundled catalog: tiny-shapes, drawn at 64×64, and the Real-ESRGAN
upscalers). The sizes they ask for by default are drawn at the model's size and resized
(``size_policy = "fit"``); the model ids they send by default are built-in aliases."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.support.server import ServerProcess

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    catalogs = sorted((REPO / "models").glob("*.toml"))  # the default catalog setting: models/*.toml
    proc = ServerProcess(tmp_path_factory.mktemp("bundled"), catalogs).start()
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def key(bundled_server: ServerProcess) -> str:
    return bundled_server.new_key("third-party")


def test_webuiapi_default_txt2img(bundled_server: ServerProcess, key: str) -> None:
    import webuiapi

    api = webuiapi.WebUIApi(host="127.0.0.1", port=bundled_server.port, username="user", password=key)
    result = api.txt2img(prompt="a red circle on a blue background")  # webuiapi's default: 512×512
    assert result.image.size == (512, 512)
    assert result.info["width"] == 512 and result.info["height"] == 512
    red, _, blue = result.image.convert("RGB").getpixel((10, 10))
    assert blue > red  # the background is blue: the prompt was followed


def test_webuiapi_extras_with_a1111_s_lanczos(bundled_server: ServerProcess, key: str) -> None:
    import webuiapi
    from PIL import Image

    api = webuiapi.WebUIApi(host="127.0.0.1", port=bundled_server.port, username="user", password=key)
    result = api.extra_single_image(image=Image.new("RGB", (32, 24), "red"), upscaler_1="Lanczos", upscaling_resize=2)
    assert result.image.size == (64, 48)


def test_openai_dall_e_3_example(bundled_server: ServerProcess, key: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=f"{bundled_server.url}/v1", api_key=key)
    response = client.images.generate(
        model="dall-e-3", prompt="a green triangle on a white background", size="1024x1024", quality="standard", n=1
    )
    url = response.data[0].url
    assert url is not None
    with Image.open(io.BytesIO(httpx.get(url, timeout=30).content)) as image:
        assert image.size == (1024, 1024)
    with bundled_server.client(key) as native:
        [job] = native.get("/v1/jobs", params={"limit": 1}).json()["data"]
    # The job says what happened: drawn at the model's 64×64, delivered at the size asked.
    assert job["model"] == "tiny-shapes" and (job["params"]["width"], job["params"]["height"]) == (64, 64)
    assert job["params"]["resize_to"] == {"width": 1024, "height": 1024}


# modelslab-py is written for pydantic 1 (class-based Config, .dict()): pydantic 2 warns about it.
@pytest.mark.filterwarnings("ignore::pydantic.warnings.PydanticDeprecatedSince20")
def test_modelslab_py_super_resolution_with_its_default_model(bundled_server: ServerProcess, key: str) -> None:
    from modelslab_py.core.apis.image_editing import Image_editing
    from modelslab_py.core.client import Client
    from modelslab_py.schemas.image_editing import SuperResolutionSchema

    client = Client(api_key=key)
    client.base_url = f"{bundled_server.url}/api/"  # the one change: where the API is
    small = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(small, format="PNG")
    schema = SuperResolutionSchema(init_image=base64.b64encode(small.getvalue()).decode())
    assert schema.model_id == "ultra_resolution"  # its default, sent unchanged
    result = Image_editing(client=client).super_resolution(schema)
    if result["status"] == "processing":
        result = Image_editing(client=client).fetch(str(result["id"]))
    assert result["status"] == "success", result
    with Image.open(io.BytesIO(httpx.get(result["output"][0], timeout=30).content)) as image:
        assert image.size == (96, 64)  # its default scale, 4


def test_aliases_are_listed(bundled_server: ServerProcess, key: str) -> None:
    with bundled_server.client(key) as native:
        models = {m["id"]: m for m in native.get("/v1/models").json()["data"]}
        assert {"dall-e-3", "gpt-image-1"} <= set(models["tiny-shapes"]["aliases"])
        assert models["tiny-shapes"]["size_policy"] == "fit"
        upscaler = next(m for m in models.values() if "ultra_resolution" in m["aliases"])
        assert upscaler["default"] is False and "upscale" in upscaler["tasks"]
        # An alias names its model on the native API too.
        assert native.get("/v1/models/dall-e-3").json()["id"] == "tiny-shapes"
