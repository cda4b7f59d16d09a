"""tiny-shapes: a tiny text-to-image model trained from scratch on procedural scenes.

One command trains it and writes a standard diffusers `StableDiffusionPipeline` folder::

    python -m training.tiny_shapes.train            # all stages, resumable; see --help

and one scores a pipeline folder on held-out prompts::

    python -m training.tiny_shapes.evaluate models/tiny-shapes

Modules: `scenes` (vocabulary, scene sampling, rendering, the held-out split), `captions` (phrasings),
`tokenizer` (a CLIP BPE tokenizer in which every vocabulary word is one token), `components` (the
diffusers/transformers configs), `train_vae`, `train_unet`, `export`, `train` (the stages) and
`evaluate` (the scorer other code imports).
"""
