"""Medical record numbers, found through the label that introduces them."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import ID_VALUE, ID_VALUE_SPACED, label

LABELS = (
    "mrn",
    "mr",
    "medical record",
    "med rec",
    "record",
    "unit",
    "chart",
    "hospital",
    "hosp",
    "patient id",
    "pt id",
    "patient",
    "pt",
)


@register
class MrnRecognizer(ClinicalPatternRecognizer):
    """``MRN: 4417-2231``, ``MR# 560-40-78-5``, ``Medical record number 00981234``, ``Unit No: XW277``."""

    ENTITY = "MEDICAL_RECORD_NUMBER"
    PATTERNS = [
        Pattern("labelled", label(*LABELS[:10]) + ID_VALUE, 0.9),
        Pattern("labelled spaced", label(*LABELS[:10]) + ID_VALUE_SPACED, 0.9),
        Pattern("patient number", r"(?i:\b(?:patient|pt)\s*(?:#|no\.?|number)\s*:?\s*)" + ID_VALUE, 0.85),
        Pattern("dashed digits", r"(?<![\w-])\d{3}-\d{2}-\d{2}-\d(?![\w-])", 0.4),
    ]
    CONTEXT = ["mrn", "mr", "record", "chart", "unit"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """A record number has at least four digits."""
        return None if sum(c.isdigit() for c in pattern_text) >= 4 else False
