r"""Curation the LIMA way: candidates -> filters -> quality -> dedup -> diversity selection -> splits -> card.

Library entry points (the CLI and UI are thin shells over these):

- :func:`kit.curation.pipeline.curate` — the pure pipeline over :class:`~kit.curation.candidates.Candidate`\ s.
- :func:`kit.curation.output.write_dataset` — DatasetDict + card.md + stats.json + plots, atomically.
- :func:`kit.curation.build.build_dataset` — the workspace build from signed-off records.
- :mod:`kit.curation.store` — hand-authored candidates (add, edit), rejections.
- :mod:`kit.curation.datasets` — ``resolve_dataset`` / ``list_datasets`` for training.

Extension points are registries: ``register_filter``, ``register_scorer``, ``register_embedder``,
``register_pair_rule``. See docs/curation.md.
"""
