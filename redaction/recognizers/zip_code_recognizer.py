"""ZIP codes: after a state in an address, or after a ZIP label."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.city_recognizer import STATE_CODE, STATE_NAMES


@register
class ZipCodeRecognizer(ClinicalPatternRecognizer):
    """``Boston, MA 02118``, ``Ohio 44101-2231``, ``ZIP: 60614``."""

    ENTITY = "ZIP_CODE"
    PATTERNS = [
        Pattern(
            "after state", rf"(?:\b(?:{STATE_CODE})|{STATE_NAMES}),?\s+(?P<phi>\d{{5}}(?:-\d{{4}})?)(?![\w-])", 0.9
        ),
        Pattern("labelled", r"(?i:\b(?:zip|zip code|postal code|zipcode)\s*[:#]?\s*)(?P<phi>\d{5}(?:-\d{4})?)\b", 0.9),
        Pattern("zip+4", r"(?<![\w-])\d{5}-\d{4}(?![\w-])", 0.5),
    ]
    CONTEXT = ["zip", "postal", "address"]
