"""Device identifiers and serial numbers: implants, pumps, monitors, UDIs."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import ID_VALUE, label


@register
class DeviceIdRecognizer(ClinicalPatternRecognizer):
    """``Serial # PJN448122S``, ``S/N: 88-21931``, ``device ID ICD-44871``, ``UDI (01)00844588003288``."""

    ENTITY = "DEVICE_ID"
    PATTERNS = [
        Pattern(
            "labelled",
            label(
                "serial",
                "s/n",
                "sn",
                "device id",
                "device",
                "model",
                "udi",
                "imei",
                "lot",
                "implant id",
                "generator",
                "pacemaker",
                "defibrillator",
                "icd",
                "pump",
                "monitor",
                "catheter lot",
            )
            + ID_VALUE,
            0.85,
        ),
        Pattern("udi", r"(?<![\w)])\(01\)\d{14}(?:\(\d{2}\)[\w\-]+)*", 0.9),
    ]
    CONTEXT = ["serial", "device", "implant", "pacemaker", "pump", "model", "udi"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """A device identifier has at least three digits."""
        return None if sum(c.isdigit() for c in pattern_text) >= 3 else False
