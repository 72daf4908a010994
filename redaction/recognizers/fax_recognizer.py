"""Fax numbers: telephone-shaped numbers that a 'fax' label precedes."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.clinical_phone_recognizer import NUMBER, is_fax


@register
class FaxRecognizer(ClinicalPatternRecognizer):
    """Telephone-shaped numbers labelled as fax: ``Fax: (617) 555-0199``."""

    ENTITY = "FAX_NUMBER"
    PATTERNS = [
        Pattern("fax", NUMBER, 0.9),
        Pattern("fax ten digits", r"(?<![\w.+/-])[2-9]\d\d[2-9]\d{6}(?![\w-])", 0.9),
    ]
    CONTEXT = ["fax", "facsimile"]

    def reject(self, text: str, start: int, end: int) -> bool:
        """Only numbers with 'fax' just before them."""
        return not is_fax(text, start)
