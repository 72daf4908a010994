"""Document kinds. Importing this package registers every kind in :data:`KINDS`."""

from kit.synth.kinds import (  # noqa: F401  (imported for their registration side effect)
    discharge_summary,
    nursing_note,
    portal_message,
    progress_note,
    radiology_report,
    referral_letter,
    registration_form,
    telegraphic_nursing_note,
)
from kit.synth.kinds.registry import KINDS, register_kind

__all__ = ["KINDS", "register_kind"]
