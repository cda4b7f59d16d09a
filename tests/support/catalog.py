"""A catalog file naming the tiny test models, as a user would write one."""

from __future__ import annotations

from pathlib import Path

TINY_DEFAULTS = "defaults = { width = 64, height = 64, num_inference_steps = 2, guidance_scale = 5.0 }"


def write_catalog(path: Path, models: dict[str, Path]) -> Path:
    """One entry per family, loaded through every source kind: folders and single files."""
    entries = [
        ("tiny-sd1", models["sd1"], "", ""),
        ("tiny-sd1-file", models["sd1_single_file"], f'config = "{models["sd1"]}"', ""),
        ("tiny-sdxl", models["sdxl"], "", ""),
        ("tiny-sdxl-file", models["sdxl_single_file"], f'config = "{models["sdxl"]}"', ""),
        ("tiny-sd3", models["sd3"], "", "call_kwargs = { max_sequence_length = 64 }"),
        ("tiny-flux", models["flux"], "", "call_kwargs = { max_sequence_length = 64 }"),
    ]
    lines = []
    for model_id, source, config, extra in entries:
        lines += [
            "[[models]]",
            f'id = "{model_id}"',
            f'source = "{source}"',
            TINY_DEFAULTS,
            "price = { per_megapixel_step = 0.001 }",
            "limits = { max_width = 1024, max_height = 1024 }",
        ]
        lines += [line for line in (config, extra) if line]
        lines.append("")
    path.write_text("\n".join(lines))
    return path


THREE_MODELS = ("tiny-a", "tiny-b", "tiny-c")


def write_three_models(path: Path, sd1: Path) -> Path:
    """One tiny SD 1.x pipeline under three ids: three models to Serve's multiplexing."""
    lines = []
    for model_id in THREE_MODELS:
        lines += [
            "[[models]]",
            f'id = "{model_id}"',
            f'source = "{sd1}"',
            "defaults = { width = 64, height = 64, num_inference_steps = 2, guidance_scale = 5.0 }",
            "price = { per_megapixel_step = 0.001 }",
            "",
        ]
    path.write_text("\n".join(lines))
    return path
