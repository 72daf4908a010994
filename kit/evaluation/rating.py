"""Blind pairwise rating: what a rater sees, and how a judgement is recorded.

The rater view is built from the task and the two answers' text only. It has no field for a system name,
generation id or evaluation id, so no model identity can reach the rating page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit.errors import InputError, PermissionDenied, StateError
from kit.evaluation.protocol import CHOICE_LABELS, GRADE_LABELS, QUESTION, normalize_choice, normalize_grade
from kit.evaluation.ratings_io import Rating
from kit.evaluation.store import now
from kit.users import Actor, Role, require_role


@dataclass(frozen=True)
class RaterView:
    """Everything a rater is shown for one task, and nothing else."""

    task_id: int
    prompt: str
    answer_a: str
    answer_b: str
    position: int = field(metadata={"help": "1-based place of this task in the rater's queue of its evaluation"})
    total: int = field(metadata={"help": "tasks assigned to the rater in the same evaluation"})
    question: str = QUESTION
    choices: tuple[tuple[str, str], ...] = tuple(CHOICE_LABELS.items())
    grades: tuple[tuple[str, str], ...] = tuple(GRADE_LABELS.items())


@dataclass(frozen=True)
class Progress:
    """How far one rater is."""

    rater: str
    assigned: int
    done: int

    @property
    def remaining(self) -> int:
        """Tasks still to rate."""
        return self.assigned - self.done


_TASK_SQL = (
    "SELECT t.id, t.eval_id, t.position, ga.prompt, ga.answer AS answer_a, gb.answer AS answer_b "
    "FROM rating_tasks t JOIN generations ga ON ga.id = t.gen_a JOIN generations gb ON gb.id = t.gen_b "
    "JOIN evaluations e ON e.id = t.eval_id "
    "LEFT JOIN ratings r ON r.task_id = t.id WHERE t.rater = ? AND r.task_id IS NULL {where} "
    "ORDER BY e.created_at, e.rowid, t.position LIMIT 1"
)


def next_task(ws, actor: Actor, eval_id: str | None = None) -> RaterView | None:
    """The rater's next unrated task (oldest evaluation first), or None when the queue is empty."""
    require_role(actor, Role.DOMAIN_EXPERT)
    where, args = ("AND t.eval_id = ?", (actor.name, eval_id)) if eval_id else ("", (actor.name,))
    with ws.connect() as conn:
        row = conn.execute(_TASK_SQL.format(where=where), args).fetchone()
        if row is None:
            return None
        # Position counts within the task's evaluation, so the total must too ("Item 3 of 10" of one round).
        total = conn.execute(
            "SELECT COUNT(*) FROM rating_tasks WHERE rater = ? AND eval_id = ?", (actor.name, row["eval_id"])
        ).fetchone()[0]
    return RaterView(row["id"], row["prompt"], row["answer_a"], row["answer_b"], row["position"], total)


def submit_rating(
    ws, actor: Actor, task_id: int, choice: str, grade: str | None = None, *, simulated: bool = False
) -> None:
    """Record the rater's judgement of task ``task_id``: choice a / b / tie and an optional grade.

    Only domain experts rate, only their own tasks, each once. ``simulated`` marks ratings a program made.
    """
    require_role(actor, Role.DOMAIN_EXPERT)
    try:
        choice, grade = normalize_choice(choice), normalize_grade(grade)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    with ws.audited_transaction() as (conn, audit):
        task = conn.execute("SELECT rater, eval_id FROM rating_tasks WHERE id = ?", (task_id,)).fetchone()
        if task is None:
            raise InputError(f"no rating task {task_id}")
        if task["rater"] != actor.name:
            raise PermissionDenied(f"task {task_id} is assigned to another rater")
        if conn.execute("SELECT 1 FROM ratings WHERE task_id = ?", (task_id,)).fetchone():
            raise StateError(f"task {task_id} is already rated")
        conn.execute(
            "INSERT INTO ratings (task_id, rater, choice, grade, simulated, created_at) VALUES (?,?,?,?,?,?)",
            (task_id, actor.name, choice, grade, int(simulated), now()),
        )
        audit(
            actor, "eval.rate", str(task_id), eval_id=task["eval_id"], choice=choice, grade=grade, simulated=simulated
        )


def progress(ws, actor: Actor, eval_id: str | None = None) -> Progress:
    """Assigned and finished tasks of the signed-in rater."""
    where, args = (" AND t.eval_id = ?", (actor.name, eval_id)) if eval_id else ("", (actor.name,))
    with ws.connect() as conn:
        row = conn.execute(
            "SELECT COUNT(*) AS assigned, COUNT(r.task_id) AS done FROM rating_tasks t "
            "LEFT JOIN ratings r ON r.task_id = t.id WHERE t.rater = ?" + where,
            args,
        ).fetchone()
    return Progress(actor.name, row["assigned"], row["done"])


def overview(ws, eval_id: str) -> list[Progress]:
    """Progress of every rater of an evaluation (for the ML engineer; names raters, not systems)."""
    with ws.connect() as conn:
        rows = conn.execute(
            "SELECT t.rater, COUNT(*) AS assigned, COUNT(r.task_id) AS done FROM rating_tasks t "
            "LEFT JOIN ratings r ON r.task_id = t.id WHERE t.eval_id = ? GROUP BY t.rater ORDER BY t.rater",
            (eval_id,),
        ).fetchall()
    return [Progress(r["rater"], r["assigned"], r["done"]) for r in rows]


@dataclass(frozen=True)
class StoredRating:
    """A workspace rating, unblinded: the contract's fields plus grade and the simulated flag."""

    rating: Rating
    grade: str | None
    simulated: bool

    def to_json(self) -> dict:
        """Contract line plus ``grade`` and ``simulated``."""
        return {**self.rating.to_json(), "grade": self.grade, "simulated": self.simulated}


def stored_ratings(ws, eval_id: str, include_simulated: bool = True) -> list[StoredRating]:
    """Every rating of an evaluation with system names resolved (unblinded; not for raters)."""
    sql = (
        "SELECT t.prompt_id, r.rater, ga.system AS a, gb.system AS b, r.choice, r.grade, r.simulated "
        "FROM ratings r JOIN rating_tasks t ON t.id = r.task_id JOIN generations ga ON ga.id = t.gen_a "
        "JOIN generations gb ON gb.id = t.gen_b WHERE t.eval_id = ?"
        + ("" if include_simulated else " AND r.simulated = 0")
        + " ORDER BY t.prompt_id, r.rater"
    )
    with ws.connect() as conn:
        rows = conn.execute(sql, (eval_id,)).fetchall()
    return [
        StoredRating(Rating(r["prompt_id"], r["rater"], r["a"], r["b"], r["choice"]), r["grade"], bool(r["simulated"]))
        for r in rows
    ]
