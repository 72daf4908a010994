"""A SIMULATED rater for demos and tests: a heuristic, never a person, and labelled so everywhere.

It prefers longer, structured answers (lists, paragraphs) - roughly what LIMA's raters rewarded - with a
little seeded noise per rater so two simulated raters sometimes disagree and agreement is measurable.
Its ratings are stored with ``simulated = 1`` and never count toward a release unless a policy says so.
"""

from __future__ import annotations

import random
import re

from kit.evaluation.protocol import SIMULATED_PREFIX
from kit.evaluation.rating import next_task, submit_rating
from kit.users import Actor, Role

_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)


def structure_score(answer: str) -> float:
    """Words (capped at 300) plus a bonus per list item and per paragraph."""
    words = min(len(answer.split()), 300)
    return words + 8 * len(_LIST_ITEM.findall(answer)) + 4 * answer.count("\n\n")


def simulated_choice(answer_a: str, answer_b: str, rng: random.Random, tie_margin: float = 0.15) -> str:
    """Choice "a", "b" or "tie" from noisy structure scores; close scores are a tie."""
    a = structure_score(answer_a) * rng.uniform(0.8, 1.2)
    b = structure_score(answer_b) * rng.uniform(0.8, 1.2)
    if abs(a - b) <= tie_margin * max(a, b, 1.0):
        return "tie"
    return "a" if a > b else "b"


def simulated_rater(index: int) -> Actor:
    """``SIMULATED-rater-<index>``, acting with the domain expert role."""
    return Actor(f"{SIMULATED_PREFIX}rater-{index}", Role.DOMAIN_EXPERT)


def fill_simulated_ratings(ws, eval_id: str, raters: list[Actor], seed: int = 0) -> int:
    """Answer every queued task of the simulated ``raters``; returns the number of ratings."""
    count = 0
    for offset, rater in enumerate(raters):
        if not rater.name.startswith(SIMULATED_PREFIX):
            raise ValueError("only SIMULATED- raters may be filled by a program")
        rng = random.Random(seed + offset)
        while (view := next_task(ws, rater, eval_id)) is not None:
            choice = simulated_choice(view.answer_a, view.answer_b, rng)
            grade = "pass" if choice != "tie" else None
            submit_rating(ws, rater, view.task_id, choice, grade, simulated=True)
            count += 1
    return count
