"""Hospitals, wards and towns found by the words around them, in any letter case.

* after a movement or residence cue: "TRANSFERRED TO MGH", "admitted from halvorsen 3", "son from
  bexley", "lives in Dover";
* before a facility head word: "Lakeview hosp", "BRANDT REHAB", "Corwin Memorial Hospital".

The span is the naming words only ("Corwin Memorial", not "... Hospital"), as a reader needs to see
them replaced. Candidates must be words the vocabulary does not know as clinical or everyday words, a
listed city, or initials ("mgh", "UMMC").
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction import cues, lexicon, vocabulary
from redaction.casing import CaseMap, case_map
from redaction.cues import Token
from redaction.recognizers import register
from redaction.recognizers.base import weighed_result

MOVE_SCORE = 0.8
WARD_SCORE = 0.7  # "on halvorsen 6": an unknown word and a floor number after a preposition
LONE_WARD_SCORE = 0.6  # "..., halvorsen 6\n": an unknown word and a floor number ending a phrase
INITIALS_SCORE = 0.7  # "at MGH", "in UMMC"
MODIFIER_ONLY_SCORE = 0.6  # "Memorial Hospital"
COMMON_TOWN_SCORE = 0.6  # "lives in green xyzville": an everyday word before an unknown one
TOWN_MAX_ZIPF = 4.6  # "from Lisbon" is a town; "returned to normal" is not
_STRONG_HEADS = frozenset({"hospital", "hosp", "memorial", "rehab", "hospice", "infirmary", "campus", "clinic"})
_SAINTS = frozenset({"st", "saint", "mt", "mount", "ste"})
# Words that open a facility's name the way a saint's title does ("Holy Family", "Blessed Trinity"): everyday
# words, but after a movement cue the next word belongs to the same name.
_DEVOTIONAL = frozenset({"holy", "sacred", "blessed"})
# Rites and things these words also qualify ("went to Holy Communion"): no facility.
_RITES = frozenset(
    """communion mass week day days land water oil book bible scripture ghost orders matrimony sacrament sacraments
    rosary ground grounds site sites war""".split()
)
_UNIVERSITY = frozenset({"university", "univ", "u"})
# Before a ward or hospital initials: a preposition, a verb of leaving, or a plan's label ("PLAN: <ward> 4").
_PREPOSITION = re.compile(
    r"(?i)(?:\b(?:to|on|at|from|in|into|leave|leaving)|@|\b(?:plan|dispo|disposition)[ \t]*:)[ \t]+(?:the[ \t]+)?$"
)
# A room number between a movement cue and the ward's name: "transferred to 512 halvorsen".
_ROOM = re.compile(r"(?<![\w/.-])\d{1,4}[A-Za-z]?[ \t]+$")
_FLOOR_AFTER = re.compile(r"[ \t]?\d{1,2}(?![\d:/.,]*\d)(?![ \t]*(?:mg|mcg|ml|cc|units?|%|x\b))")
HEAD_SCORE = 0.8
CUED_COMMON_SCORE = 0.6  # everyday words between a movement cue and a head: "from bright meadow hosp"
COMMON_HEAD_SCORE = 0.65  # an everyday word before a head, in mixed case: "Lakeview Hosp"
MAX_WORDS = 3
_RESIDENCE = ("live", "resid", "home", "born", "raised", "moved", "from", "stay")
# A head word that names a facility only with the next word ("medical center", "nursing home").
_TWO_WORD_HEADS = {"medical": ("center", "centre", "ctr", "cntr"), "med": ("center", "centre", "ctr", "cntr")}
_TWO_WORD_HEADS |= {"nursing": ("home", "facility", "center"), "assisted": ("living",)}


@register
class CuedPlaceRecognizer(EntityRecognizer):
    """HOSPITAL and CITY results from movement cues and facility head words."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["HOSPITAL", "CITY"], name="CuedPlaceRecognizer")

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Place results for every cued place in ``text``."""
        toks = cues.tokens(text)
        case = CaseMap(text)
        found: dict[tuple[int, int], tuple[str, float]] = {}
        for i, tok in enumerate(toks):
            before = text[max(0, tok.start - 40) : tok.start]
            if self._town(text, toks, i, before, found):
                continue
            cue = cues.MOVES.search(before) or self._room_after_cue(before)
            if cue:
                entity = "CITY" if cue.group().lower().lstrip().startswith(_RESIDENCE) else "HOSPITAL"
                self._after_cue(text, toks, i, entity, case, found)
            elif self._relation_place(text, toks, i):
                self._after_cue(text, toks, i, "CITY", case, found)
            if self._is_head(text, toks, i):
                self._before_head(text, toks, i, case, found)
            elif tok.lower in _EMPLOYER_HEADS:
                self._employer(text, toks, i, found)
            if _PREPOSITION.search(before):
                self._initials_or_ward(text, tok, found)
            elif _lone_ward(text, tok):
                _add(found, tok.start, tok.end, "HOSPITAL", LONE_WARD_SCORE)
            if tok.lower in _UNIVERSITY | {"uof"}:
                self._state_university(text, toks, i, found)
        return [weighed_result(self, e, s, end, score) for (s, end), (e, score) in found.items()]

    @staticmethod
    def _town(text: str, toks: list[Token], i: int, before: str, found: dict) -> bool:
        """A gazetteer town of one to three words after a residence or travel cue ("lives in san diego")."""
        if not (cues.RESIDENCE.search(before) or CuedPlaceRecognizer._relation_place(text, toks, i)):
            return False
        for n in (3, 2, 1):
            if i + n > len(toks):
                continue
            words = toks[i : i + n]
            if any(text[a.end : b.start] not in (" ", "\t", "-") for a, b in zip(words, words[1:])):
                continue
            name = " ".join(t.lower for t in words)
            if _thing_after(text, toks, i + n):
                continue
            if name in vocabulary.places() and (n > 1 or _town_word(text, words[0])):
                _add(found, words[0].start, words[-1].end, "CITY", MOVE_SCORE)
                return True
        return False

    @staticmethod
    def _room_after_cue(before: str) -> re.Match | None:
        """The movement cue before a room number ("moved to 512 ", then the ward's name)."""
        room = _ROOM.search(before)
        return cues.MOVES.search(before[: room.start()]) if room else None

    @staticmethod
    def _initials_or_ward(text: str, tok: Token, found: dict) -> None:
        """Example "at MGH", "to UMMC" (hospital initials); "on halvorsen 6" (an unknown word and a floor)."""
        if cues.is_acronym_hospital(tok.lower):
            _add(found, tok.start, tok.end, "HOSPITAL", INITIALS_SCORE)
        elif (
            vocabulary.word_class(tok.lower) in ("name", "rare")
            and len(tok.lower) >= 4
            and _FLOOR_AFTER.match(text, tok.end)
        ):
            _add(found, tok.start, tok.end, "HOSPITAL", WARD_SCORE)

    def _after_cue(self, text: str, toks: list[Token], i: int, entity: str, case: CaseMap, found: dict) -> None:
        caseless = case.caseless(toks[i].start)
        if self._saint_after_cue(text, toks, i, found):
            return
        taken: list[Token] = []
        j = i
        while j < len(toks) and len(taken) < MAX_WORDS:
            if taken and text[toks[j - 1].end : toks[j].start] not in (" ", "\t"):
                break
            raw = text[toks[j].start : toks[j].end]
            if cues.place_like(toks[j].lower, raw, caseless) or (taken and toks[j].lower in cues.NAME_MODIFIERS):
                taken.append(toks[j])
                j += 1
                continue
            break
        if taken and not _thing_after(text, toks, j):
            _add(found, taken[0].start, taken[-1].end, entity, MOVE_SCORE)
        elif not taken and entity == "CITY":
            self._everyday_then_unknown(text, toks, i, found)

    @staticmethod
    def _everyday_then_unknown(text: str, toks: list[Token], i: int, found: dict) -> None:
        """Example "lives alone in green xyzville": after a residence cue, an everyday word and an unknown one."""
        if i + 1 >= len(toks) or text[toks[i].end : toks[i + 1].start] != " ":
            return
        first, second = toks[i].lower, toks[i + 1].lower
        if len(first) < 3 or _not_naming(first) or len(second) < 4 or vocabulary.word_class(second) != "rare":
            return
        if not _thing_after(text, toks, i + 2):
            _add(found, toks[i].start, toks[i + 1].end, "CITY", COMMON_TOWN_SCORE)

    @staticmethod
    def _saint_after_cue(text: str, toks: list[Token], i: int, found: dict) -> bool:
        """Example "transferred to st. brendan's", "went to holy family": a saint's title and the next word."""
        if toks[i].lower not in _SAINTS | _DEVOTIONAL or i + 1 >= len(toks):
            return False
        nxt = toks[i + 1]
        gap = text[toks[i].end : nxt.start]
        if (
            gap not in (" ", "\t", ". ")
            or len(nxt.lower) < 3
            or cues.is_function(nxt.lower)
            or nxt.lower in cues.GENERIC
            or nxt.lower in _RITES
        ):
            return False
        if toks[i].lower in _SAINTS and not _saint_name(nxt.lower):
            return False  # "ST ELEVATION", "st depression": the ECG's ST segment, not a saint
        _add(found, toks[i].start, nxt.end, "HOSPITAL", MOVE_SCORE)
        return True

    @staticmethod
    def _relation_place(text: str, toks: list[Token], i: int) -> bool:
        """Example "son in bexley", "daughter flying in from Lisbon": a relation shortly before in/from/at."""
        before = text[max(0, toks[i].start - 40) : toks[i].start]
        if not cues.PLACE_AFTER_RELATION.search(before):
            return False
        window = cues.tokens(before)[-5:-1]
        return any(t.lower in cues.RELATIONS for t in window)

    @staticmethod
    def _is_head(text: str, toks: list[Token], i: int) -> bool:
        word = toks[i].lower
        if word in _TWO_WORD_HEADS:
            return i + 1 < len(toks) and toks[i + 1].lower in _TWO_WORD_HEADS[word]
        return word in cues.FACILITY_HEADS

    def _before_head(self, text: str, toks: list[Token], i: int, case: CaseMap, found: dict) -> None:
        """The naming words before a facility head ("Corwin Memorial", "St Brendan", "university of vermont")."""
        caseless = case.caseless(toks[i].start)
        strong_head = toks[i].lower in _STRONG_HEADS
        taken: list[Token] = []
        j = i - 1
        while j >= 0 and len(taken) < MAX_WORDS - 1:
            if text[toks[j].end : toks[j + 1].start] not in (" ", "\t", ". "):
                break
            word, raw = toks[j].lower, text[toks[j].start : toks[j].end]
            if word in cues.NAME_MODIFIERS and not taken:
                taken.insert(0, toks[j])  # "Corwin Memorial Hospital": the modifier belongs to the name
            elif (
                self._names_facility(word, raw, caseless, strong_head)
                or (taken and word in _SAINTS)
                or (j > 0 and toks[j - 1].lower == "of" and word in lexicon.states())  # "U of MD Medical Center"
            ):
                taken.insert(0, toks[j])
            else:
                break
            j -= 1
        taken = self._university_of(toks, j, taken)
        naming = [t for t in taken if t.lower not in cues.NAME_MODIFIERS]
        if not naming:
            if taken and taken[-1].lower == "memorial":
                _add(found, taken[-1].start, taken[-1].end, "HOSPITAL", MODIFIER_ONLY_SCORE)
            elif strong_head:
                self._cued_everyday_name(text, toks, i, found)
            return
        known = any(vocabulary.word_class(t.lower) in ("name", "rare") for t in naming)
        # A head that is itself a naming word ("Corwin Memorial") stays in the span.
        end = toks[i].end if toks[i].lower in cues.NAME_MODIFIERS else taken[-1].end
        _add(found, taken[0].start, end, "HOSPITAL", HEAD_SCORE if known else COMMON_HEAD_SCORE)

    @staticmethod
    def _cued_everyday_name(text: str, toks: list[Token], i: int, found: dict) -> None:
        """Example "transferred from bright meadow hosp": everyday words between a movement cue and a head.

        No vocabulary marks such a name, but the cue before and a head only facilities have after leave
        nothing else for the words to be; a kind of facility ("the psych hospital", "home hospice") is not
        taken, nor a run of clinical words ("burn hospital").
        """
        for n in (2, 1):
            words = toks[max(0, i - n) : i]
            if len(words) < n or not words:
                continue
            gaps = [text[a.end : b.start] for a, b in zip(words, [*words[1:], toks[i]])]
            if any(g not in (" ", "\t") for g in gaps) or not cues.move_before(text, words[0].start):
                continue
            if any(len(t.lower) < 3 or _not_naming(t.lower) for t in words):
                continue
            if all(vocabulary.word_class(t.lower) == "clinical" for t in words):
                continue
            _add(found, words[0].start, words[-1].end, "HOSPITAL", CUED_COMMON_SCORE)
            return

    @staticmethod
    def _employer(text: str, toks: list[Token], i: int, found: dict) -> None:
        """Example "works for bright meadow health": an employer's name, its head word included, after a job cue."""
        for n in (2, 1):
            words = toks[max(0, i - n) : i + 1]
            if len(words) < n + 1 or not cues.EMPLOYMENT.search(text, 0, words[0].start):
                continue
            gaps = [text[a.end : b.start] for a, b in zip(words, words[1:])]
            if any(g not in (" ", "\t") for g in gaps) or any(_not_naming(t.lower) for t in words[:-1]):
                continue
            if any(len(t.lower) < 3 or vocabulary.word_class(t.lower) == "clinical" for t in words[:-1]):
                continue
            _add(found, words[0].start, words[-1].end, "HOSPITAL", CUED_COMMON_SCORE)
            return

    @staticmethod
    def _state_university(text: str, toks: list[Token], i: int, found: dict) -> None:
        """Example "University of Vermont", "U of VT", "UOf Vermont", "U Vermont": a state's university."""
        j = i + 1 if toks[i].lower == "uof" else i + 2
        if _initial_before_state(text, toks, i):
            j = i + 1  # "U Vermont": a state's full name straight after the initial
        elif toks[i].lower != "uof" and (i + 1 >= len(toks) or toks[i + 1].lower != "of"):
            return
        if j < len(toks) and toks[j].lower in lexicon.states():
            _add(found, toks[i].start, toks[j].end, "HOSPITAL", MOVE_SCORE)

    @staticmethod
    def _university_of(toks: list[Token], j: int, taken: list[Token]) -> list[Token]:
        """Extend "vermont" to "university of vermont" (and "U of VT")."""
        if taken and j >= 1 and toks[j].lower == "of" and toks[j - 1].lower in _UNIVERSITY:
            return [toks[j - 1], toks[j], *taken]
        return taken

    @staticmethod
    def _names_facility(word: str, raw: str, caseless: bool, strong_head: bool) -> bool:
        if cues.place_like(word, raw, caseless) or (len(word) > 2 and word in lexicon.states()):
            return True
        if vocabulary.word_class(word) == "misspelt" and len(word) >= 5:
            return True  # "Corwin Memorial": before a head, an unknown near-word is a name
        if len(word) < 3 or cues.is_function(word) or word in cues.GENERIC or word in cues.FACILITY_HEADS:
            return False
        if vocabulary.word_class(word) != "common":
            return False
        # An everyday word names the facility when written as a name ("Lakeview Hosp") or, where case says
        # nothing, when it is a town's name before a head only facilities have ("LAKESIDE MEMORIAL").
        if not caseless:
            return raw[:1].isupper() and raw[1:].islower()
        return strong_head and word in vocabulary.places()


# After a place's name these say it was a body part or a device: "sent from <x> line", "from oral cavity".
_THINGS = frozenset(
    """line lines port catheter cath tube tubes drain drains site sites lumen bag cavity wound incision stump
    culture cultures specimen sample""".split()
)


def _thing_after(text: str, toks: list[Token], j: int) -> bool:
    """True when the word at ``j``, just after a candidate place, names a device, a site or a sample."""
    return j < len(toks) and toks[j].lower in _THINGS and text[toks[j - 1].end : toks[j].start] in (" ", "\t", "-")


# Head words of an employer's name that belong to it ("works for X Health").
_EMPLOYER_HEADS = frozenset({"health", "healthcare", "systems", "pharmaceuticals", "pharma", "biotech"})
# Words that say what kind of place follows, or where in it: never the name before a head.
_KINDS = frozenset(
    "home house residential er ed icu unit floor ward same different another nearby burn trauma cancer eye women"
    " womens kids specialty behavioral main central big bigger larger tertiary nearest closest nearby receiving"
    " referring sister".split()
)


def _not_naming(word: str) -> bool:
    return (
        cues.is_function(word)
        or word in cues.GENERIC
        or word in cues.FACILITY_HEADS
        or word in _KINDS
        or cues._cue_word(word)
    )


def _initial_before_state(text: str, toks: list[Token], i: int) -> bool:
    """Example "U Vermont", "univ vermont": the initial stands alone and a state's full name follows a space."""
    tok = toks[i]
    if tok.lower not in ("u", "univ") or i + 1 >= len(toks) or (tok.start > 0 and text[tok.start - 1].isalnum()):
        return False
    return text[tok.end : toks[i + 1].start] in (" ", ". ") and len(toks[i + 1].lower) >= 4


# A floor number that ends a phrase: "..., halvorsen 6" at a line's end, "halvorsen 6 when bed available".
_FLOOR_ENDS_PHRASE = re.compile(
    r"[ \t][1-9](?!\w)[ \t]*(?:[.,;]?[ \t]*(?:\n|$)|(?i:today|tonight|tomorrow|when|if|in[ \t]+am|bed|once|pending)\b)"
)


def _lone_ward(text: str, tok: Token) -> bool:
    """A name or unknown word of five letters or more before a floor number that ends a phrase: a ward."""
    return (
        len(tok.lower) >= 5
        and vocabulary.word_class(tok.lower) in ("name", "rare")
        and (tok.start == 0 or not text[tok.start - 1].isdigit())
        and bool(_FLOOR_ENDS_PHRASE.match(text, tok.end))
    )


def _saint_name(word: str) -> bool:
    """A word that may follow "St" or "Mt" in a name: a census name, an unknown word or a town."""
    kind = vocabulary.word_class(word)
    return (
        kind in ("name", "rare", "misspelt")
        or (kind != "clinical" and vocabulary.is_census_name(word))
        or (word in vocabulary.places() and kind != "clinical")
    )


def _town_word(text: str, tok: Token) -> bool:
    """A one-word town: unknown to the vocabularies, or not too common and written as a name where case counts."""
    kind = vocabulary.word_class(tok.lower)
    if kind in ("name", "rare"):
        return True
    if kind != "common" or cues.is_function(tok.lower) or vocabulary.zipf(tok.lower) >= TOWN_MAX_ZIPF:
        return False
    return case_map(text).caseless(tok.start) or text[tok.start].isupper()


def _add(found: dict, start: int, end: int, entity: str, score: float) -> None:
    previous = found.get((start, end))
    if previous is None or previous[1] < score:
        found[(start, end)] = (entity, score)
