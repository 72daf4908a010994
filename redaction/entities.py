"""The entity types the kit detects, and how HIPAA's 18 Safe Harbor identifiers map onto them.

These names are shared with the synthetic corpus (``kit.synth``) and the gold set: a finding, a gold span
and a policy rule all speak the same vocabulary.
"""

from __future__ import annotations

ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "DATE",
    "AGE",
    "PHONE_NUMBER",
    "FAX_NUMBER",
    "EMAIL_ADDRESS",
    "URL",
    "IP_ADDRESS",
    "US_SSN",
    "MEDICAL_RECORD_NUMBER",
    "ACCOUNT_NUMBER",
    "HEALTH_PLAN_ID",
    "ID_NUMBER",
    "LICENSE_NUMBER",
    "VEHICLE_ID",
    "DEVICE_ID",
    "STREET_ADDRESS",
    "CITY",
    "STATE",
    "ZIP_CODE",
    "HOSPITAL",
    "USERNAME",
)

# 45 CFR 164.514(b)(2)(i), letters (A)-(R). Biometrics and photos do not occur as text spans, so they map
# to no entity type; the policy still has to name them so that a reviewer sees all 18 were considered.
SAFE_HARBOR_IDENTIFIERS: tuple[str, ...] = (
    "names",
    "geographic_subdivisions",
    "dates",
    "telephone_numbers",
    "fax_numbers",
    "email_addresses",
    "social_security_numbers",
    "medical_record_numbers",
    "health_plan_beneficiary_numbers",
    "account_numbers",
    "certificate_license_numbers",
    "vehicle_identifiers",
    "device_identifiers",
    "urls",
    "ip_addresses",
    "biometric_identifiers",
    "full_face_photographs",
    "other_unique_identifiers",
)

# HIPAA Safe Harbor: the initial three digits of a ZIP code may stay only where the area they name holds
# more than 20,000 people; these prefixes (2000 Census) do not, and become "000".
RESTRICTED_ZIP3: tuple[str, ...] = (
    "036", "059", "063", "102", "203", "556", "692", "790", "821",
    "823", "830", "831", "878", "879", "884", "890", "893",
)  # fmt: skip

# Ages up to this value are not PHI; anything older is, and the operator aggregates it to "90+".
MAX_SAFE_AGE = 89
