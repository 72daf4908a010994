"""Census names standing alone: "once marisol woke up", "HALVORSEN REFUSED".

A word whose everyday frequency is mostly its use as a name (``vocabulary.word_class`` is ``name``) is
reported without any cue. Scores say how sure that is: 0.6 where capitals mean nothing (a caseless line)
or where the word is written as a name, 0.4 — below the default threshold, for review — when a
mixed-case line writes it in lower case.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction import cues, vocabulary
from redaction.casing import case_map
from redaction.recognizers import register
from redaction.recognizers.base import weighed_result

LISTED_SCORE = 0.6
# Without a cue, a name must explain nearly all of the word's use ("olive", "gray" are words first).
MAX_MARGIN = 1.0
LOWER_CASE_SCORE = 0.4
MIN_LENGTH = 3


@register
class ListedNameRecognizer(EntityRecognizer):
    """PERSON for every word the census knows mostly as a name."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="ListedNameRecognizer")

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per name-like word."""
        cases = case_map(text)
        results = []
        toks = cues.tokens(text)
        for i, tok in enumerate(toks):
            if len(tok.lower) < MIN_LENGTH or not _name_dominated(tok.lower) or _not_a_person(text, toks, i):
                continue
            written_as_name = text[tok.start].isupper() or cases.caseless(tok.start)
            score = LISTED_SCORE if written_as_name else LOWER_CASE_SCORE
            end = tok.end
            if i + 1 < len(toks) and text[tok.end : toks[i + 1].start] == " " and _surname(toks[i + 1].lower):
                end = toks[i + 1].end  # "MARISOL BRENNAN": a name the census knows as one, after a listed name
            results.append(weighed_result(self, "PERSON", tok.start, end, score))
        return results


# After a determiner a census word is a thing ("at the 23cm mark"); before these nouns it is an eponym
# or a device ("Douglas pouch", "Wilson's disease", "Quinton catheter"), in any case.
_DETERMINERS = frozenset("the a an this that these those his her its their our my your each every no".split())
EPONYM_HEADS = frozenset(
    """disease diseases syndrome sign signs phenomenon pouch catheter cath tube tubes line drain test maneuver
    reflex score scale criteria procedure operation repair fracture stockings stocking mattress boots""".split()
)


def _not_a_person(text: str, toks: list, i: int) -> bool:
    if i > 0 and toks[i - 1].lower in _DETERMINERS and text[toks[i - 1].end : toks[i].start].strip(" \t") == "":
        return True
    if i + 1 < len(toks) and toks[i + 1].lower in EPONYM_HEADS:
        return text[toks[i].end : toks[i + 1].start].strip(" \t'’s") == ""
    return False


def _surname(word: str) -> bool:
    return len(word) >= MIN_LENGTH and vocabulary.word_class(word) == "name" and not cues.is_function(word)


def _name_dominated(word: str) -> bool:
    return vocabulary.word_class(word) == "name" and vocabulary.zipf(word) - vocabulary.name_zipf(word) < MAX_MARGIN
