"""International bank account numbers (IBAN, ISO 13616), which Safe Harbor counts as account numbers."""

from __future__ import annotations

from itertools import groupby

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

# Country -> IBAN length (the SWIFT IBAN registry). The country fixes the length, so a match never runs on
# into the next word or stops short of the last group.
LENGTHS: dict[str, int] = {
    **dict.fromkeys(("NO",), 15),
    **dict.fromkeys(("BE",), 16),
    **dict.fromkeys(("DK", "FI", "FO", "GL", "NL"), 18),
    **dict.fromkeys(("MK", "SI"), 19),
    **dict.fromkeys(("AT", "BA", "EE", "KZ", "LT", "LU", "XK"), 20),
    **dict.fromkeys(("CH", "HR", "LI", "LV"), 21),
    **dict.fromkeys(("BG", "BH", "CR", "DE", "GB", "GE", "IE", "ME", "RS", "VA"), 22),
    **dict.fromkeys(("AE", "GI", "IL", "IQ", "TL"), 23),
    **dict.fromkeys(("AD", "CZ", "ES", "MD", "PK", "RO", "SA", "SE", "SK", "TN", "VG"), 24),
    **dict.fromkeys(("LY", "PT", "ST"), 25),
    **dict.fromkeys(("IS", "TR"), 26),
    **dict.fromkeys(("FR", "GR", "IT", "MC", "MR", "SM"), 27),
    **dict.fromkeys(("AL", "AZ", "BY", "CY", "DO", "GT", "HU", "LB", "PL", "SV"), 28),
    **dict.fromkeys(("BR", "EG", "PS", "QA", "UA"), 29),
    **dict.fromkeys(("JO", "KW", "MU"), 30),
    **dict.fromkeys(("MT", "SC"), 31),
    **dict.fromkeys(("LC",), 32),
}


def _iban_pattern() -> str:
    """Country code, two check digits, then exactly the country's number of characters, single spaces allowed."""
    branches = []
    for length, group in groupby(sorted(LENGTHS, key=LENGTHS.get), key=LENGTHS.get):
        codes = "|".join(group)
        branches.append(rf"(?i:{codes})\d\d(?:[ ]?[A-Za-z0-9]){{{length - 4}}}")
    return r"(?<![\w/-])(?:" + "|".join(branches) + r")(?![\w/-])"


def mod97_valid(iban: str) -> bool:
    """ISO 7064 mod 97-10: the IBAN with its first four characters moved to the end, letters as 10-35, is 1."""
    rotated = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rotated)) % 97 == 1


@register
class IbanNumberRecognizer(ClinicalPatternRecognizer):
    """``GB82 WEST 1234 5698 7654 32``, ``DE89370400440532013000``, ``fr14 2004 1010 0505 0001 3m02 606``.

    A match must have its country's length and pass the mod-97 check, and then scores 1.0: the check
    lets through one random string in 97, and the country and length rule out nearly all of those.
    """

    ENTITY = "ACCOUNT_NUMBER"
    PATTERNS = [Pattern("iban", _iban_pattern(), 0.5)]
    CONTEXT = ["iban", "bank", "account", "transfer", "wire", "sepa"]

    def validate_result(self, pattern_text: str) -> bool | None:
        """An IBAN has its country's length and passes the mod-97 check."""
        iban = pattern_text.replace(" ", "").upper()
        return LENGTHS.get(iban[:2]) == len(iban) and iban.isalnum() and iban.isascii() and mod97_valid(iban)
