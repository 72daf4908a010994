"""Names found by the words around them, in any letter case: "DR OKAFOR AWARE", "husband tomas", "per Jensen".

Candidates are the words next to a cue (:mod:`redaction.cues`) that the vocabulary does not know as
ordinary clinical or English words — or, after a title, any census name ("dr rose"). Scores follow the
evidence: a title 0.9, a relation 0.85, a verb of contact or a word after the name 0.7, so that the
weakest still reach compliance review.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction import cues, vocabulary
from redaction.casing import case_map
from redaction.cues import Token
from redaction.recognizers import register
from redaction.recognizers.base import weighed_result

TITLE_SCORE = 0.9
RELATION_SCORE = 0.85
WEAK_SCORE = 0.7
MAX_WORDS = 3  # a name is at most three words after its cue ("dr mary ann smith" keeps three)
_BEFORE_FIRST = " \t.,;'\"(-&"  # between a cue and the name: "Dr. Smith", "son - John", "wife (Ann"
_COORDINATION = frozenset({"and", "&"})
_AGE_AFTER = re.compile(r"[ \t]+(?:is|was)[ \t]+an?[ \t]+\d")


@register
class CuedNameRecognizer(EntityRecognizer):
    """Names after titles, relations, roles and verbs of contact, and before "aware"/"RN"-style words."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="CuedNameRecognizer")

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """PERSON results for every cued name in ``text``."""
        toks = cues.tokens(text)
        found: dict[tuple[int, int], float] = {}
        for i, tok in enumerate(toks):
            strength, score = self._cue(text, toks, i)
            if strength:
                self._forward(text, toks, i + 1, strength, score, found)
            if tok.lower in cues.AFTER_NAME or self._relation_after(text, toks, i):
                self._backward(text, toks, i, found)
            elif tok.lower in cues.CREDENTIALS and i > 0 and _ends_phrase(text, toks, i):
                self._backward(text, toks, i, found, credential=True)
            if tok.lower in _DWELLINGS and _POSSESSIVE_BEFORE.search(text, 0, tok.start):
                self._owner(text, toks, i, found)
            if _standalone_initial(text, tok) and i + 1 < len(toks):
                self._initial_and_surname(text, toks, i, found)
            elif i + 1 < len(toks) and _AGE_AFTER.match(text, tok.end):
                self._backward(text, toks, i + 1, found)  # "mira castell is a 70 yr old"
        return [weighed_result(self, "PERSON", s, e, score) for (s, e), score in found.items()]

    @staticmethod
    def _cue(text: str, toks: list[Token], i: int) -> tuple[str, float]:
        word = toks[i].lower
        if word in cues.LABELS and text[toks[i].end : toks[i].end + 1] == ":":
            return "label", TITLE_SCORE
        if word in cues.TITLES:
            if word in cues.AMBIGUOUS_TITLES and text[toks[i].end : toks[i].end + 1] != ".":
                return ("relation", RELATION_SCORE) if word != "dr" else ("title", TITLE_SCORE)
            return "title", TITLE_SCORE
        if word in cues.RELATIONS:
            return "relation", RELATION_SCORE
        if word in cues.ROLES or word in cues.CREDENTIAL_TITLES:
            return "weak", WEAK_SCORE  # "IV nurse Kim", "w/ MD Okafor": only a name or an unknown word follows
        if word == "per":
            return "per", WEAK_SCORE  # "per protocol", "per nsg": only a listed name or an initial follows
        if i + 1 < len(toks) and cues.contact_before(text, toks[i + 1].start):
            return "weak", WEAK_SCORE
        return "", 0.0

    def _forward(self, text: str, toks: list[Token], j: int, strength: str, score: float, found: dict) -> None:
        """Take up to MAX_WORDS name words from ``j`` on; continue past "and" to a second name."""
        taken: list[Token] = []
        limit = MAX_WORDS + (strength == "label")  # "LAST LAST, FIRST M"
        while j < len(toks) and len(taken) < limit:
            gap = text[toks[j - 1].end : toks[j].start]
            colon_ok = not taken and strength != "title"  # "contact person: Ann", not "MS: alert"
            last_first = taken and strength == "label" and gap.strip(" \t") == ","  # "DELA CRUZ, YAW"
            if (
                not last_first
                and not (colon_ok and gap.strip(" \t") == ":")
                and not _joins(gap, first=not taken, after_initial=bool(taken) and len(taken[-1].lower) == 1)
            ):
                break
            if not taken and "." in gap and strength != "title":
                break  # "my aunt. I found": after a relation a period ends the sentence
            tok = toks[j]
            only_initials = bool(taken) and all(len(t.lower) == 1 for t in taken)
            level = "next" if taken and (only_initials or strength not in ("weak", "per")) else strength
            ok = cues.listed_name(tok.lower) if level == "per" else cues.name_like(tok.lower, level)
            if not ok and not taken and strength == "relation":
                ok = _clinical_given_name(text, tok)
            if ok or _initial(text, toks, j):
                taken.append(tok)
                j += 1
                continue
            break
        while taken and len(taken[-1].lower) == 1 and strength != "label":
            taken.pop()  # an initial ends no name ("dr smith j" is smith and a stray letter)
        if not taken:
            return
        _add(found, taken[0].start, taken[-1].end, score)
        if j + 1 < len(toks) and toks[j].lower in _COORDINATION and _joins(text[toks[j].end : toks[j + 1].start], True):
            nxt = j + 1 + (toks[j + 1].lower in cues.TITLES)
            if nxt < len(toks):
                self._forward(text, toks, nxt, strength, score - 0.05, found)

    def _backward(self, text: str, toks: list[Token], i: int, found: dict, credential: bool = False) -> None:
        """Name words right before a word that follows names ("Okafor aware", "J. Rose aware", "Lee (dtr)").

        The run may hold initials and census names that are also words ("J. Rose"), but it needs one
        word that is a name or unknown, or an initial, to count.
        """
        taken: list[Token] = []
        j = i - 1
        if (
            not credential
            and j > 0
            and toks[j].lower in cues.CREDENTIALS
            and text[toks[j].end : toks[i].start] == " "
            and text[toks[j - 1].end : toks[j].start] in (" ", ", ")
        ):
            j -= 1  # "Okafor PA aware": the credential stands between the name and the word after it
        while j >= 0 and len(taken) < MAX_WORDS:
            gap = text[toks[j].end : toks[j + 1].start]
            if not _joins(gap, first=not taken, after_initial=len(toks[j].lower) == 1, backward=True):
                break
            tok = toks[j]
            if (taken and _initial(text, toks, j)) or cues.name_like(tok.lower, "next"):
                taken.insert(0, tok)
                j -= 1
                continue
            break
        while taken and not (_strong(taken[0].lower) or len(taken[0].lower) == 1 or _first_of(text, taken)):
            taken.pop(0)  # "pharmacy smith aware": the run starts at the name
        initials = any(len(t.lower) == 1 for t in taken)
        if credential and taken and not initials:
            # "PA line", "MD aware": before a credential, a comma ("Lee, RN") or a listed name must show it
            comma = "," in text[taken[-1].end : toks[i].start]
            words = [t for t in taken if len(t.lower) > 1]
            if not comma and len(words) < 2 and not any(vocabulary.word_class(t.lower) == "name" for t in words):
                return
        if taken and (initials or any(_strong(t.lower) for t in taken)) and len(taken[-1].lower) > 1:
            _add(found, taken[0].start, taken[-1].end, WEAK_SCORE)

    @staticmethod
    def _owner(text: str, toks: list[Token], i: int, found: dict) -> None:
        """Example "staying at ana okafor's house": a person's name before "'s house" after at/to/from."""
        taken: list[Token] = []
        j = i - 1
        while j >= 0 and len(taken) < MAX_WORDS - 1:
            if taken and text[toks[j].end : toks[j + 1].start] not in (" ", "\t"):
                break
            if not cues.name_like(toks[j].lower, "title"):
                break
            taken.insert(0, toks[j])
            j -= 1
        if not taken or j < 0 or toks[j].lower not in _PLACE_PREPOSITIONS:
            return
        if text[toks[j].end : taken[0].start].strip(" \t\"'") != "":
            return
        # A name or unknown word, or two census names ("jade hunter"): one census word may be a noun ("night's").
        if any(_strong(t.lower) for t in taken) or len(taken) > 1:
            _add(found, taken[0].start, taken[-1].end, WEAK_SCORE)

    @staticmethod
    def _initial_and_surname(text: str, toks: list[Token], i: int, found: dict) -> None:
        """Example "J. Okafor", "T. HALVORSEN": an initial, a period and a surname-like word (not "S. aureus")."""
        nxt = toks[i + 1]
        if text[toks[i].end : nxt.start] != ". ":
            return
        kind = vocabulary.word_class(nxt.lower)
        if (
            len(nxt.lower) >= 4
            and not cues._cue_word(nxt.lower)
            and (kind == "name" or (kind == "rare" and len(nxt.lower) >= 5) or vocabulary.is_census_name(nxt.lower))
            and kind != "clinical"
        ):
            _add(found, toks[i].start, nxt.end, WEAK_SCORE)

    @staticmethod
    def _relation_after(text: str, toks: list[Token], i: int) -> bool:
        """A relation in parentheses or after a comma or dash, following a name: "Ann Lee (daughter)"."""
        if (toks[i].lower not in cues.RELATIONS and toks[i].lower not in cues.ROLES) or i == 0:
            return False
        gap = text[toks[i - 1].end : toks[i].start]
        if toks[i].lower in cues.ROLES:
            return gap.strip(" \t") == "("  # "Dick Lee (resident)", not "pupils unreactive, ho notified"
        return gap.strip(" \t") in ("(", ",", "-", "--", "- (", ", (", "(pt's", "(pts")


