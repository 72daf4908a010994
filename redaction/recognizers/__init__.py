"""The kit's clinical recognizers: one class per file, registered by name.

To add one: write ``redaction/recognizers/<name>_recognizer.py`` with a class decorated by
``@register``, import it below, and add must-match / must-not-match rows to
``tests/redaction/recognizers/``. See docs/redaction.md.
"""

from __future__ import annotations

from collections.abc import Callable

from presidio_analyzer import EntityRecognizer

RECOGNIZERS: dict[str, type[EntityRecognizer]] = {}


def register(cls: type[EntityRecognizer]) -> type[EntityRecognizer]:
    """Class decorator: make a recognizer part of every engine the kit builds."""
    RECOGNIZERS[cls.__name__] = cls
    return cls


def clinical_recognizers(enabled: Callable[[str], bool] = lambda name: True) -> list[EntityRecognizer]:
    """Fresh instances of every registered clinical recognizer whose name passes ``enabled``."""
    return [cls() for name, cls in RECOGNIZERS.items() if enabled(name)]


from redaction.recognizers import (  # noqa: E402,F401  (importing registers them)
    account_number_recognizer,
    age_recognizer,
    card_number_recognizer,
    city_recognizer,
    clinical_date_recognizer,
    clinical_phone_recognizer,
    cued_name_recognizer,
    cued_place_recognizer,
    device_id_recognizer,
    fax_recognizer,
    health_plan_id_recognizer,
    hospital_recognizer,
    iban_number_recognizer,
    id_number_recognizer,
    international_phone_recognizer,
    license_number_recognizer,
    listed_name_recognizer,
    mrn_recognizer,
    name_cue_recognizer,
    person_name_recognizer,
    ssn_recognizer,
    state_recognizer,
    street_address_recognizer,
    username_recognizer,
    vehicle_id_recognizer,
    zip_code_recognizer,
)
