"""Pure translations between the client dialects' wire formats and the domain ``GenerationRequest``.

One module per dialect (``openai``, ``modelslab``, ``a1111``) plus what they share. Nothing here does
I/O: handlers resolve models and read images, then call these functions, so every mapping can be
unit-tested on plain values.
"""
