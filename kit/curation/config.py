"""All curation settings in one validated object (code settings; see docs/curation.md for each field)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kit.curation.dedup import DedupConfig
from kit.curation.filters import FilterSpec, default_filter_specs
from kit.curation.quality import QualityConfig
from kit.curation.selection import SelectionConfig
from kit.curation.splits import SplitConfig

INTENDED_USE = (
    "Supervised fine-tuning (LIMA-style, ~1,000 examples) of a local assistant model that answers patient "
    "and clinician questions in this organization's voice. Not for diagnosis; outputs need clinical review. "
    "Built only from records that passed PHI redaction and compliance sign-off (or from the given file)."
)


class CurationConfig(BaseModel):
    """Settings of one curation run: sizes, seed, filters, dedup, quality, embeddings, selection, splits."""

    n: int = Field(1000, ge=1, description="Training examples to select (LIMA: 1,000).")
    dev: int = Field(50, ge=0, description="Validation examples (LIMA: 50).")
    test: int = Field(300, ge=0, description="Test examples (LIMA: 300).")
    shrink_share: float = Field(
        1.0,
        gt=0.0,
        le=1.0,
        description="When fewer candidates survive than n + dev + "
        "test, select this share of them (all three splits shrink proportionally).",
    )
    seed: int = Field(0, description="Seed of every random choice (baseline, clustering, splits).")
    filters: list[FilterSpec] = Field(
        default_factory=default_filter_specs, description="Filters in the order they run."
    )
    dedup: DedupConfig = Field(default_factory=DedupConfig, description="Near-duplicate settings.")
    quality: QualityConfig = Field(default_factory=QualityConfig, description="Heuristic quality score.")
    embedder: str = Field("auto", description="auto (MiniLM if installed, else TF-IDF), minilm or tfidf.")
    selection: SelectionConfig = Field(default_factory=SelectionConfig, description="Diversity selection.")
    splits: SplitConfig = Field(default_factory=SplitConfig, description="Near-duplicate guard across splits.")
    intended_use: str = Field(INTENDED_USE, description="Intended-use paragraph of the dataset card.")

    def without_filter(self, name: str) -> CurationConfig:
        """A copy with the filter ``name`` removed (e.g. ``residual_phi`` for a pre-checked file)."""
        return self.model_copy(update={"filters": [f for f in self.filters if f.name != name]})
