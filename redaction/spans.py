"""The shape of a finding's span: the identifier itself, not the words around it.

* A PERSON span holds the name only: greetings, titles, labels, relatives and credentials at its edges
  ("Hello Oconnor", "Patient WONG, BJORN", "Granddaughter Ana Ruiz", "Thompson, Paolo MD") are trimmed,
  as the gold spans and the surrogate operator expect (a surrogate replaces the name, not "Hello").
* A HOSPITAL span holds the facility only: not the leading "the", nor the department or header after
  it ("Mercy Hospital Radiology", "Lakeview Clinic - Face Sheet").
* Nothing inside a multi-word medical term is PHI ("Braxton Hicks", "St. John's wort", "Bell's palsy").

Only words from the shipped vocabularies are trimmed, and never a span's last word: an unknown word at
an edge may be part of the identifier, so it stays.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from redaction import lexicon
from redaction.findings import Finding
from redaction.recognizers.hospital_recognizer import FACILITY_TERMS, GENERIC
from redaction.recognizers.person_name_recognizer import TITLES

_WORD = re.compile(r"\S+")
_PUNCT = ".,;:()[]{}\"'“”‘’!?*•·–—-"
_DASH_SEPARATOR = re.compile(r"[ \t]+[-–—][ \t]+")
# The last word of each facility term: what a facility's name ends with ("... Medical Center").
FACILITY_HEADS = frozenset(term.split()[-1] for term in FACILITY_TERMS)
# Words that may begin or end a facility's name although a vocabulary lists them ("Family Health Center").
FACILITY_NAME_WORDS = frozenset(w for term in FACILITY_TERMS for w in term.split()) | frozenset(GENERIC)
_CONTINUATION = frozenset({"of", "at"})  # "University Hospital of Merced"
# "<Name>('s) <head>" reads as an eponym when no title precedes the name ("Kikuchi disease").
_EPONYM_HEAD = re.compile(
    r"(?<![\w.'’-])(?P<eponym>\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+)?)(?:['’]s?)?[ \t]+"
    r"(?:disease|syndrome|palsy|sign|maneuver|manoeuvre|reflex|phenomenon|contractions|contracture|"
    r"lymphoma|sarcoma|tumou?r|cyst|esophagus|thyroiditis|tenosynovitis|neuralgia|neuroma|anomaly|triad)\b"
)
_TITLE_BEFORE = re.compile(r"(?i)\b(?:" + "|".join(TITLES) + r")\.?[ \t]*$")
_MASKED_TYPES = frozenset({"PERSON", "CITY", "STATE", "HOSPITAL", "STREET_ADDRESS"})


def names_a_facility(value: str) -> bool:
    """True when a capitalised facility head word follows another word ("Dunmore Falls Medicine - ...")."""
    words = [w.strip(_PUNCT) for w in value.split()]
    return any(w[:1].isupper() and w.lower() in FACILITY_HEADS for w in words[1:])


def core(word: str) -> str:
    """A word lower-cased without surrounding punctuation or a possessive ("MD," -> "md")."""
    return word.strip(_PUNCT).lower().removesuffix("'s").removesuffix("’s")


class SpanShaper:
    """Trims PERSON and HOSPITAL spans to the identifier and finds the medical phrases in a text."""

    def __init__(self, allow: Iterable[str] = ()) -> None:
        self.function = lexicon.function_words()
        # Never part of a name: greetings, titles, labels, relatives, credentials (name_edges.txt).
        self.name_edges = lexicon.words("name_edges") | frozenset(TITLES) | frozenset(allow)
        # Header and department words around a facility name ("Radiology", "Face Sheet").
        self.vocabulary = (
            lexicon.common_words() | lexicon.words("medical_terms") | lexicon.words("facility_edges") | self.name_edges
        ) - lexicon.eponyms()
        self.names = (lexicon.first_names() | lexicon.last_names()) - lexicon.ambiguous_names()
        phrases = [re.escape(p).replace("'", "['’]") for p in lexicon.medical_phrases()]
        self.phrases = re.compile(r"(?i)(?<![\w'’-])(?:" + "|".join(phrases) + r")(?![\w-])")

    def masks(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of medical phrases and eponym constructions in ``text``."""
        ranges = [m.span() for m in self.phrases.finditer(text)]
        for m in _EPONYM_HEAD.finditer(text):
            if not _TITLE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                ranges.append(m.span("eponym"))
        return ranges

    @staticmethod
    def masked(finding: Finding, ranges: list[tuple[int, int]]) -> bool:
        """True when the finding is a name or place lying wholly inside one of ``ranges``."""
        return finding.entity_type in _MASKED_TYPES and any(s <= finding.start and finding.end <= e for s, e in ranges)

    def shape(self, text: str, finding: Finding) -> Finding:
        """The finding with its span trimmed to the identifier (unchanged for other types)."""
        if finding.entity_type == "PERSON":
            start, end = self._trim_edges(text, finding.start, finding.end, self._not_a_name_word)
        elif finding.entity_type == "HOSPITAL":
            start, end = self._facility(text, finding.start, finding.end)
        elif finding.entity_type in ("CITY", "STATE"):  # "the Bronx" keeps "Bronx"
            start, end = self._trim_edges(text, finding.start, finding.end, lambda w: core(w) in self.function)
        else:
            return finding
        if (start, end) == (finding.start, finding.end) or start >= end:
            return finding
        return Finding(start, end, finding.entity_type, finding.score, finding.recognizer)

    def trim_function_words(self, text: str, finding: Finding) -> Finding:
        """The finding without lower-case function words at its edges.

        Overlap resolution can leave one behind: spaCy's "Northvale Medical Center on Apr" minus the date
        "Apr 17, 2023" is "Northvale Medical Center on".
        """
        if finding.entity_type not in _MASKED_TYPES:
            return finding
        start, end = self._trim_edges(text, finding.start, finding.end, self._lower_function_word)
        if (start, end) == (finding.start, finding.end) or start >= end:
            return finding
        return Finding(start, end, finding.entity_type, finding.score, finding.recognizer)

    def _lower_function_word(self, word: str) -> bool:
        bare = word.strip(_PUNCT)
        return not bare or bare.islower() and core(bare) in self.function

    def _not_a_name_word(self, word: str) -> bool:
        w = core(word)
        if not w:
            return True
        if w in self.names or len(w) == 1 and w.isalpha():
            return False  # a listed name, or an initial ("A. Patil", "YAZZIE, RUPERTO A")
        if w in self.name_edges:
            return True
        # A short capitalised function word may be a name ("An", "So", "My" are given or family names).
        return w in self.function and not (len(w) <= 2 and word.strip(_PUNCT)[:1].isupper())

    def _vocabulary_word(self, word: str) -> bool:
        w = core(word)
        return not w or w in self.vocabulary or w in FACILITY_HEADS

    @staticmethod
    def _trim_edges(text: str, start: int, end: int, drop) -> tuple[int, int]:
        words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]
        i, j = 0, len(words)
        while j - i > 1 and drop(text[words[i][0] : words[i][1]]):
            i += 1
        while j - i > 1 and drop(text[words[j - 1][0] : words[j - 1][1]]):
            j -= 1
        if not words:
            return start, end
        s, e = words[i][0], words[j - 1][1]
        while s < e and text[s] in _PUNCT and text[s] not in "(":
            s += 1
        while e > s and text[e - 1] in ",;:":
            e -= 1
        return s, e

    def _facility(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The facility's name: the part holding its head word, without header words around it."""
        parts, cursor = [], start
        for sep in _DASH_SEPARATOR.finditer(text, start, end):
            parts.append((cursor, sep.start()))
            cursor = sep.end()
        parts.append((cursor, end))
        named = [p for p in parts if self._head_index(text, *p) is not None]
        if not named:
            return start, end
        keep = named[0]
        others = [p for p in parts if p != keep]
        if any(not all(self._vocabulary_word(w) for w in text[s:e].split()) for s, e in others):
            keep = (parts[0][0], parts[-1][1])  # an unknown word outside the name: keep everything
        s, e = keep
        words = [(s + m.start(), s + m.end()) for m in _WORD.finditer(text[s:e])]
        head = self._head_index(text, s, e)
        if head is not None:
            last = head  # the name's last word: the head, or the place after "of"/"at" ("... of Merced")
            if last + 1 < len(words) and core(text[slice(*words[last + 1])]) in _CONTINUATION:
                last += 1
                while last + 1 < len(words) and not self._vocabulary_word(text[slice(*words[last + 1])]):
                    last += 1
            tail = words[last + 1 :]
            if tail and all(self._vocabulary_word(text[a:b]) for a, b in tail):
                e = words[last][1]
        return self._trim_edges(text, s, e, self._not_a_facility_word)

    def _not_a_facility_word(self, word: str) -> bool:
        """An edge word no facility name starts or ends with ("the", "RN,"), facility words excepted."""
        w = core(word)
        return not w or w in self.function or (w in self.name_edges and w not in FACILITY_NAME_WORDS)

    @staticmethod
    def _head_index(text: str, start: int, end: int) -> int | None:
        heads = [i for i, m in enumerate(_WORD.finditer(text[start:end])) if core(m.group()) in FACILITY_HEADS]
        return heads[-1] if heads else None
