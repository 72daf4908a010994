"""Payment card numbers, which Safe Harbor counts as account numbers."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

NOT_BEFORE = r"(?<![\w+.,/-])"
NOT_AFTER = r"(?![\w/-]|[.,]\d)"


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` pass the Luhn (mod 10) check that every card number carries."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def issued_prefix(digits: str) -> bool:
    """True for the leading digits card networks issue: 3 (Amex, Diners, JCB), 4 (Visa), 5, 6, 2221-2720."""
    return digits[0] in "3456" or 2221 <= int(digits[:4]) <= 2720


@register
class CardNumberRecognizer(ClinicalPatternRecognizer):
    """``4111 1111 1111 1111``, ``5500-0000-0000-0004``, ``3782 822463 10005``, ``4012888888881881``.

    Every match must pass the Luhn check and start like an issued card, and then scores 1.0: together the
    check digit and the issuer prefix let through about one random digit string in twenty.
    """

    ENTITY = "ACCOUNT_NUMBER"
    PATTERNS = [
        # Groups of four with one separator used throughout: 16 digits (Visa, Mastercard), 19, or 13.
        Pattern("grouped", rf"{NOT_BEFORE}\d{{4}}(?P<sep>[ -])\d{{4}}(?P=sep)\d{{4}}(?P=sep)\d{{1,4}}{NOT_AFTER}", 0.5),
        Pattern("grouped 19", rf"{NOT_BEFORE}\d{{4}}(?P<sep>[ -])(?:\d{{4}}(?P=sep)){{3}}\d{{3}}{NOT_AFTER}", 0.5),
        # 4-6-5 (American Express) and 4-6-4 (Diners Club).
        Pattern("amex", rf"{NOT_BEFORE}\d{{4}}(?P<sep>[ -])\d{{6}}(?P=sep)\d{{4,5}}{NOT_AFTER}", 0.5),
        Pattern("run", rf"{NOT_BEFORE}\d{{13,19}}{NOT_AFTER}", 0.5),
    ]
    CONTEXT = ["card", "credit", "debit", "visa", "mastercard", "amex", "discover", "payment", "paid"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """A card number has 13-19 digits, an issued prefix and a valid Luhn check digit."""
        digits = "".join(c for c in pattern_text if c.isdigit())
        return 13 <= len(digits) <= 19 and issued_prefix(digits) and luhn_valid(digits)