def _joins(gap: str, first: bool, after_initial: bool = False, backward: bool = False) -> bool:
    """Whether two words with ``gap`` between them can belong to one cue-and-name phrase."""
    if "\n" in gap or len(gap) > 4:
        return False
    if first:
        return all(c in _BEFORE_FIRST for c in gap) and (backward or gap.count(".") <= 1)
    if after_initial:
        return gap.strip(" \t") in ("", ".")
    return gap == "-" or (gap.strip(" \t") == "" and gap != "")  # "Smith-Okafor", "Mary Ann"


def _initial(text: str, toks: list[Token], j: int) -> bool:
    """A single letter followed by a period, or a capital followed by a space: a middle or first initial.

    "a" and "i" without a period are words ("miss a dose", "aunt. I found").
    """
    tok = toks[j]
    if len(tok.lower) != 1 or not tok.lower.isalpha():
        return False
    if text[tok.end : tok.end + 1] in (".", "\n", ""):
        return text[tok.end : tok.end + 1] == "." or text[tok.start].isupper()  # "DELA CRUZ, YAW F" at a line end
    if text[tok.end : tok.end + 1] != " " or tok.lower in "ai":
        return False
    return text[tok.start].isupper() or case_map(text).caseless(tok.start)  # "per d ross" in a lower-case note


