"""Other unique identifying numbers: accession, specimen, case, order, claim and generic IDs."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import ID_VALUE, label


@register
class IdNumberRecognizer(ClinicalPatternRecognizer):
    """``Accession #: S69-4471``, ``Specimen XW277/90683``, ``Case no. 2069-0113``, ``ID: A-7731``."""

    ENTITY = "ID_NUMBER"
    PATTERNS = [
        Pattern(
            "labelled",
            label(
                "accession",
                "acc",
                "specimen",
                "case",
                "order",
                "requisition",
                "req",
                "sample",
                "claim",
                "reference",
                "ref",
                "ticket",
                "job",
                "confirmation",
                "control",
                "study id",
                "subject id",
                "employee id",
                "badge",
                "passport",
                "identifier",
                "id",
                "tracking",
                "voucher",
                "authorization",
                "auth",
            )
            + ID_VALUE,
            0.85,
        ),
        Pattern("slashed code", r"(?<![\w/-])[A-Z]{1,3}\d{2,6}/\d{3,8}(?![\w/-])", 0.6),
    ]
    CONTEXT = ["id", "identifier", "number", "accession", "specimen"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """An identifier has at least three digits."""
        return None if sum(c.isdigit() for c in pattern_text) >= 3 else False
