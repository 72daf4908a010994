"""PHI detection and anonymisation on Presidio, driven by a policy. Knows nothing of ``kit``.

from redaction import build_engine, load_policy, anonymize
policy = load_policy("hipaa_safe_harbor")
engine = build_engine(policy)
findings = engine.detect(text)
clean = anonymize(text, findings, policy, secret=key, patient_key="patient-17")
"""

from redaction.anonymize import anonymize
from redaction.engine import Engine, build_engine
from redaction.entities import ENTITY_TYPES, RESTRICTED_ZIP3, SAFE_HARBOR_IDENTIFIERS
from redaction.errors import PolicyValidationError, RedactionError
from redaction.findings import Finding
from redaction.policy import Policy, load_policy

__all__ = [
    "ENTITY_TYPES",
    "RESTRICTED_ZIP3",
    "SAFE_HARBOR_IDENTIFIERS",
    "Engine",
    "Finding",
    "Policy",
    "PolicyValidationError",
    "RedactionError",
    "anonymize",
    "build_engine",
    "load_policy",
]