def _ends_phrase(text: str, toks: list[Token], i: int) -> bool:
    """A credential closes a name ("Lee, RN."), unlike "PA line", "PA'S 30'S" or "MD aware"."""
    after = text[toks[i].end : toks[i].end + 1]
    if after not in ("", "\n", " ", "\t", ",", ".", ")", ";", "/"):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is None or "\n" in text[toks[i].end : nxt.start] or nxt.lower not in _CREDENTIAL_NOUNS


_CREDENTIAL_NOUNS = frozenset("line lines cath catheter pressure pressures wedge port sat sats aware notified".split())


def _standalone_initial(text: str, tok: Token) -> bool:
    """A lone letter with a period, after a space or a line start: "J. Okafor", not "90'S. LAST" or "O.R."."""
    if len(tok.lower) != 1 or tok.lower in _SIDES or text[tok.end : tok.end + 2] != ". ":
        return False
    return tok.start == 0 or text[tok.start - 1] in " \t\n("


# "at Ana Okafor's house": a dwelling after a possessive, and the prepositions that put someone there.
_DWELLINGS = frozenset("house home place apartment apt farm residence condo cabin".split())
_POSSESSIVE_BEFORE = re.compile(r"(?i)\w['’]s[ \t]+$")
_PLACE_PREPOSITIONS = frozenset("at to from in near by".split())
_SIDES = frozenset({"r", "l"})  # "R. femoral", "L. arm": right and left, not initials


def _add(found: dict, start: int, end: int, score: float) -> None:
    found[(start, end)] = max(found.get((start, end), 0.0), score)


# After "<relation> <word>", these say the word was the relative's name: "brother max in to visit".
_PRESENCE_AFTER = re.compile(
    r"[ \t]+(?:in|here|at|called|calling|visited|visiting|aware|notified|updated|present|came|phoned)\b", re.I
)


def _clinical_given_name(text: str, tok: Token) -> bool:
    """A given name that is also clinical shorthand ("max" for maximum, "art" for arterial) after a relation.

    Only when what follows says a person was there or was told: "BROTHER MAX IN TO VISIT", "son art called".
    """
    word, raw = tok.lower, text[tok.start : tok.end]
    if len(word) < 3 or word in cues.NOT_NAMES or cues.is_function(word) or cues._cue_word(word):
        return False
    if raw.isupper() and not case_map(text).caseless(tok.start):
        return False  # "Father: MI at 60": capitals on a mixed-case line mark an abbreviation
    if not vocabulary.is_first_name(word) or vocabulary.word_class(word) != "clinical":
        return False
    return bool(_PRESENCE_AFTER.match(text, tok.end))


def _first_of(text: str, taken: list[Token]) -> bool:
    """A given name, or a misspelt word written as a name, before a strong name word: "Ana Okafor (resident)"."""
    if len(taken) < 2 or not _strong(taken[1].lower):
        return False
    word, raw = taken[0].lower, text[taken[0].start : taken[0].end]
    if vocabulary.word_class(word) == "clinical":
        return False
    if vocabulary.is_first_name(word):
        return True
    return vocabulary.word_class(word) == "misspelt" and raw[:1].isupper() and raw[1:].islower()


def _strong(word: str) -> bool:
    """A name or an unknown word: evidence enough next to a weak cue."""
    return cues.name_like(word, "weak")
