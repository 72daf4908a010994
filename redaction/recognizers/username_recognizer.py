"""User names and logins: labelled user IDs, @handles, audit trails ("Registered ... by reg547")."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction import vocabulary
from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

# Lower-case words that follow "by"/"as" in ordinary clinical English, never user names.
_PLAIN_WORDS = frozenset(
    """phone telephone mouth the a an patient patients me him her them nursing staff
pharmacy email mail fax text video walker wheelchair ambulance car family self primary nurse physician
provider team resident attending doctor dr mr ms mrs our your his their this that""".split()
)
PLAIN_ZIPF = 3.5  # a word this frequent ("sister", "air") after "by" is English, not a login
_AUDIT_VERB = (
    r"(?i:\b(?:registered|documented|entered|signed\s+in|logged\s+in|logged|updated|modified|"
    r"created|reviewed|transcribed|verified|charted|edited|accessed|printed|scanned)\b)"
)


@register
class UsernameRecognizer(ClinicalPatternRecognizer):
    """``username: jdoe42``, ``@mlopez``, ``Documented by rsfischer62``, ``Signed in as castron``."""

    ENTITY = "USERNAME"
    PATTERNS = [
        Pattern(
            "labelled",
            r"(?i:\b(?:user\s?name|user\s?id|userid|login|log-in|user|account\s+name|handle|"
            r"screen\s+name)\s*[:=#]?\s*)(?P<phi>[A-Za-z][\w.\-]{1,30}[A-Za-z0-9])(?![\w@])",
            0.7,
        ),
        Pattern("handle", r"(?<![\w.@])@(?P<phi>[A-Za-z][\w.]{2,30})\b", 0.6),
        Pattern(
            "audit trail",
            _AUDIT_VERB + r"[^\n]{0,40}?\b(?:by|as)[ \t]+"
            r"(?P<phi>[a-z][a-z0-9._\-]{1,30}[a-z0-9])(?![\w@])",
            0.8,
        ),
        Pattern("dictation", r"(?<![\w:])[A-Z]{2,4}:(?P<phi>[a-z][a-z0-9]{2,15})(?![\w:])", 0.7),
    ]
    CONTEXT = ["user", "username", "login", "portal", "account"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Plain English or clinical words ("by sister", "@KVO" in a caps note) are not user names."""
        word = pattern_text.lower()
        if word in _PLAIN_WORDS or pattern_text.isupper():
            return False
        if word.isalpha() and (vocabulary.word_class(word) == "clinical" or vocabulary.zipf(word) >= PLAIN_ZIPF):
            return False
        return None
