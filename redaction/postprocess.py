"""From Presidio results to the kit's findings: types, allow-lists, thresholds, overlaps, propagation."""

from __future__ import annotations

import regex as re
from presidio_analyzer import RecognizerResult

from redaction import cues, lexicon, vocabulary
from redaction.age_dates import YEAR_ONLY, implies_age_over_89, reference_year, year_of
from redaction.findings import Finding
from redaction.policy import Policy
from redaction.presidio_recognizers import PRESIDIO_TO_KIT
from redaction.recognizers.hospital_recognizer import EMPLOYER_BEFORE
from redaction.spans import SpanShaper, names_a_facility

FACILITY_WORDS = re.compile(
    r"(?i)\b(hospital|medical|clinic|health|center|centre|infirmary|hospice|"
    r"rehab\w*|nursing|care|pediatrics|surgery|urgent)\b"
)
_BUSINESS = re.compile(
    r"(?i)\b(?:pharmacy|school|district|company|inc|llc|bank|union|street|store|"
    r"market|church|university|college|department|services?)\b"
)
_EDGE = " \t\r\n.,;:()[]{}\"'"
# spaCy's entities get the allow-list check; the kit's recognizers apply their own lists.
_SPACY = "SpacyRecognizer"
_NAMES_AND_PLACES = frozenset({"PERSON", "CITY", "HOSPITAL", "STREET_ADDRESS"})
# Name recognizers whose only evidence may be capital letters; their names need a word vocabulary cannot explain.
_CAPITALS_ONLY = frozenset({"PersonNameRecognizer", "NameCueRecognizer"})
PROPAGATE_MIN_LENGTH = 4  # shorter words ("npn", "abd") are too often abbreviations to spread
PROPAGATE_MIN_SCORE = 0.8
# A name found this confidently is searched for elsewhere in the document; a cue recognizer's names spread
# from its weakest cue ("spoke with Ilse") up.
CUED_PROPAGATE_MIN_SCORE = 0.7
TITLED_SCORE = 0.85  # names this sure (a title or relation before them) spread even when they look misspelt
PROPAGATED_SCORE = 0.75


