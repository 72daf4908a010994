"""Presidio's predefined recognizers the kit keeps, made safe to run offline.

Kept: spaCy NER (names, places, organisations; ``KitSpacyRecognizer`` drops two misreadings), email, URL
(``KitUrlRecognizer`` ignores sentences run together at a period),
IP address, DEA numbers, NPI. Dropped: the country-specific recognizers for other countries, credit cards,
crypto wallets, IBANs — they cost time on every document and find nothing a US clinical note carries under
those names. (Card numbers and IBANs in patients' messages are found by the kit's own CardNumberRecognizer and
IbanNumberRecognizer, as ACCOUNT_NUMBER.)
"""

from __future__ import annotations

import regex as re
import tldextract
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    EmailRecognizer,
    IpRecognizer,
    MedicalLicenseRecognizer,
    UrlRecognizer,
    UsNpiRecognizer,
)

from redaction.spacy_recognizer import KitSpacyRecognizer

# Presidio type -> kit type. LOCATION and ORGANIZATION are refined by the postprocessor.
PRESIDIO_TO_KIT = {
    "MEDICAL_LICENSE": "LICENSE_NUMBER",
    "US_NPI": "LICENSE_NUMBER",
    "US_DRIVER_LICENSE": "LICENSE_NUMBER",
    "DATE_TIME": "DATE",
    "US_PASSPORT": "ID_NUMBER",
    "US_ITIN": "ID_NUMBER",
    "US_BANK_NUMBER": "ACCOUNT_NUMBER",
    "NRP": None,
}

_SCHEME = re.compile(r"(?i)(?:https?|ftp)://|www\d{0,3}\.")
_HOST_END = re.compile(r"[/?#:]")
# Endings a web address written without http:// or www. plausibly has.
_BARE_TLDS = frozenset(
    "com org net edu gov mil int info biz io us uk ca au de fr nl es it ch se eu health care clinic".split()
)
# The bundled Public Suffix List snapshot; an empty URL list means tldextract never fetches a newer one,
# and cache_dir=None keeps it from writing a cache file.
_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class KitUrlRecognizer(UrlRecognizer):
    """Presidio's URL recognizer, minus sentences run together at a period.

    Telegraphic notes drop the space after a full stop ("down.Pt had", "SHIFT.PRESENT", "today...fo");
    the stock patterns read those as domains with country-code endings. A match without a scheme or
    ``www.`` must be written in lower case with a lower-case ending of at least two letters and hold no
    run of periods.
    """

    def __init__(self) -> None:
        super().__init__(name="UrlRecognizer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, regex_flags=None):  # noqa: D102
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        # A match cut out of a longer word ("am.co" of "am.continues") is no address.
        return [
            r for r in results if not text[r.end : r.end + 1].isalnum() and not text[r.start - 1 : r.start].isalnum()
        ]

    def invalidate_result(self, pattern_text: str) -> bool:  # noqa: D102
        text = pattern_text.strip("\"'")
        if _SCHEME.match(text):
            return False
        host = _HOST_END.split(text, maxsplit=1)[0]
        labels = host.split(".")
        if ".." in host or len(labels) < 2 or not host.islower():
            return True
        return labels[-1] not in _BARE_TLDS  # "peep.sats", "liquid.no": run-together sentences


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email recognizer, validating domains against the bundled suffix list only.

    The stock class calls ``tldextract.extract``, whose default extractor downloads the Public Suffix
    List the first time an email-like string is seen.
    """

    def __init__(self) -> None:
        super().__init__(name="EmailRecognizer")

    def validate_result(self, pattern_text: str) -> bool:  # noqa: D102
        return _OFFLINE_TLD(pattern_text).fqdn != ""


def presidio_recognizers() -> list[EntityRecognizer]:
    """Fresh instances of the predefined recognizers the kit runs."""
    return [
        KitSpacyRecognizer(supported_entities=["PERSON", "LOCATION", "ORGANIZATION"]),
        OfflineEmailRecognizer(),
        KitUrlRecognizer(),
        IpRecognizer(),
        MedicalLicenseRecognizer(),
        UsNpiRecognizer(),
    ]
