"""Gold set split, demo corpus files, and the module entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kit.synth import gold_set, write_demo_corpus, write_gold
from kit.synth.gold import DEMO_QA_PAIRS


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_gold_set_halves_are_disjoint_and_deterministic(gold):
    dev, heldout = gold
    assert len(dev) == len(heldout) == 200
    assert not {d["id"] for d in dev} & {d["id"] for d in heldout}
    assert gold_set(seed=7, n=40) == gold_set(seed=7, n=40)


def test_gold_set_split_mixes_kinds(gold):
    dev, heldout = gold
    assert {d["doc_type"] for d in dev} == {d["doc_type"] for d in heldout}


def test_write_gold_writes_the_eval_format(tmp_path, docs):
    path = tmp_path / "g" / "gold.jsonl"
    assert write_gold(path, docs[:5]) == 5
    rows = _read(path)
    assert all(set(r) == {"id", "text", "spans"} for r in rows)
    assert rows[0]["spans"] == docs[0]["spans"]


def test_demo_corpus_files_have_the_contract_fields(tmp_path):
    counts = write_demo_corpus(tmp_path, seed=0, n_notes=30, n_pairs=60)
    notes, pairs = _read(tmp_path / "notes.jsonl"), _read(tmp_path / "qa_pairs.jsonl")
    gold = _read(tmp_path / "gold" / "notes_gold.jsonl")
    assert counts["notes"] == len(notes) == len(gold) == 30 and counts["qa_pairs"] == len(pairs) == 60
    assert all(set(n) == {"id", "text", "doc_type"} for n in notes)
    assert all(set(p) == {"id", "prompt", "response", "source", "category"} for p in pairs)
    assert [g["text"] for g in gold] == [n["text"] for n in notes]
    qa_gold = _read(tmp_path / "gold" / "qa_gold.jsonl")
    assert len(qa_gold) == 120 and qa_gold[0]["id"].endswith(":prompt")
    assert not list(tmp_path.glob(".*")), "temporary files left behind"


def test_default_demo_corpus_is_big_enough(tmp_path):
    counts = write_demo_corpus(tmp_path)
    assert counts["notes"] >= 200 and counts["qa_pairs"] >= 1500
    size = (tmp_path / "notes.jsonl").stat().st_size
    assert 200_000 < size < 1_000_000  # ~1-3 KB per note keeps the detection run short


def test_module_entry_point_writes_corpus(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "kit.synth",
            "--out",
            str(tmp_path),
            "--seed",
            "2",
            "--notes",
            "8",
            "--pairs",
            "20",
            "--gold-set",
            "10",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    counts = json.loads(out.stdout)
    assert counts["notes"] == 8 and counts["gold_dev"] == 5 and counts["gold_heldout"] == 5
    assert (tmp_path / "gold" / "heldout.jsonl").exists()


def test_demo_files_pass_the_ingest_validation(tmp_path):
    from kit.ingest import KINDS, read_file

    write_demo_corpus(tmp_path, seed=0)
    assert len(read_file(tmp_path / "notes.jsonl", KINDS["documents"])) == 240
    assert len(read_file(tmp_path / "qa_pairs.jsonl", KINDS["examples"])) == DEMO_QA_PAIRS == 2400


def test_demo_corpus_ingests_into_a_real_workspace(tmp_path, workspace, vault, actors):
    from kit.ingest import ingest

    write_demo_corpus(tmp_path / "corpus", seed=0, n_notes=30, n_pairs=300)
    notes = ingest(workspace, vault, tmp_path / "corpus" / "notes.jsonl", "documents", actors["carol"])
    pairs = ingest(workspace, vault, tmp_path / "corpus" / "qa_pairs.jsonl", "examples", actors["carol"])
    assert (notes.added, pairs.added) == (30, 300)
