"""Canary mode: plant unique random strings in training data, then check whether the model reproduces them.

``plant_canaries`` appends a sentence with a random secret to a few training responses and returns the
record of what went where (keep that file away from the training data). ``canary_probe`` later prompts the
model with each planted example's prompt and the response up to the secret, and also scans every
generated answer; a secret that shows up means the model memorized training data.

A record may hold, instead of the secret, its SHA-256 (``secret_sha256``, what ``kit curate build
--canaries N`` writes): then every code-shaped string in a continuation is hashed and compared.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from kit.errors import InputError
from kit.evaluation.probes.memorization import ContinueFn

LEAD_IN = "Internal reference code:"


def secret_sha256(secret: str) -> str:
    """The hash a canary is recorded under when its record does not keep the code in the clear."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


SECRET_SHAPE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


@dataclass(frozen=True)
class Canary:
    """One planted secret."""

    example_id: str
    secret: str
    """Random code the model can only know from training (e.g. ``QX7K-2M9D-8PLT``); "" when only hashed."""
    secret_sha256: str = ""
    """SHA-256 of the code, for records that do not keep it in the clear."""

    def found_in(self, text: str) -> bool:
        """True when ``text`` holds this canary's code."""
        if self.secret:
            return self.secret in text
        return any(secret_sha256(m) == self.secret_sha256 for m in SECRET_SHAPE.findall(text))

    def cut(self, response: str) -> int:
        """Where the code starts in a planted ``response`` (-1 when it is not there)."""
        if self.secret:
            return response.find(self.secret)
        return next(
            (m.start() for m in SECRET_SHAPE.finditer(response) if secret_sha256(m.group()) == self.secret_sha256), -1
        )


def make_secret(rng: random.Random) -> str:
    """12 random letters/digits in three groups."""
    alphabet = string.ascii_uppercase + string.digits
    return "-".join("".join(rng.choice(alphabet) for _ in range(4)) for _ in range(3))


def plant_canaries(
    rows: Sequence[dict], n: int, seed: int | None = None, field: str = "response"
) -> tuple[list[dict], list[Canary]]:
    """Copies of ``rows`` with a canary sentence appended to ``n`` random rows' ``field``."""
    if n > len(rows):
        raise InputError(f"cannot plant {n} canaries in {len(rows)} rows")
    rng = random.Random(seed)
    picked = set(rng.sample(range(len(rows)), n))
    out, canaries = [], []
    for index, row in enumerate(rows):
        row = dict(row)
        if index in picked:
            secret = make_secret(rng)
            row[field] = f"{row[field].rstrip()} {LEAD_IN} {secret}."
            canaries.append(Canary(str(row["id"]), secret))
        out.append(row)
    return out, canaries


def save_canaries(path: Path, canaries: Sequence[Canary]) -> None:
    """Write the canary record as JSON."""
    from kit.fsutil import atomic_write_text

    atomic_write_text(Path(path), json.dumps([asdict(c) for c in canaries], indent=2))


def load_canaries(path: Path) -> list[Canary]:
    """Read a canary record written by :func:`save_canaries`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return [Canary(str(c["example_id"]), str(c.get("secret", "")), str(c.get("secret_sha256", ""))) for c in data]
    except FileNotFoundError:
        raise InputError("canary file not found", path=path) from None
    except (ValueError, KeyError, TypeError):
        shape = "a JSON list of {example_id, secret or secret_sha256}"
        raise InputError(f"not a canary file ({shape})", path=path) from None


def canary_probe(
    canaries: Sequence[Canary],
    prompts: dict[str, tuple[str, str]],
    continue_fn: ContinueFn,
    answers: Iterable[tuple[str, str, str]] = (),
) -> dict:
    """Which canaries the model completes; ``prompts`` maps example id -> (prompt, response as trained)."""
    probed = [c for c in canaries if c.example_id in prompts]
    pairs = []
    for canary in probed:
        prompt, response = prompts[canary.example_id]
        cut = canary.cut(response)
        pairs.append((prompt, response[:cut] if cut >= 0 else f"{response.rstrip()} {LEAD_IN} "))
    continuations = continue_fn(pairs) if pairs else []
    reproduced = [c.example_id for c, text in zip(probed, continuations) if c.found_in(text)]
    in_answers = sorted({(pid, system) for pid, system, text in answers for c in canaries if c.found_in(text)})
    return {
        "n_canaries": len(canaries),
        "n_probed": len(probed),
        "reproduced": reproduced,
        "exposure_rate": round(len(reproduced) / len(probed), 4) if probed else None,
        "in_generated_answers": [{"prompt_id": p, "system": s} for p, s in in_answers],
    }


def plant_canaries_file(input_path: Path, output_path: Path, record_path: Path, n: int, seed: int | None = None) -> int:
    """`kit eval plant-canaries`: candidates JSONL in, candidates JSONL with canaries out, plus the record."""
    from kit.fsutil import atomic_write_text

    rows = []
    try:
        lines = Path(input_path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError("file not found", path=input_path) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise InputError("not valid JSON", path=input_path, line=number) from None
        if not isinstance(row, dict) or not isinstance(row.get("response"), str) or "id" not in row:
            raise InputError("each line needs an 'id' and a string 'response'", path=input_path, line=number)
        rows.append(row)
    planted, canaries = plant_canaries(rows, n, seed)
    atomic_write_text(Path(output_path), "".join(json.dumps(r) + "\n" for r in planted))
    save_canaries(record_path, canaries)
    return len(canaries)
