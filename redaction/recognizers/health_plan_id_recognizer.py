"""Health plan beneficiary numbers: member, subscriber, policy, Medicaid and Medicare identifiers."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import ID_VALUE, ID_VALUE_SPACED, label

# Medicare Beneficiary Identifier: 11 characters, letters exclude S, L, O, I, B, Z.
_L = "[AC-HJKMNP-RT-Y]"
MBI = rf"(?<![\w-])[1-9]{_L}[0-9AC-HJKMNP-RT-Y]\d-?{_L}[0-9AC-HJKMNP-RT-Y]\d-?{_L}{{2}}\d{{2}}(?![\w-])"

# "Secondary: United HMO  ID WLO 7786 0122 79": on a payer line, a bare "ID" is the member's plan id.
COVERAGE_LINE = (
    r"(?m)^[ \t]*(?i:primary|secondary|tertiary|payer|payor|carrier|plan|coverage)"
    r"(?:[ \t]+(?i:insurance|coverage|payer))?"
    r"[ \t]*:[^\n]*?\b(?i:id|no\.?|number|#)[ \t]*[:#]?[ \t]*"
)


PLAN_LABELS = (
    "member id",
    "member",
    "subscriber id",
    "subscriber",
    "policy",
    "insurance id",
    "insurance",
    "plan id",
    "health plan",
    "group",
    "medicaid id",
    "medicaid",
    "medicare id",
    "medicare",
    "mbi",
    "hicn",
    "beneficiary id",
    "beneficiary",
    "coverage id",
    "id card",
)


@register
class HealthPlanIdRecognizer(ClinicalPatternRecognizer):
    """``Member ID: XGH448120931``, ``Policy # 7731-22-001``, ``Medicaid ID 0029381774``, MBIs."""

    ENTITY = "HEALTH_PLAN_ID"
    PATTERNS = [
        Pattern("labelled spaced", label(*PLAN_LABELS) + ID_VALUE_SPACED, 0.9),
        Pattern("labelled", label(*PLAN_LABELS) + ID_VALUE, 0.9),
        Pattern("coverage line spaced", COVERAGE_LINE + ID_VALUE_SPACED, 0.85),
        Pattern("coverage line", COVERAGE_LINE + ID_VALUE, 0.85),
        Pattern("mbi", MBI, 0.6),
    ]
    CONTEXT = ["member", "insurance", "policy", "medicare", "medicaid", "plan", "subscriber"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """A plan identifier has at least four digits."""
        return None if sum(c.isdigit() for c in pattern_text) >= 4 else False
