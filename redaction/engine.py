"""The detection engine: a Presidio AnalyzerEngine built from a policy, plus batching and workers."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

from redaction.context import SelectiveContextEnhancer
from redaction.findings import Finding
from redaction.nlp import LANGUAGE, KitSpacyNlpEngine, build_nlp_engine
from redaction.policy import Policy, load_policy
from redaction.postprocess import Postprocessor
from redaction.presidio_recognizers import presidio_recognizers
from redaction.recognizers import clinical_recognizers

if TYPE_CHECKING:  # torch loads only when a detector is used
    from redaction.learned import Detector

DEFAULT_BATCH_SIZE = 32


class Engine:
    """Finds PHI in text according to a policy. Build it once (loading spaCy takes a second) and reuse it.

    ``analyzer`` is the underlying Presidio ``AnalyzerEngine``; ``detect`` adds the kit's post-processing
    (type mapping, allow-lists, thresholds, overlap resolution).
    """

    def __init__(
        self, analyzer: AnalyzerEngine, nlp_engine: KitSpacyNlpEngine, policy: Policy, detector: Detector | None = None
    ) -> None:
        self.analyzer = analyzer
        self.nlp_engine = nlp_engine
        self.policy = policy
        self.postprocessor = Postprocessor(policy)
        self.detector = detector if policy.learned_model.enabled else None
        #: With a detector: keep the findings it vetoes, at its low score, for a reviewer to see first.
        self.keep_vetoed = False

    def rules_only(self) -> Engine:
        """The same engine without its learned detector (to measure what the model adds)."""
        return self.with_model(None)

    def with_model(self, detector: Detector | None) -> Engine:
        """The same rules (spaCy and recognizers shared, not reloaded) with another learned detector."""
        return Engine(self.analyzer, self.nlp_engine, self.policy, detector)

    def detect(self, text: str) -> list[Finding]:
        """Findings in one text, sorted by offset."""
        return self.detect_batch([text])[0]

    def detect_batch(
        self, texts: Sequence[str], workers: int = 1, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> list[list[Finding]]:
        """Findings for each text, in order (see ``iter_detect``)."""
        return list(self.iter_detect(texts, workers=workers, batch_size=batch_size))

    def iter_detect(
        self, texts: Sequence[str], workers: int = 1, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[list[Finding]]:
        """Yield the findings of each text in order, as soon as they are ready (for progress bars).

        spaCy runs through ``nlp.pipe`` in batches. With ``workers > 1`` the texts are split into chunks
        that forked worker processes detect in full (spaCy and every recognizer), so the regex work
        parallelises as well as the NER.
        """
        if workers > 1 and len(texts) > 1 and "fork" in mp.get_all_start_methods():
            rules = _detect_in_workers(self, texts, workers, batch_size)
        else:
            rules = self._detect_serial(texts, batch_size)
        if self.detector is None:
            yield from rules
        else:
            yield from self.with_detector(texts, rules, batch_size)

    def with_detector(
        self, texts: Sequence[str], rules: Iterator[list[Finding]], batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[list[Finding]]:
        """The rules' findings of each batch of texts, combined with the detector's predictions.

        The model runs in this process (worker processes only run the rules: torch does not survive a fork
        well), one batch behind the workers.
        """
        from redaction.learned import Span, combine

        assert self.detector is not None
        settings = self.policy.learned_model
        for i in range(0, len(texts), batch_size):
            batch = texts[i : i + batch_size]
            found = [next(rules) for _ in batch]
            marks = [[Span(f.start, f.end, f.entity_type) for f in findings] for findings in found]
            pieces = self.detector.predict(batch, marks)
            for text, findings, probs in zip(batch, found, pieces):
                yield combine(text, findings, probs, settings, keep_vetoed=self.keep_vetoed)

    def _detect_serial(self, texts: Sequence[str], batch_size: int) -> Iterator[list[Finding]]:
        for text, artifacts in zip(texts, self.nlp_engine.artifacts(texts, batch_size=batch_size)):
            results = self.analyzer.analyze(text=text, language=LANGUAGE, nlp_artifacts=artifacts)
            yield self.postprocessor.apply(text, results)


def build_engine(policy: Policy | str | None = None, model: str | Path | Detector | None = None) -> Engine:
    """An Engine with the pinned spaCy model, Presidio's useful recognizers and the clinical ones.

    ``model``: a learned detector (or its folder, see ``redaction.learned``) that joins the rules as the
    policy's ``learned_model`` section says; a bad folder raises ``ModelError`` before spaCy loads.
    """
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    detector = None
    if model is not None and policy.learned_model.enabled:
        from redaction.learned import load_detector

        detector = model if not isinstance(model, (str, Path)) else load_detector(model)
    nlp_engine = build_nlp_engine()
    registry = RecognizerRegistry(
        recognizers=[*presidio_recognizers(), *clinical_recognizers()], supported_languages=[LANGUAGE]
    )
    analyzer = AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        context_aware_enhancer=SelectiveContextEnhancer(),
    )
    return Engine(analyzer, nlp_engine, policy, detector)


# Worker processes inherit the parent's engine through fork instead of pickling it.
_WORKER_ENGINE: Engine | None = None


def _worker_detect(args: tuple[list[str], int]) -> list[list[Finding]]:
    texts, batch_size = args
    assert _WORKER_ENGINE is not None
    return list(_WORKER_ENGINE._detect_serial(texts, batch_size))


def _detect_in_workers(engine: Engine, texts: Sequence[str], workers: int, batch_size: int) -> Iterator[list[Finding]]:
    global _WORKER_ENGINE
    _WORKER_ENGINE = engine
    chunk = max(1, min(batch_size, -(-len(texts) // (workers * 4))))
    chunks = [(list(texts[i : i + chunk]), batch_size) for i in range(0, len(texts), chunk)]
    try:
        with mp.get_context("fork").Pool(processes=workers) as pool:
            for part in pool.imap(_worker_detect, chunks):
                yield from part
    finally:
        _WORKER_ENGINE = None