class Postprocessor:
    """Turns one text's Presidio results into sorted, non-overlapping findings the policy keeps."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        allow_list = {t.lower() for t in policy.allow_list}
        self.allow = lexicon.everyday_words() | allow_list
        self.states = lexicon.states()
        self.shaper = SpanShaper(allow_list)

    def apply(self, text: str, results: list[RecognizerResult]) -> list[Finding]:
        """Sorted findings, overlaps resolved, confident names propagated to their other mentions.

        Names and places inside a multi-word medical term are dropped before propagation (so "Hicks" in
        "Braxton Hicks" never seeds it), and each span is trimmed to the identifier before overlaps resolve
        (so trimming never uncovers a word that a finding of another type gave up to it).
        """
        findings = [f for f in (self._convert(text, r) for r in results) if f is not None]
        masks = self.shaper.masks(text)
        findings = [self.shaper.shape(text, f) for f in findings if not self.shaper.masked(f, masks)]
        findings = self._lone_years(text, findings)
        findings += [f for f in propagate_names(text, findings) if not self.shaper.masked(f, masks)]
        kept = [f for f in findings if f.score >= self.policy.threshold(f.entity_type)]
        # An NER span cut by a better finding may leave only header words ("PA-C" after "Quezada, Tatenda").
        resolved = [self.shaper.trim_function_words(text, f) for f in resolve_overlaps(kept, text)]
        found = {(f.start, f.end) for f in kept}
        return [f for f in resolved if self._worth_keeping(text, f, (f.start, f.end) in found)]

    def _worth_keeping(self, text: str, finding: Finding, as_found: bool) -> bool:
        """Whether a resolved finding stays.

        SpaCy spans must look like names; a piece of a name or place that a better finding of another type
        left over must hold a word that is not allow-listed ("Patient" of "Patient RUIZ").
        """
        value = text[finding.start : finding.end]
        if finding.recognizer == _SPACY:
            return self._plausible_spacy(value, finding.entity_type, text, finding.start)
        if as_found or finding.entity_type not in _NAMES_AND_PLACES:
            return True
        return self._has_unlisted_word(value)

    def _has_unlisted_word(self, value: str) -> bool:
        """True when ``value`` holds a word that is not allow-listed (never for a span without words)."""
        return not all(w in self.allow for w in _words(value))

    def _convert(self, text: str, result: RecognizerResult) -> Finding | None:
        recognizer = (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
        start, end = _trim(text, result.start, result.end)
        if recognizer == _SPACY:
            start, end = _first_line(text, start, end)
        if start >= end:
            return None
        entity = self._kit_type(text[start:end], result.entity_type)
        if entity is None or entity not in self.policy.entities:
            return None
        value = text[start:end]
        if recognizer in _CAPITALS_ONLY and entity == "PERSON" and not _unexplained(value, text, start):
            return None  # "PERL, MAE", "pt CP": capitals alone, every word clinical or everyday
        if recognizer == _SPACY and (
            not self._plausible_spacy(value, entity, text, start)
            or entity != "PERSON"
            and EMPLOYER_BEFORE.search(text[max(0, start - 24) : start])
        ):
            return None
        if entity == "PERSON" and value.endswith(("'s", "’s")):
            end -= 2
        return Finding(start, end, entity, float(result.score), recognizer)

    def _lone_years(self, text: str, findings: list[Finding]) -> list[Finding]:
        """With ``keep_years``, drop years standing alone, except those implying an age over 89 (-> AGE)."""
        if not self.policy.keep_years:
            return findings
        dates = [text[f.start : f.end] for f in findings if f.entity_type == "DATE"]
        reference = reference_year(dates, self.policy.reference_year)
        kept = []
        for f in findings:
            value = text[f.start : f.end]
            if f.entity_type != "DATE" or not YEAR_ONLY.fullmatch(value):
                kept.append(f)
            elif implies_age_over_89(year_of(value, reference), reference) and "AGE" in self.policy.entities:
                kept.append(Finding(f.start, f.end, "AGE", f.score, f.recognizer))
        return kept

    def _kit_type(self, value: str, presidio_type: str) -> str | None:
        if presidio_type == "PERSON" and names_a_facility(value):
            return "HOSPITAL"  # spaCy's "Punta Gorda Memorial Hospital - PROGRESS" is no person
        if presidio_type == "LOCATION":
            return "STATE" if value.lower() in self.states else "CITY"
        if presidio_type == "ORGANIZATION":
            return "HOSPITAL" if FACILITY_WORDS.search(value) else None
        return PRESIDIO_TO_KIT.get(presidio_type, presidio_type)

    def _plausible_spacy(self, value: str, entity: str, text: str = "", start: int = 0) -> bool:
        """SpaCy's small model tags lab values, drug names and headers; keep what looks like a name.

        A span must hold a word that no vocabulary knows as clinical or everyday English ("Wedge",
        "Troponin" and "Peg" do not pass; a listed city passes as a CITY).
        """
        if any(c.isdigit() for c in value) or not any(c.isupper() for c in value):
            return False
        if entity in ("CITY", "STATE") and (value.isupper() and len(value) <= 3 or _BUSINESS.search(value)):
            return False  # state codes (RA, PO, MD) are the kit recognizers' job; businesses are not places
        if not self._has_unlisted_word(value):
            return False
        # A person or a town needs a word no vocabulary explains (or a listed city); a facility's name, which
        # holds its head word ("Tri-County Medical Center"), may be made of everyday words.
        if entity == "HOSPITAL":
            # "CCU Nursing Progress Note" is a note's title: unit abbreviations and header words name no place.
            return any(vocabulary.word_class(w) != "clinical" and w not in _NOTE_TITLE for w in _words(value))
        return _unexplained(value, text, start) or (
            entity == "CITY" and any(t.lower in lexicon.cities() for t in cues.tokens(value))
        )


# Words of a note's title that spaCy reads as an organisation's name.
_NOTE_TITLE = frozenset(
    """nursing nurse nurses nsg progress note notes acceptance admission admit transfer addendum event events report
    shift summary update resp respiratory care plan""".split()
)


def _words(value: str) -> list[str]:
    """Lower-cased words of a span without edge punctuation or a possessive ("- PATIENT": no dash word)."""
    words = [w.strip(_EDGE).removesuffix("'s").removesuffix("’s") for w in re.split(r"[\s/]+", value.lower())]
    return [w for w in words if any(c.isalpha() for c in w)]


def propagate_names(text: str, findings: list[Finding]) -> list[Finding]:
    """Other mentions, in any case, of the unusual words of confident names and places.

    "Dr. Okonkwo" ... "OKONKWO AWARE", "to Halvorsen 3" ... "HALVORSEN 6". Only words the vocabulary
    does not know as clinical or everyday English spread: a name that is also a word ("Green") does not
    turn every green into a name.
    """
    spread: dict[str, str] = {}
    for f in findings:
        if f.entity_type in _NAMES_AND_PLACES and (f.score >= PROPAGATE_MIN_SCORE or f.recognizer.startswith("Cued")):
            if f.recognizer.startswith("Cued") and f.score >= CUED_PROPAGATE_MIN_SCORE:
                kinds = ("name", "rare", "misspelt") if f.score >= TITLED_SCORE else ("name", "rare")
            elif f.score >= PROPAGATE_MIN_SCORE:
                kinds = ("name",)  # capital letters alone found it ("Addendum" is no name to spread)
            else:
                continue
            for t in cues.tokens(text[f.start : f.end]):
                initials = f.entity_type == "HOSPITAL" and cues.is_acronym_hospital(t.lower)  # "MGH"
                if initials or len(t.lower) >= PROPAGATE_MIN_LENGTH and vocabulary.word_class(t.lower) in kinds:
                    spread.setdefault(t.lower, f.entity_type)
    if not spread:
        return []
    return [
        Finding(t.start, t.end, spread[t.lower], PROPAGATED_SCORE, "NamePropagation")
        for t in cues.tokens(text)
        if t.lower in spread
    ]


def _unexplained(value: str, text: str = "", offset: int = 0) -> bool:
    """True when a capitalised span holds a word that no vocabulary explains as clinical or everyday.

    These recognizers run on mixed-case lines only, where a capital is evidence: an unknown word, one that
    looks like a misspelling ("Yanping", "Tenzin") or a census name that is not a clinical word ("Rupert")
    all pass; "PERL, MAE" and "Peg" do not.
    """
    for t in cues.tokens(value):
        kind = vocabulary.word_class(t.lower)
        if kind == "name":
            return True
        # A sentence's first word is capitalised anyway ("Neice called", "Lung sounds"): only an unknown
        # word of some length counts there.
        if _sentence_initial(text, offset + t.start):
            if kind == "rare" and len(t.lower) >= 5:
                return True
            continue
        title = value[t.start : t.start + 1].isupper() and value[t.start + 1 : t.end].islower()
        if kind == "rare" or (kind == "misspelt" and title):
            return True
        if kind == "common" and vocabulary.is_census_name(t.lower) and title:
            return True
    return False


def _sentence_initial(text: str, position: int) -> bool:
    """True when nothing but spaces, bullets or numbering stand between ``position`` and a sentence end."""
    if not text:
        return False
    before = text[max(0, position - 8) : position].rstrip(" \t-*•0123456789)")
    if _AFTER_ABBREVIATION.search(before):
        return False  # "Mr. Baek", "V. Huaman": the period ends a title or an initial, not a sentence
    return before == "" and position < 8 or before.endswith((".", "!", "?", ":", "\n"))


_AFTER_ABBREVIATION = re.compile(r"(?i:\b(?:mr|mrs|ms|dr|st|prof|rev))\.$|(?<![\w.])[A-Z]\.$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding whitespace and punctuation (keeping a closing ')' or '.' in it)."""
    while start < end and text[start] in _EDGE and text[start] not in "(":
        start += 1
    while end > start and text[end - 1] in " \t\r\n,;:":
        end -= 1
    return start, end


