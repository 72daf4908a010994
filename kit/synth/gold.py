"""Gold sets and the demo corpus on disk.

The gold set is split by a seeded shuffle into a *dev* half (look at it while writing
recognizers) and a *held-out* half (never look at it while writing recognizers; only score on
it). See docs/synthetic-data.md.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kit.synth.documents import generate_documents
from kit.synth.qa import generate_qa_pairs

DEMO_NOTES = 240
DEMO_QA_PAIRS = 2400
#: The kinds of the redaction gold set, in registration order. Fixed, so that a kind added to the demo mix
#: (``telegraphic_nursing_note``) does not re-deal the dev and held-out halves recognizers are scored on;
#: adding a kind here re-draws both halves and the numbers in docs/redaction.md and docs/synthetic-data.md.
GOLD_KINDS = (
    "discharge_summary",
    "nursing_note",
    "portal_message",
    "progress_note",
    "radiology_report",
    "referral_letter",
    "registration_form",
)


def gold_set(seed: int = 7, n: int = 400) -> tuple[list[dict], list[dict]]:
    """``n`` documents of :data:`GOLD_KINDS` split in half by a seeded shuffle: ``(dev, heldout)``."""
    docs = generate_documents(n, seed, list(GOLD_KINDS))
    order = list(range(n))
    random.Random(f"split:{seed}").shuffle(order)
    half = n // 2
    return [docs[i] for i in sorted(order[:half])], [docs[i] for i in sorted(order[half:])]


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    """Write rows as JSON lines atomically (temp file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def write_gold(path: Path, docs: Iterable[dict]) -> int:
    """Write ``{"id", "text", "spans"}`` lines (the format of ``kit redact eval --gold``)."""
    return write_jsonl(path, ({"id": d["id"], "text": d["text"], "spans": d["spans"]} for d in docs))


def write_demo_corpus(out_dir: Path, seed: int = 0, n_notes: int = DEMO_NOTES, n_pairs: int = DEMO_QA_PAIRS) -> dict:
    """Write the ``kit demo`` data set into ``out_dir`` and return counts.

    The notes rotate through every registered kind (eight: 30 of each in the 240 demo notes), so the demo
    also meets telegraphic ICU notes written wholly in upper or lower case.

    - ``notes.jsonl``: ``{id, text, doc_type}`` (no spans: this is what gets ingested)
    - ``qa_pairs.jsonl``: ``{id, prompt, response, source, category}``
    - ``gold/notes_gold.jsonl``: ``{id, text, spans}`` for the notes
    - ``gold/qa_gold.jsonl``: ``{id, text, spans}`` with ids ``<pair id>:prompt`` / ``:response``
    """
    out_dir = Path(out_dir)
    docs = generate_documents(n_notes, seed)
    pairs = generate_qa_pairs(n_pairs, seed)
    notes = write_jsonl(out_dir / "notes.jsonl", ({k: d[k] for k in ("id", "text", "doc_type")} for d in docs))
    qa = write_jsonl(
        out_dir / "qa_pairs.jsonl",
        ({k: p[k] for k in ("id", "prompt", "response", "source", "category")} for p in pairs),
    )
    gold = write_gold(out_dir / "gold" / "notes_gold.jsonl", docs)
    qa_gold = write_jsonl(out_dir / "gold" / "qa_gold.jsonl", _qa_gold_rows(pairs))
    return {
        "notes": notes,
        "qa_pairs": qa,
        "gold_notes": gold,
        "gold_qa_fields": qa_gold,
        "gold_spans": sum(len(d["spans"]) for d in docs),
        "qa_with_phi": sum(1 for p in pairs if p["prompt_spans"] or p["response_spans"]),
    }


def _qa_gold_rows(pairs: list[dict]) -> Iterable[dict]:
    for p in pairs:
        for field in ("prompt", "response"):
            yield {"id": f"{p['id']}:{field}", "text": p[field], "spans": p[f"{field}_spans"]}
