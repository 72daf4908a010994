"""Vehicle identifiers: VINs (with check digit) and licence plates after their label."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

_TRANSLIT = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit_ok(vin: str) -> bool:
    """North American VINs carry a check digit in position 9."""
    total = sum(_TRANSLIT[c] * w for c, w in zip(vin.upper(), _WEIGHTS))
    check = "X" if total % 11 == 10 else str(total % 11)
    return vin[8].upper() == check


@register
class VehicleIdRecognizer(ClinicalPatternRecognizer):
    """``VIN 1HGCM82633A004352``, ``license plate 7ABC123``, ``plate # XYZ-4821``."""

    ENTITY = "VEHICLE_ID"
    PATTERNS = [
        Pattern(
            "vin",
            r"(?<![\w-])(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])(?=[A-HJ-NPR-Z0-9]*\d)"
            r"[A-HJ-NPR-Z0-9]{17}(?![\w-])",
            0.6,
        ),
        Pattern(
            "plate",
            r"(?i:\b(?:license\s+plate|licence\s+plate|plate|tag|registration|vehicle)\b"
            r"\s*(?:no\.?|number|#)?\s*[:#]?\s*(?:is\s+)?)(?!VIN\b)"
            r"(?P<phi>(?=[A-Z0-9 \-]*\d)[A-Z0-9]{1,4}[ \-]?[A-Z0-9]{2,5})(?![\w-])",
            0.85,
        ),
    ]
    CONTEXT = ["vin", "vehicle", "car", "truck", "plate", "motorcycle"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """A 17-character VIN with a correct check digit is certain."""
        if len(pattern_text) == 17:
            return True if vin_check_digit_ok(pattern_text) else None
        return None