def _first_line(text: str, start: int, end: int) -> tuple[int, int]:
    """NER spans that cross a line break keep their first line: names do not wrap in headers."""
    newline = text.find("\n", start, end)
    return (start, newline) if newline != -1 else (start, end)


def resolve_overlaps(findings: list[Finding], text: str | None = None) -> list[Finding]:
    """Non-overlapping findings, best first (higher score, then longer).

    Same-type overlaps merge into one span. A lower-ranked finding of another type keeps the parts the
    winner does not cover (so "3655" as an ID inside "3655 Hemlock Boulevard" leaves the street words
    redacted as an address): nothing a recognizer flagged is left in the clear. Given the ``text``, such
    leftover pieces are trimmed of spaces and punctuation, and dropped when two characters or fewer remain.
    """
    ranked = sorted(findings, key=lambda f: (-f.score, -(f.end - f.start), f.start))
    kept: list[Finding] = []
    for finding in ranked:
        same = [k for k in kept if k.overlaps(finding) and k.entity_type == finding.entity_type]
        if same:
            for k in same:
                kept.remove(k)
            start = min(finding.start, *(k.start for k in same))
            end = max(finding.end, *(k.end for k in same))
            finding = Finding(
                start, end, finding.entity_type, max(f.score for f in [finding, *same]), finding.recognizer
            )
        pieces = [(finding.start, finding.end)]
        for k in kept:
            if k.entity_type != finding.entity_type:
                pieces = [p for s, e in pieces for p in _subtract(s, e, k.start, k.end)]
        if text and pieces != [(finding.start, finding.end)]:
            pieces = [(s, e) for s, e in (_trim(text, s, e) for s, e in pieces) if e - s > 2]
        kept += [Finding(s, e, finding.entity_type, finding.score, finding.recognizer) for s, e in pieces]
    return sorted(kept)


def _subtract(start: int, end: int, cut_start: int, cut_end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) outside [cut_start, cut_end), dropping slivers of two characters or less."""
    if cut_end <= start or end <= cut_start:
        return [(start, end)]
    parts = [(start, cut_start), (cut_end, end)]
    return [(s, e) for s, e in parts if e - s > 2]
