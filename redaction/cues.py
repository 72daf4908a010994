"""Context cues for names and places that work in any letter case, and the word scanner they share.

A cue is a word that says what comes next (or what came before): a title ("dr", "mrs"), a relation
("son", "dtr"), a verb of contact ("spoke with", "per") or of movement ("transferred to", "admitted
from"). The words next to a cue become candidates when the vocabulary does not know them as ordinary
clinical or English words (:mod:`redaction.vocabulary`). Case is never consulted, so "DR OKAFOR AWARE",
"dr okafor aware" and "Dr. Okafor aware" read the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from redaction import lexicon, vocabulary

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Token:
    """A word of the text: offsets and its lower-cased form (apostrophe-s and edge dots removed)."""

    start: int
    end: int
    lower: str


def tokens(text: str) -> list[Token]:
    """The words of ``text`` in order (digits and punctuation are gaps between them)."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group().lower()
        end = m.end()
        if word.endswith(("'s", "’s")):
            word, end = word[:-2], end - 2  # "Garcia's": the name, not its possessive
        out.append(Token(m.start(), end, word))
    return out


TITLES = frozenset(
    "dr drs doctor dr's drs' mr mrs ms miss mx prof professor rabbi rev reverend pastor chaplain".split()
)
# Titles that are also clinical abbreviations ("MS: alert" mental status, "1+ MR" mitral regurgitation):
# without a period after them they count only as weakly as a relation word.
AMBIGUOUS_TITLES = frozenset({"ms", "mr", "dr", "miss"})
RELATIONS = frozenset(
    """son sons daughter daughters dtr dtrs dau wife husband hus hubby spouse sister sisters sis brother brothers
    bro mother mom mum father dad niece nieces neice nephew nephews aunt uncle cousin grandson granddaughter
    grandmother grandfather grandma grandpa gm gf girlfriend boyfriend fiance fiancee friend friends partner
    caregiver proxy hcp guardian neighbor neighbour roommate stepson stepdaughter son-in-law daughter-in-law
    sister-in-law brother-in-law mother-in-law father-in-law""".split()
)
# Header labels a name follows after a colon ("PATIENT: DELA CRUZ, YAW F", "Name: ...").
LABELS = frozenset({"patient", "name", "pt"})
# Roles that often precede a clinician's name ("IV nurse Kim", "resident Lee", "RRT Ana").
ROLES = frozenset("nurse rn rrt np resident fellow attending intern pcp surgeon therapist sw ho".split())
CONTACT = (
    r"(?:spoke|spoken|speak|speaking|talked|talking|talk|discussed|met|meeting|conversation)\s+(?:with|to)"
    r"|per|paged|called|notified|informed|updated|reached|seen\s+by|evaluated\s+by|examined\s+by"
    r"|contact(?:ed)?(?:\s+person)?|visited\s+by|accompanied\s+by|care\s+of"
)
_CONTACT = re.compile(rf"(?i)\b(?:{CONTACT})\b[ \t]*[:,(]?[ \t]*$")
# Words after a name that say it was one: "Okafor aware", "Ines notified".
AFTER_NAME = frozenset(
    """aware notified notifed paged called updated informed consulted agrees agreed states stated visited visiting
    ordered verbalizes verbalized verbalizing""".split()
)
# Credentials after a name ("Ana Lee, RN", "k. alvarez rrt"); weaker, as "PA" and "MD" also start phrases.
CREDENTIALS = frozenset("rn rrt md np pa lpn cna bsn msn phd pharmd crna aprn fnp".split())
# Credentials that also stand before a clinician's name, like a title ("d/w MD Okafor", "NP Halvorsen").
CREDENTIAL_TITLES = frozenset({"md", "np"})
# Employment: after these the words before an organisation's head word name an employer ("works for X health").
EMPLOYMENT = re.compile(r"(?i)\b(?:works|worked|working|employed|employee)[ \t]+(?:for|at|by|with)[ \t]+$")
# Never a name, though census lists have some of them: auxiliaries and modals ("mother will call").
NOT_NAMES = frozenset("will may can must shall might would could should did does has had was were is are be".split())
MOVES = re.compile(
    r"(?i)(?:\b(?:transferr?ed|transferr?ing|tranferr?ed|transfer|xferr?ed|xfer|trans|tx'?d|admitted|admit|adm"
    r"|readmitted|went|sent|brought|flown|flighted|med-?flighted|taken|returned|return|back|presented|discharged"
    r"|dc'?d|d/c'?d|arrived|came|come|comes|going|go|transported|referred|recieved|received|enroute|en\s+route"
    r"|seen|followed|works|worked|working|employed|moved|visiting|staying|stays)"
    r"(?:[ \t]+(?:directly|here|again|over|back|out|up|down))?[ \t]+(?:to|from|at|into|@)"
    r"|\b(?:lives|living|lived|resides|residing|born|raised|home)[ \t]+(?:alone[ \t]+)?(?:in|at|near)"
    r"|\b(?:works|worked|working)[ \t]+for|\bemployed[ \t]+(?:by|at)"
    r"|\bfollow(?:ed)?\s+by"
    # "c/o to" and "called out to": ICU shorthand for a transfer out to a ward ("c/o" alone is "complains of").
    r"|\bc/o[ \t]+to|\bcall(?:ed|ing)?[ \t]+out[ \t]+to)[ \t]*(?:the[ \t]+)?$"
)
# Residence and travel: after these a town's name is expected ("lives in", "flying in from", "home in").
RESIDENCE = re.compile(
    r"(?i)(?:\b(?:lives|living|lived|resides|residing|home|born|raised|moved|relocated|fly|flying|flew|flown"
    r"|drive|driving|drove|arrive|arriving|arrived|coming|came|visiting|travel\w*|trip|returned|returning)\b"
    r"(?:[ \t]+\w+){0,3}?[ \t]+(?:in|from|to|at|near|outside(?:[ \t]+of)?)|\bfrom)[ \t]+$"
)
PLACE_AFTER_RELATION = re.compile(r"(?i)\b(?:in|from|at|near|outside(?:\s+of)?)[ \t]+$")
# Head words of a facility's name; the words before them name it ("Lakeview hosp", "Brandt rehab").
FACILITY_HEADS = frozenset(
    """hospital hospitals hosp hosp. hospice rehab rehabilitation campus clinic clinics infirmary medical med
    memorial manor sanatorium nursing va""".split()
)
# Words that qualify a facility without naming one ("outside hospital", "the same rehab", "long hospital stay").
GENERIC = frozenset(
    """outside osh this that the a an another other local previous prior same current community state county city
    psych psychiatric childrens children's veterans general private public teaching university regional acute
    chronic rehab our their his her its nursing home medical surgical ltac snf new old cardiac pulmonary physical
    inpatient outpatient long lengthy prolonged extended brief short recent last first second next mental day
    entire whole during after before prior subacute skilled rehabilitation respite""".split()
)
# Facility words that belong to a name when they follow its first word ("Corwin Memorial").
NAME_MODIFIERS = frozenset("memorial general regional university community county".split())
# Words that follow a title without being a name ("dr aware", "dr's office", "md notified").
NOT_A_NAME_AFTER_TITLE = frozenset(
    """aware notified called paged office offices order orders note notes team rounds said says states stated
    wants wanted feels felt thinks ordered recommends recommended requested asked came come coming here there
    present see saw seen spoke talked discussed explained updated following follows follow regarding about
    consult visit visited changed increased decreased started stopped gave given""".split()
)
_FUNCTION = lexicon.function_words()


