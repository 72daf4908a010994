"""Names that no list knows, found by the cues around them.

Greetings, sign-offs, credentials, relatives, "Last, First" headers, "<Name> is a 67 year old", dictation
initials (``DJN/sww``).
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction import lexicon, vocabulary
from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

# Letters are Unicode classes: names keep their diacritics (Nyström, Erzsébet) and the cues still apply.
W = r"(?:(?:Mc|Mac|O['’]|D['’])?\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*)"  # one Title-case name word
CAPS = r"(?:\p{Lu}[\p{Lu}'’]+(?:-\p{Lu}+)*)"  # one ALL-CAPS name word
NAME = rf"(?:{W}(?:[ ](?:\p{{Lu}}\.[ ])?{W}){{0,2}})"  # "Maria", "Maria Lopez", "Maria J. Lopez"
INITIAL_NAME = rf"(?:\p{{Lu}}\.[ ]?{W})"  # "J. Colombo"
# A middle initial after "Last, First": a letter standing alone, not the first letter of "PA-C" or "MD".
MIDDLE = r"(?:[ ][A-Z](?:\.|(?![\w-])))"
CREDENTIAL = (
    r"(?:MD|M\.D\.|DO|RN|NP|PA|PA-C|LPN|FNP|FNP-BC|FNP-C|CNM|CRNA|DNP|PhD|PharmD|BSN|MSN|CCRN|"
    r"APRN|ANP|LCSW|DDS|MPH|RD|PT|OT|CNA|MA)"
)
RELATIONS = (
    "mother|father|mom|dad|wife|husband|son|daughter|sister|brother|spouse|partner|friend|niece|"
    "nephew|aunt|uncle|grandmother|grandfather|grandson|granddaughter|guardian|caregiver|neighbor|"
    "fiance|fiancee|cousin|significant other"
)
RELATION = f"(?i:{RELATIONS})"
# A word that ends a facility's name: the line under an addressee in a letter.
FACILITY = (
    r"(?:Hospital|Medical|Clinic|Center|Centre|Health|Healthcare|Practice|Associates|Institute|Care|Partners|"
    r"Group|Pediatrics|Medicine|System|Affairs|Infirmary)"
)
SIGN_OFF = (
    r"(?i:thanks|thank you|thanks so much|thanks again|many thanks|sincerely|regards|best|best regards|"
    r"kind regards|warm regards|warmly|cheers|respectfully|with thanks|take care|yours truly|love)"
)


@register
class NameCueRecognizer(ClinicalPatternRecognizer):
    """Patterns where the surrounding words say "this is a person's name"."""

    CASE_SENSITIVE = True

    ENTITY = "PERSON"
    PATTERNS = [
        Pattern(
            "credential after",
            rf"(?<![\w.])(?P<phi>(?:{INITIAL_NAME}|{NAME}|{W},[ ]{W}{MIDDLE}?))"
            rf"(?=,?[ ]+{CREDENTIAL}\b)",
            0.85,
        ),
        Pattern(
            "greeting",
            rf"(?:\b(?:Hi|Hello|Dear|Hey|Good morning|Good afternoon)[ ]+)"
            rf"(?:(?:Dr|Mr|Mrs|Ms|Miss)\.?[ ]+)?(?P<phi>{NAME})(?=[ ]*[,:!\n])",
            0.85,
        ),
        Pattern("sign-off", rf"(?:\b{SIGN_OFF}[,!.]?[ \t]*\n[ \t]*)(?P<phi>{NAME})(?=[ \t]*(?:\n|$|,))", 0.85),
        Pattern("relative in parentheses", rf"(?:\b(?i:family|{RELATIONS})\b[ ]*\()(?P<phi>{NAME})(?=\))", 0.85),
        Pattern("relative after", rf"(?<![\w.])(?P<phi>{NAME}|{W},[ ]{W})(?=[ ]*\({RELATION}\))", 0.85),
        Pattern(
            "signature dash", rf"(?m)^[ \t]*--[ \t]*(?:(?:Dr|Mr|Mrs|Ms)\.?[ ]+)?(?P<phi>{INITIAL_NAME}|{NAME})", 0.8
        ),
        Pattern("is a <age>", rf"(?m)(?:^|[.:][ ]+)(?P<phi>{NAME})(?=[ ]+(?:is|was)[ ]+an?[ ]+\d)", 0.8),
        Pattern(
            "handed to",
            rf"(?i:\b(?:report given to|given to|handed off to|handoff to|spoke with|spoke to|asked|will ask|"
            rf"discussed with|paged|notified|per)[ \t]+)(?:(?:Dr|Mr|Mrs|Ms)\.?[ ]+)?(?P<phi>{INITIAL_NAME}|{NAME})",
            0.7,
        ),
        Pattern(
            "then notified",
            rf"(?<![\w.])(?P<phi>{NAME})(?=[ ]+(?:notified|paged|called|updated|aware|"
            r"informed|agrees|agreed|consented|declined)\b)",
            0.7,
        ),
        Pattern(
            "bullet at place",
            rf"(?m)^[ \t]*[-*•][ \t]+(?:(?:Dr|Mr|Mrs|Ms)\.?[ ]+)?(?P<phi>{NAME})"
            r"(?=[ ]+(?:at|with|in)[ ]+[A-Z])",
            0.75,
        ),
        Pattern("dictation initials", r"(?<![\w/])(?P<phi>[A-Z]{2,4}/[a-z]{2,4})(?![\w/])", 0.85),
        Pattern(
            "introduces self",
            rf"(?i:\b(?:my name is|this is|i am|i'm|it's|it is)[ ]+)(?P<phi>{NAME})"
            r"(?=[ ]*[,(.;]|[ ]+(?:and|here|from|again)\b)",
            0.8,
        ),
        Pattern("name here", rf"(?:^|(?<=[.,!?:][ ]))(?P<phi>{NAME})(?=[ ]+here\b)", 0.8),
        Pattern(
            "trailing dash signature",
            # On a line of its own only outside a list: "- Hypothyroidism" between other "- " lines is an item.
            rf"(?:(?<=[.?!][ ]+)|^(?<!(?:^|\n)[ \t]*[-–—*•][^\n]*\n)(?<!:[ \t]*\n))[-–—][ ]*(?P<phi>{NAME})"
            r"[ \t]*$(?!\n[ \t]*[-–—*•])",
            0.8,
        ),
        Pattern("typist tag", r"(?<![\w/:])(?P<phi>[A-Z]{2,4}:[a-z][a-z'’-]{1,24})(?![\w/:])", 0.8),
        Pattern("name, a <age>", rf"(?<![\w.'’-])(?P<phi>{NAME})(?=,[ ]+an?[ ]+\d)", 0.8),
        Pattern(
            "name before record number",
            rf"(?m)^[ \t]*(?P<phi>{NAME}|{CAPS}(?:[ ]{CAPS}){{1,2}})"
            r"(?=[ \t]+(?:MRN|MR#|Unit|DOB|Rm|Room|Med Rec)(?!\w))",
            0.8,
        ),
        Pattern(
            "message header",
            rf"(?m)^(?:(?i:from|sent by|author)[ \t]*:|-{{3,}}[ \t]*(?i:reply|message|note)[ \t]+(?i:from))[ \t]*"
            rf"(?:(?:Dr|Mr|Mrs|Ms|Mx)\.?[ ]+)?(?P<phi>{NAME}|{W},[ ]{W}|{CAPS},[ ]?{CAPS})",
            0.8,
        ),
        Pattern("sign-off dash", rf"(?m)^[ \t]*[-–—][ \t]*\n[ \t]*(?P<phi>{NAME})(?=[ \t]*(?:\n|$))", 0.8),
        Pattern(
            "cc list",
            rf"(?<=^[ \t]*(?i:cc|copy to|copies to)[ \t]*:[^\n]*;[ \t]*)(?:(?:Dr|Mr|Mrs|Ms)\.?[ ]+)?"
            rf"(?P<phi>{NAME}|{INITIAL_NAME}|{W},[ ]{W}|{CAPS},[ ]?{CAPS})(?=[ \t]*(?:[;,]|$))",
            0.75,
        ),
        Pattern(
            "addressee",
            rf"(?<=\n[ \t]*\n)[ \t]*(?:(?:Dr|Mr|Mrs|Ms|Mx)\.?[ ]+)?(?P<phi>{NAME}|{INITIAL_NAME})"
            rf"(?=(?:,[ ]*{CREDENTIAL}\b[^\n]*)?[ \t]*\n[^\n]*\b{FACILITY}\b)",
            0.75,
        ),
        Pattern("CAPS, CAPS", rf"(?<![\w,])(?P<phi>{CAPS}(?:[ ]{CAPS})?,[ ]?{CAPS}(?:[ ][A-Z]\b\.?)?)(?![\w])", 0.7),
        Pattern(
            "Last, First header",
            rf"(?m)^[ \t]*(?P<phi>{W},[ ]{W}{MIDDLE}?)(?=[ \t]{{2,}}|[ \t]*$|"
            r"[ \t]+(?:MRN|MR#|Unit|DOB|Rm|ID)\b)",
            0.75,
        ),
        Pattern(
            "labelled Last, First",
            rf"(?i:\b(?:name|patient|pt|pcp|attending|provider|re|regarding|cc)"
            rf"[ \t]*:[ \t]*)(?P<phi>{W},[ ]{W}{MIDDLE}?|{CAPS},[ ]?{CAPS}(?:[ ][A-Z]\b\.?)?)",
            0.85,
        ),
    ]
    CONTEXT = ["name", "patient", "dear", "hi", "signed"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Reject spans made only of clinical words or header vocabulary ("CLINICAL, INDICATION")."""
        words = [w.strip(".,").lower() for w in pattern_text.replace(",", " ").split()]
        words = [w for w in words if len(w) > 1]
        if "/" in pattern_text:
            return None
        if not words or all(w in _COMMON for w in words) or any(lexicon.looks_medical(w) for w in words):
            return False
        if pattern_text.isupper() and any(w in _COMMON for w in words):
            return False  # "DNR, OK", "RN, CCRN": header vocabulary, not "LAST, FIRST"
        if pattern_text.isupper() and _abbreviations(words):
            return False  # "ASA, PCN", "LAD, SVG": a list of abbreviations
        return None


def _abbreviations(words: list[str]) -> bool:
    """Capitals that read as shorthand ("ASA, PCN", "SVG, TCDB"), not as "LAST, FIRST" ("LI, XU").

    Shorthand: no known name among the words, and a short clinical word or no vowel anywhere; or mostly
    clinical words.
    """
    classes = [vocabulary.word_class(w) for w in words]
    if "name" not in classes and (
        any(c == "clinical" and len(w) <= 4 for w, c in zip(words, classes))
        or not any(v in w for w in words for v in "aeiou")
    ):
        return True
    return classes.count("clinical") * 2 > len(classes)


_COMMON = lexicon.everyday_words()
