"""Deduplication: exact (normalized hash) and near-duplicate (MinHash + LSH, numpy only).

Runs on prompts and on responses. Candidates are visited best first (quality, then id), so of any duplicate
pair the better-rated one is kept and the other is rejected naming the one it duplicates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field

from kit.curation.candidates import Candidate
from kit.curation.filters.registry import Rejection

_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Case-, punctuation- and whitespace-insensitive form used for hashing and shingling."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def exact_key(text: str) -> str:
    """SHA-256 of the normalized text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


class DedupConfig(BaseModel):
    """How near is a near duplicate."""

    near_threshold: float = Field(
        0.7,
        ge=0.0,
        le=1.0,
        description="Estimated Jaccard similarity of character "
        "5-gram sets at or above which two prompts (or two responses) are duplicates.",
    )
    num_bands: int = Field(20, ge=1, description="LSH bands; bands x rows MinHash permutations.")
    rows_per_band: int = Field(6, ge=1, description="Rows per LSH band (more rows: fewer false candidates).")
    shingle_chars: int = Field(5, ge=2, description="Character n-gram length of the shingles.")
    seed: int = Field(1, description="Seed of the MinHash permutations (fixed, so results are reproducible).")


class MinHasher:
    """MinHash signatures of character n-gram sets, with multiply-shift hashing on uint64."""

    _PRIME = np.uint64(1099511628211)  # FNV prime: mixes the bytes of a shingle into 64 bits

    def __init__(self, num_perm: int = 120, shingle_chars: int = 5, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.k = shingle_chars
        self.a = rng.integers(1, 2**63, num_perm, dtype=np.uint64) | np.uint64(1)
        self.b = rng.integers(0, 2**63, num_perm, dtype=np.uint64)

    def shingles(self, text: str) -> np.ndarray:
        """Unique 64-bit hashes of the normalized text's character n-grams."""
        data = np.frombuffer(normalize(text).encode("utf-8"), dtype=np.uint8).astype(np.uint64)
        if len(data) == 0:
            return np.zeros(1, dtype=np.uint64)
        m = max(1, len(data) - self.k + 1)
        h = np.zeros(m, dtype=np.uint64)
        for j in range(min(self.k, len(data))):
            h = h * self._PRIME + data[j : j + m]
        return np.unique(h)

    def signature(self, text: str) -> np.ndarray:
        """The MinHash signature (uint32 per permutation)."""
        s = self.shingles(text)
        return ((s[:, None] * self.a[None, :] + self.b[None, :]) >> np.uint64(32)).min(axis=0).astype(np.uint32)

    def signatures(self, texts: Sequence[str]) -> np.ndarray:
        """Signatures of many texts, shape (len(texts), num_perm)."""
        out = np.empty((len(texts), len(self.a)), dtype=np.uint32)
        for i, text in enumerate(texts):
            out[i] = self.signature(text)
        return out


class LshIndex:
    """Banded LSH over MinHash signatures: finds already-added items similar to a query."""

    def __init__(self, signatures: np.ndarray, num_bands: int, rows: int) -> None:
        self.sigs = signatures
        self.num_bands, self.rows = num_bands, rows
        self.buckets: dict[tuple[int, bytes], list[int]] = {}

    def _keys(self, i: int) -> list[tuple[int, bytes]]:
        sig = self.sigs[i]
        return [(b, sig[b * self.rows : (b + 1) * self.rows].tobytes()) for b in range(self.num_bands)]

    def add(self, i: int) -> None:
        """Index item ``i``."""
        for key in self._keys(i):
            self.buckets.setdefault(key, []).append(i)

    def most_similar(self, i: int) -> tuple[int | None, float]:
        """The indexed item most similar to ``i`` (estimated Jaccard), or (None, 0.0)."""
        mates = {j for key in self._keys(i) for j in self.buckets.get(key, ())}
        if not mates:
            return None, 0.0
        ids = np.fromiter(mates, dtype=np.int64)
        sims = (self.sigs[ids] == self.sigs[i]).mean(axis=1)
        best = int(np.argmax(sims))
        return int(ids[best]), float(sims[best])


@dataclass
class DedupResult:
    """Survivors (best first) and the rejected duplicates."""

    kept: list[Candidate]
    rejections: list[Rejection]


def _hasher(config: DedupConfig) -> MinHasher:
    return MinHasher(config.num_bands * config.rows_per_band, config.shingle_chars, config.seed)


def deduplicate(
    candidates: Sequence[Candidate], quality: dict[str, float], config: DedupConfig | None = None
) -> DedupResult:
    """Drop exact and near duplicates on prompts and on responses, keeping the better-rated of each pair."""
    config = config or DedupConfig()
    order = sorted(range(len(candidates)), key=lambda i: (-quality.get(candidates[i].id, 0.0), candidates[i].id))
    hasher = _hasher(config)
    indexes = {
        f: LshIndex(hasher.signatures([getattr(c, f) for c in candidates]), config.num_bands, config.rows_per_band)
        for f in ("prompt", "response")
    }
    seen: dict[tuple[str, str], int] = {}
    kept, rejections = [], []
    for i in order:
        candidate = candidates[i]
        flag = None
        for field_name in ("prompt", "response"):
            key = (field_name, exact_key(getattr(candidate, field_name)))
            if key in seen:
                flag = (f"exact_duplicate_{field_name}", f"of {candidates[seen[key]].id}")
                break
            j, sim = indexes[field_name].most_similar(i)
            if j is not None and sim >= config.near_threshold:
                flag = (f"near_duplicate_{field_name}", f"of {candidates[j].id} (jaccard {sim:.2f})")
                break
        if flag:
            rejections.append(Rejection(candidate.id, "dedup", flag[0], flag[1], "dedup"))
            continue
        kept.append(candidate)
        for field_name in ("prompt", "response"):
            seen[(field_name, exact_key(getattr(candidate, field_name)))] = i
            indexes[field_name].add(i)
    return DedupResult(kept, rejections)


def signature_similarity(sigs: np.ndarray, block: int = 64) -> np.ndarray:
    """Pairwise estimated Jaccard of MinHash signatures (n x n, float32). For selections, not whole pools."""
    n = len(sigs)
    out = np.empty((n, n), dtype=np.float32)
    for start in range(0, n, block):
        part = sigs[start : start + block]
        out[start : start + block] = (part[:, None, :] == sigs[None, :, :]).mean(axis=2)
    return out


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float, config: DedupConfig | None = None
) -> list[tuple[int, int, float]]:
    """Every (i, j, similarity) with i < j whose estimated Jaccard is >= ``threshold``.

    Exhaustive (no LSH misses), so use it on selections of a few thousand, e.g. to keep near duplicates out of
    other splits.
    """
    config = config or DedupConfig()
    sims = signature_similarity(_hasher(config).signatures(texts))
    rows, cols = np.nonzero(np.triu(sims >= threshold, k=1))  # equal normalized texts have similarity 1
    return [(int(i), int(j), float(sims[i, j])) for i, j in zip(rows, cols)]
