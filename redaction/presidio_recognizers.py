"""Presidio's predefined recognizers the kit keeps, made safe to run offline.

Kept: spaCy NER (names, places, organisations; ``KitSpacyRecognizer`` drops two misreadings), email, URL,
IP address, DEA numbers, NPI. Dropped: the country-specific recognizers for other countries, credit cards,
crypto wallets, IBANs — they cost time on every document and find nothing a US clinical note carries under
those names.
"""

from __future__ import annotations

import tldextract
from presidio_analyzer import EntityRecognizer
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

# The bundled Public Suffix List snapshot; an empty URL list means tldextract never fetches a newer one,
# and cache_dir=None keeps it from writing a cache file.
_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


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
        UrlRecognizer(),
        IpRecognizer(),
        MedicalLicenseRecognizer(),
        UsNpiRecognizer(),
    ]
