"""US Social Security numbers."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import label


@register
class SsnRecognizer(ClinicalPatternRecognizer):
    """``123-45-6789`` (valid area/group/serial), or nine digits after an SSN label."""

    ENTITY = "US_SSN"
    PATTERNS = [
        Pattern("dashed", r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", 0.6),
        Pattern("spaced", r"(?<![\w-])\d{3} \d{2} \d{4}(?![\w-])", 0.3),
        Pattern(
            "labelled",
            label("ssn", "ss", "soc sec", "social security", "social") + r"(?P<phi>\d{3}[- ]?\d{2}[- ]?\d{4})(?![\w-])",
            0.9,
        ),
    ]
    CONTEXT = ["ssn", "social", "security", "ss"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """SSA never issues area 000, 666 or 9xx, group 00 or serial 0000."""
        digits = "".join(c for c in pattern_text if c.isdigit())
        if len(digits) != 9:
            return False
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        if area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000":
            return False
        return None
