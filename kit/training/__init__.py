"""Fine-tuning: model registry, run configuration and presets, data path, runs, memory estimate.

Heavy libraries (torch, transformers, peft) are imported inside functions so that ``kit --help`` and the
registry listing stay fast.
"""
