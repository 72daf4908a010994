"""A context enhancer that leaves alone the results whose recognizer already weighed its context.

Presidio's ``LemmaContextAwareEnhancer`` deep-copies every result of every text before looking at any;
the kit's recognizers apply context themselves (and mark their results), so only the few results from
Presidio's own pattern recognizers (email, URL, IP, DEA, NPI) go through it.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts


class SelectiveContextEnhancer(LemmaContextAwareEnhancer):
    """Lemma-window context enhancement, skipping results already enhanced by their recognizer."""

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Enhance only results without the IS_SCORE_ENHANCED_BY_CONTEXT mark."""
        key = RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY
        done = [r for r in raw_results if (r.recognition_metadata or {}).get(key)]
        todo = [r for r in raw_results if not (r.recognition_metadata or {}).get(key)]
        if todo:
            todo = super().enhance_using_context(text, todo, nlp_artifacts, recognizers, context)
        return done + todo
