"""Seeded synthetic healthcare corpus: clinical documents with gold PHI spans, and Q&A pairs.

Pure standard library and deterministic for a seed. No real people: names are drawn at random
from invented lists shipped in ``kit/synth/data/``. See docs/synthetic-data.md.
"""

from kit.synth.documents import document_kinds, generate_documents
from kit.synth.gold import gold_set, write_demo_corpus, write_gold
from kit.synth.qa import generate_qa_pairs
from kit.synth.text import ENTITY_TYPES

__all__ = [
    "ENTITY_TYPES",
    "document_kinds",
    "generate_documents",
    "generate_qa_pairs",
    "gold_set",
    "write_demo_corpus",
    "write_gold",
]
