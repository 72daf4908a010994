"""Memorization probe: prompt with the first part of training responses, measure verbatim continuation.

For each training example the model gets the example's prompt in its chat template and the first
``prefix_fraction`` of the response as the start of its own turn, and continues greedily (the standard
extraction setting: the most likely continuation is the one a memorized model reproduces). The
continuation is compared with the true rest of the response: the longest common token run (as a share of
the rest's length) and the share of the rest's n-grams it contains.

The probed examples are a seeded random sample of the split (not its first rows, which a curated split may
order by source or category); the seed is stored with the result so the same sample can be drawn again.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kit.evaluation.generation import SamplingConfig, SystemSpec, chat_prompt, generate_batch, loaded
from kit.evaluation.probes.overlap import longest_common_run, ngram_overlap, split_at_fraction, tokens

ContinueFn = Callable[[Sequence[tuple[str, str]]], list[str]]
"""(prompt, response prefix) pairs -> the model's continuations."""


@dataclass(frozen=True)
class MemorizationSettings:
    """How the probe cuts responses and what it flags."""

    prefix_fraction: float = 0.5
    """Share of each response's tokens given to the model as the start of its answer."""
    ngram: int = 8
    """n of the n-gram overlap."""
    flag_ratio: float = 0.5
    """An example is flagged when the longest common run covers at least this share of the true rest."""
    max_examples: int = 20
    """Training examples probed: a random sample of this size (all of them when the split is smaller)."""
    seed: int = 0
    """Seed of that sample; recorded in the result."""
    max_new_tokens: int = 128
    """Longest continuation generated."""


def model_continuations(spec: SystemSpec, max_new_tokens: int = 128, batch_size: int = 8) -> ContinueFn:
    """A ContinueFn that decodes greedily with ``spec`` (loads the model on first call)."""
    cfg = SamplingConfig(do_sample=False, max_new_tokens=max_new_tokens, batch_size=batch_size, repetition_penalty=1.0)

    def run(pairs: Sequence[tuple[str, str]]) -> list[str]:
        out: list[str] = []
        with loaded(spec) as (model, tokenizer):
            for start in range(0, len(pairs), batch_size):
                texts = [chat_prompt(tokenizer, p, prefix) for p, prefix in pairs[start : start + batch_size]]
                out.extend(text for text, _ in generate_batch(model, tokenizer, texts, cfg, seed=0))
        return out

    return run


def sample_examples(examples: Sequence, size: int, seed: int) -> list:
    """``size`` examples drawn at random with ``seed`` (kept in their original order); all when fewer."""
    if size >= len(examples):
        return list(examples)
    picked = sorted(random.Random(seed).sample(range(len(examples)), size))
    return [examples[i] for i in picked]


def memorization_probe(
    examples: Sequence[tuple[str, str, str]], continue_fn: ContinueFn, settings: MemorizationSettings | None = None
) -> dict:
    """Probe ``(example_id, prompt, response)`` triples; summary with per-example scores (no text)."""
    settings = settings or MemorizationSettings()
    chosen = sample_examples(list(examples), settings.max_examples, settings.seed)
    cuts = [split_at_fraction(response, settings.prefix_fraction) for _, _, response in chosen]
    continuations = continue_fn([(prompt, prefix) for (_, prompt, _), (prefix, _) in zip(chosen, cuts)])
    items = []
    for (example_id, _, _), (_, rest), continuation in zip(chosen, cuts, continuations):
        reference, produced = tokens(rest), tokens(continuation)
        run = longest_common_run(reference, produced)
        ratio = run / len(reference) if reference else 0.0
        items.append(
            {
                "example_id": example_id,
                "reference_tokens": len(reference),
                "lcs_tokens": run,
                "lcs_ratio": round(ratio, 4),
                "ngram_overlap": round(ngram_overlap(reference, produced, settings.ngram), 4),
            }
        )
    ratios = [i["lcs_ratio"] for i in items] or [0.0]
    overlaps = [i["ngram_overlap"] for i in items] or [0.0]
    return {
        "n_examples": len(items),
        "n_available": len(examples),
        "seed": settings.seed,
        "prefix_fraction": settings.prefix_fraction,
        "ngram": settings.ngram,
        "max_lcs_ratio": max(ratios),
        "mean_lcs_ratio": round(sum(ratios) / len(ratios), 4),
        "max_ngram_overlap": max(overlaps),
        "mean_ngram_overlap": round(sum(overlaps) / len(overlaps), 4),
        "flagged": [i["example_id"] for i in items if i["lcs_ratio"] >= settings.flag_ratio],
        "items": items,
    }
