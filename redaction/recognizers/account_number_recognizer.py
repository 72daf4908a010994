"""Account numbers: billing, encounter and financial numbers after their label."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import ID_VALUE, ID_VALUE_SPACED, label

LABELS = (
    "acct",
    "account",
    "billing account",
    "billing",
    "financial",
    "fin",
    "har",
    "invoice",
    "statement",
    "visit",
    "encounter",
    "csn",
)


@register
class AccountNumberRecognizer(ClinicalPatternRecognizer):
    """``Acct #: 88120045``, ``Account number 5521-009-33``, ``Billing no. FIN 20345511``."""

    ENTITY = "ACCOUNT_NUMBER"
    PATTERNS = [
        Pattern("labelled spaced", label(*LABELS) + ID_VALUE_SPACED, 0.9),
        Pattern(
            "labelled",
            label(
                "acct",
                "account",
                "billing account",
                "billing",
                "financial",
                "fin",
                "har",
                "invoice",
                "statement",
                "visit",
                "encounter",
                "csn",
            )
            + ID_VALUE,
            0.9,
        ),
    ]
    CONTEXT = ["account", "acct", "billing"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """An account number has at least four digits."""
        return None if sum(c.isdigit() for c in pattern_text) >= 4 else False
