"""Certificate and licence numbers: DEA (checksum), NPI (Luhn), state licences and certificates."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import ID_VALUE, label


def dea_checksum_ok(value: str) -> bool:
    """DEA: (d1+d3+d5) + 2*(d2+d4+d6) ends in d7."""
    digits = [int(c) for c in value[-7:]]
    total = digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])
    return total % 10 == digits[6]


def npi_luhn_ok(value: str) -> bool:
    """NPI: Luhn check over the 10 digits prefixed with 80840."""
    digits = [int(c) for c in "80840" + value]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@register
class LicenseNumberRecognizer(ClinicalPatternRecognizer):
    """``DEA AB1234563``, ``NPI 1234567893``, ``License # MD-48213``, ``Lic. No. RN 0923314``."""

    ENTITY = "LICENSE_NUMBER"
    PATTERNS = [
        Pattern("dea", r"(?<![\w-])[A-HJ-NP-UXa-hj-np-ux][A-Za-z9]\d{7}(?![\w-])", 0.4),
        Pattern("npi", r"(?<![\w-])[12]\d{9}(?![\w-])", 0.3),
        Pattern(
            "labelled",
            label(
                "license",
                "licence",
                "lic",
                "certificate",
                "cert",
                "dea",
                "npi",
                "registration",
                "board certification",
                "permit",
                "driver's license",
                "drivers license",
                "dl",
            )
            + r"(?:[A-Z]{2}\s)?"
            + ID_VALUE,
            0.9,
        ),
    ]
    CONTEXT = ["dea", "npi", "license", "licence", "lic", "certificate", "provider"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Checksums decide DEA and NPI shapes; labelled values need three digits."""
        value = pattern_text.strip()
        if len(value) == 9 and value[:2].isalpha() and value[2:].isdigit():
            return dea_checksum_ok(value) or None
        if len(value) == 10 and value.isdigit():
            return True if npi_luhn_ok(value) else None
        return None if sum(c.isdigit() for c in value) >= 3 else False
