"""Tiny random-weight ControlNet annotators of the real architectures, saved the way their hub repos
are (config.json, model.safetensors, preprocessor_config.json): Depth Anything (a DINOv2 backbone
and a DPT head) for depth, ViTPose (a ViT backbone and a heatmap head, COCO's 17 keypoints) for
pose. Real weights cannot be fetched here; these load and run through the same transformers code."""

from __future__ import annotations

from pathlib import Path

import torch


def build_depth_annotator(out: Path, *, seed: int = 0) -> Path:
    import transformers

    torch.manual_seed(seed)
    backbone = transformers.Dinov2Config(
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        image_size=56,
        patch_size=14,
        out_features=["stage1", "stage2"],
        reshape_hidden_states=False,
    )
    config = transformers.DepthAnythingConfig(
        backbone_config=backbone,
        reassemble_hidden_size=32,
        patch_size=14,
        neck_hidden_sizes=[16, 32],
        reassemble_factors=[2, 1],
        fusion_hidden_size=16,
        head_hidden_size=16,
    )
    transformers.DepthAnythingForDepthEstimation(config).save_pretrained(out)
    processor = transformers.DPTImageProcessorPil(
        size={"height": 56, "width": 56}, keep_aspect_ratio=True, ensure_multiple_of=14, resample=3
    )
    processor.save_pretrained(out)
    return out


def build_pose_annotator(out: Path, *, seed: int = 0) -> Path:
    import transformers

    torch.manual_seed(seed)
    backbone = transformers.VitPoseBackboneConfig(
        image_size=[64, 48],
        patch_size=[16, 16],
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        mlp_ratio=2,
        out_indices=[2],
    )
    config = transformers.VitPoseConfig(backbone_config=backbone, use_simple_decoder=True, num_labels=17)
    model = transformers.VitPoseForPoseEstimation(config)
    with torch.no_grad():
        # Lift every heatmap above the drawing threshold, so that each keypoint (at its random peak) is drawn.
        model.head.conv.bias.add_(1.0)
    model.save_pretrained(out)
    transformers.VitPoseImageProcessorPil(size={"height": 64, "width": 48}).save_pretrained(out)
    return out
