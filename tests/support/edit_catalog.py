"""A catalog for the image-editing tests: the tiny models with every task, a dedicated inpainting
model, LoRAs and ControlNets per family, the bundled Real-ESRGAN upscaler, Lanczos and user
ESRGAN-family weights — each one catalog entry, as a user would write them."""

from __future__ import annotations

from pathlib import Path

EDIT_DEFAULTS = "defaults = { width = 64, height = 64, num_inference_steps = 2, guidance_scale = 5.0 }"
EDIT_LIMITS = "limits = { max_width = 256, max_height = 256 }"
ALL_TASKS = '["txt2img", "img2img", "inpaint", "outpaint", "controlnet", "variation"]'


def write_edit_catalog(path: Path, tiny: dict[str, Path], edit: dict[str, Path]) -> Path:
    seq = "call_kwargs = { max_sequence_length = 64 }"
    models = [
        ("edit-sd1", tiny["sd1"], ALL_TASKS, ""),
        ("edit-sd1-routed", tiny["sd1"], ALL_TASKS, 'inpaint_model = "edit-sd1-inpaint"'),
        ("edit-sd1-inpaint", edit["sd1_inpaint"], '["inpaint", "outpaint"]', ""),
        ("edit-sdxl", tiny["sdxl"], ALL_TASKS, ""),
        ("edit-flux", tiny["flux"], ALL_TASKS, seq),
        # The tiny SD3 has 4 latent channels; diffusers' SD3 inpainting needs the real models' 16.
        ("edit-sd3", tiny["sd3"], '["txt2img", "img2img", "controlnet", "variation"]', seq),
        ("edit-sd3-16ch", edit["sd3_16ch"], '["txt2img", "img2img", "inpaint", "outpaint"]', seq),
    ]
    models.append(("edit-sd1-large", tiny["sd1"], '["txt2img"]', "limits = { max_width = 2048, max_height = 2048 }"))
    lines: list[str] = []
    for model_id, source, tasks, extra in models:
        lines += ["[[models]]", f'id = "{model_id}"', f'source = "{source}"', f"tasks = {tasks}", EDIT_DEFAULTS]
        limits = [] if extra.startswith("limits") else [EDIT_LIMITS]
        lines += [*limits, "price = { per_megapixel_step = 0.001 }", extra, ""]
    upscalers = [
        ("realesr-animevideov3", "ncnn:realesr-animevideov3-x4", ""),
        ("lanczos", "lanczos", ""),
        ("user-rrdb", edit["rrdb_pth"], ""),
        ("user-old-esrgan", edit["old_esrgan_pth"], "call_kwargs = { tile_size = 24 }"),
        ("user-compact", edit["compact_safetensors"], ""),
    ]
    for model_id, source, extra in upscalers:
        lines += ["[[models]]", f'id = "{model_id}"', 'engine = "upscaler"', f'source = "{source}"']
        lines += ['tasks = ["upscale"]', "price = { per_image = 0.002 }", extra, ""]
    loras = [
        ("lora-sd1-a", edit["lora_sd1_a"], "sd1"),
        ("lora-sd1-b", edit["lora_sd1_b"], "sd1"),
        ("lora-sdxl", edit["lora_sdxl"], "sdxl"),
        ("lora-flux", edit["lora_flux"], "flux"),
    ]
    for lora_id, source, family in loras:
        lines += ["[[loras]]", f'id = "{lora_id}"', f'source = "{source}"', f'families = ["{family}"]', ""]
    nets = [
        ("cn-sd1", edit["cn_sd1"], "sd1", "canny"),
        ("cn-sd1-b", edit["cn_sd1_b"], "sd1", "none"),
        ("cn-sdxl", edit["cn_sdxl"], "sdxl", "none"),
        ("cn-flux", edit["cn_flux"], "flux", "none"),
        ("cn-sd3", edit["cn_sd3"], "sd3", "none"),
    ]
    for net_id, source, family, preprocessor in nets:
        lines += ["[[controlnets]]", f'id = "{net_id}"', f'source = "{source}"', f'family = "{family}"']
        lines += [f'preprocessor = "{preprocessor}"', ""]
    path.write_text("\n".join(lines))
    return path