def is_function(word: str) -> bool:
    """Pronouns, prepositions, auxiliaries, conjunctions: never a name."""
    return word in _FUNCTION


def name_like(word: str, strength: str) -> bool:
    """Whether ``word`` (lower-cased) may be a name after a cue of the given strength.

    ``title`` ("dr", "mrs") or ``next`` (a word after an accepted name word): any census name that is not
    a clinical word, even one that is also a common word ("dr rose"), or an unknown or misspelt-looking
    word ("dr sandell"); ``relation`` ("son", "wife"): also given names that are common words
    ("son ben"); ``weak`` (contact verbs, words after a name): only names and unknown words.
    """
    if len(word) < 2 or is_function(word) or word in NOT_NAMES or _cue_word(word):
        return False
    kind = vocabulary.word_class(word)
    if kind in ("name", "rare"):
        return True
    if strength in ("title", "next", "label"):
        if word in ROLES or word in NOT_A_NAME_AFTER_TITLE:
            return False
        if strength in ("title", "label") and vocabulary.is_census_name(word):
            return True  # "dr rose", "Dr. Fisher": after a title even a colour or a device is a surname
        return kind == "misspelt" or (vocabulary.is_census_name(word) and kind != "clinical")
    if strength == "relation":
        return vocabulary.is_first_name(word) and kind == "common"
    return False


def listed_name(word: str) -> bool:
    """After "per": only a word the census knows mostly as a name ("per Jensen"), never "per protocol"."""
    return vocabulary.word_class(word) == "name" and not is_function(word)


def place_like(word: str, raw: str, caseless: bool) -> bool:
    """Whether a word after a movement cue may name a place: unknown, a name, a listed city, or initials.

    Initials read as a hospital's ("mgh", "bmc", see ``is_acronym_hospital``), in capitals where case carries
    information ("MGH").
    """
    if len(word) < 2 or is_function(word) or word in GENERIC or word in FACILITY_HEADS or _cue_word(word):
        return False
    kind = vocabulary.word_class(word)
    if kind == "name" or (kind == "rare" and len(word) >= 4) or word in lexicon.cities():
        return True
    return is_acronym_hospital(word) and (caseless or raw.isupper())


def _cue_word(word: str) -> bool:
    return word in TITLES or word in RELATIONS or word in ROLES or word in AFTER_NAME or word in CREDENTIALS


def _acronym(word: str) -> bool:
    """A short word without vowels (or only an initial one) reads as initials ("mgh", "bmc", "uhc")."""
    return len(word) <= 5 and sum(c in "aeiou" for c in word[1:]) == 0


def is_acronym_hospital(word: str) -> bool:
    """Initials that read as a hospital's: "mgh", "bmc", "ummc", "uhc" (not a clinical abbreviation)."""
    return (
        2 <= len(word) <= 5
        and word.isalpha()
        and (word.endswith(("mc", "hc")) or (word.endswith("h") and len(word) <= 4))
        and _acronym(word)
        and vocabulary.word_class(word) not in ("clinical",)
        and not is_function(word)
        and not _cue_word(word)
    )


def contact_before(text: str, start: int) -> bool:
    """True when a verb of contact ends just before ``start`` ("spoke with ", "per ")."""
    return bool(_CONTACT.search(text[max(0, start - 40) : start]))


def move_before(text: str, start: int) -> bool:
    """True when a movement or residence cue ends just before ``start`` ("transferred to ", "lives in ")."""
    return bool(MOVES.search(text[max(0, start - 40) : start]))
