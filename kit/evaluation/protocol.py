"""LIMA's human-evaluation protocol (Zhou et al. 2023, section 3 and appendix): the exact wording raters see."""

from __future__ import annotations

QUESTION = "Which answer best satisfies your needs?"

CHOICE_LABELS: dict[str, str] = {
    "a": "A is significantly better",
    "b": "B is significantly better",
    "tie": "Neither is significantly better",
}
"""Choice key -> label shown to the rater."""

GRADE_LABELS: dict[str, str] = {
    "fail": "Fail",
    "pass": "Pass",
    "excellent": "Excellent",
}
"""Optional absolute grade of the answer the rater preferred (of both when neither is better)."""

SIMULATED_PREFIX = "SIMULATED-"
"""Rater names starting with this were filled by a program, never by a person (the demo's heuristic rater)."""


def normalize_choice(choice: str) -> str:
    """Accept a / b / tie in any case (also the full labels); ValueError otherwise."""
    key = str(choice).strip().lower()
    for k, label in CHOICE_LABELS.items():
        if key in (k, label.lower()):
            return k
    raise ValueError(f"choice must be one of {', '.join(CHOICE_LABELS)}")


def normalize_grade(grade: str | None) -> str | None:
    """Accept fail / pass / excellent in any case, or None."""
    if grade is None or str(grade).strip() == "":
        return None
    key = str(grade).strip().lower()
    if key not in GRADE_LABELS:
        raise ValueError(f"grade must be one of {', '.join(GRADE_LABELS)}")
    return key
