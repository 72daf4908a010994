"""Names of people in the forms clinical text uses, from shipped name lists, titles and header labels.

spaCy's small model already finds many names in running prose; this recognizer adds what it misses:
``Dr. Okafor``, ``GARCIA, MARIA``, ``Lopez, Maria J.``, ``Name: Wanjiru Mwangi``, signature lines, and
names in lists and headers where there is no sentence for NER to read.
"""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction import lexicon
from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

TITLES = (
    "dr",
    "doctor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "rev",
    "nurse",
    "sr",
    "sister",
    "father",
    "capt",
    "sgt",
    "dame",
    "sir",
)
_WORD = r"(?:(?:Mc|Mac|O['’]|D['’])?\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*|\p{Lu}{2,}(?:[-'’]\p{Lu}+)*)"
_INITIAL = r"\p{Lu}\.?"
CHUNK = re.compile(rf"(?<![\w'’.@-])(?:{_WORD}|{_INITIAL})(?:[ \t]+(?:{_WORD}|{_INITIAL}))*(?![\w@])")
# Labels after which the next capitalised words are a name even if no list knows them.
NAME_LABEL = re.compile(
    r"(?i)(?:\b(?:name|patient|pt|attending|resident|fellow|intern|physician|provider|pcp|"
    r"surgeon|referring|referred by|signed|signed by|dictated by|transcribed by|seen by|cc|re|regarding|"
    r"mother|father|wife|husband|son|daughter|sister|brother|spouse|partner|guardian|niece|nephew|aunt|"
    r"uncle|cousin|grandson|granddaughter|grandmother|grandfather|mom|dad|fiance|fiancee|neighbor|"
    r"contact|emergency contact|author|dear|patient name|friend|caregiver|nurse|by)"
    # a label's line may end after its colon ("Patient:\nMaria Lopez"), not after a bare word ("...-BY\n")
    r"(?:[ \t]*:[ \t]*\n?|[ \t]*[,(]?[ \t]*))\Z"
)
# Abbreviated titles take a period ("Dr. Okafor"); after a spelled-out one a period ends the sentence:
# "refuses to see a doctor. How can I help?" is no title before "How".
_ABBREVIATED = ("dr", "mr", "mrs", "ms", "mx", "prof", "rev", "sr", "capt", "sgt")
_TITLE_BEFORE = re.compile(
    r"(?i)(?:\b(?:"
    + "|".join(_ABBREVIATED)
    + r")\.?|\b(?:"
    + "|".join(t for t in TITLES if t not in _ABBREVIATED)
    + r"))[ \t]*$"
)
# "Dear nurse, How do I...": after a salutation's comma a new sentence starts; the role word before the
# comma addressed the reader and labels nothing.
_SALUTATION = re.compile(r"(?i)\b(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))[ \t]+\w+[ \t]*,[ \t]*$")


@register
class PersonNameRecognizer(ClinicalPatternRecognizer):
    """Runs of capitalised words that name lists, titles or labels identify as a person's name."""

    CASE_SENSITIVE = True

    ENTITY = "PERSON"
    PATTERNS: ClassVar[list[Pattern]] = [Pattern("capitalised run", CHUNK.pattern, 0.6)]
    CONTEXT: ClassVar[list[str]] = ["patient", "dr", "mr", "mrs", "ms", "name", "seen", "signed"]

    def __init__(self) -> None:
        super().__init__()
        self.first = lexicon.first_names()
        self.last = lexicon.last_names()
        self.ambiguous = lexicon.ambiguous_names()
        self.allow = lexicon.everyday_words() | set(TITLES)
        self.eponyms = lexicon.eponyms()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Score each capitalised run by what is known about its words and what precedes it."""
        results = []
        for match in CHUNK.finditer(text):
            for start, end, score in self._names_in_chunk(text, match):
                results.append(self._result(start, end, score))
        return self.case_gate(text, results)

    def _names_in_chunk(self, text: str, match: re.Match) -> list[tuple[int, int, float]]:
        tokens = [
            (m.start() + match.start(), m.end() + match.start(), m.group())
            for m in re.finditer(rf"{_WORD}|{_INITIAL}", match.group())
        ]
        titled = bool(_TITLE_BEFORE.search(text[max(0, match.start() - 12) : match.start()]))
        before = text[max(0, match.start() - 30) : match.start()]
        labelled = bool(NAME_LABEL.search(before)) and not _SALUTATION.search(before)
        spans, run = [], []
        for token in tokens:
            if self._is_title(token[2]):
                spans += self._close(text, run, titled, labelled)
                run, titled = [], True
                continue
            if (token[2].lower() in self.allow or lexicon.looks_medical(token[2])) and not self._known(token[2]):
                spans += self._close(text, run, titled, labelled)
                run, titled, labelled = [], False, False
                continue
            run.append(token)
        spans += self._close(text, run, titled, labelled)
        return spans

    def _close(
        self, text: str, run: list[tuple[int, int, str]], titled: bool, labelled: bool
    ) -> list[tuple[int, int, float]]:
        if not run or len(run) > 4:
            return []
        words = [w for _, _, w in run]
        known = [self._known(w) for w in words]
        strong = [k and w.lower() not in self.ambiguous for w, k in zip(words, known)]
        letters = [w for w in words if len(w.rstrip(".")) > 1]
        if not letters:
            return []
        if titled or labelled:
            score = 0.85 if (titled or any(known)) else 0.6
        elif any(strong) and (len(letters) >= 2 or any(self._known_first(w) for w in words)):
            score = 0.85 if len(letters) >= 2 else 0.6
        elif any(strong):
            score = 0.55 if any(self._known_first(w) for w in words) else 0.45
        elif len(letters) >= 2 and sum(known) >= 2:
            score = 0.6
        else:
            return []
        if len(letters) == 1 and letters[0].lower() in self.eponyms and not titled:
            return []
        return [(run[0][0], run[-1][1], score)]

    def _known(self, word: str) -> bool:
        w = word.lower().removesuffix("'s").removesuffix("’s")
        return w in self.first or w in self.last or any(p in self.last for p in w.split("-") if len(p) > 2)

    def _known_first(self, word: str) -> bool:
        w = word.lower()
        return w in self.first and w not in self.ambiguous

    @staticmethod
    def _is_title(word: str) -> bool:
        return word.lower().rstrip(".") in TITLES
