"""The outside contract: kit curate select --input CANDIDATES.jsonl --n N --output DIR [--dev --test]."""

import json

import pytest
from typer.testing import CliRunner

from kit.cli.curate import app

from .conftest import clustered_pool

runner = CliRunner()


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _rows():
    return [
        {"id": c.id, "prompt": c.prompt, "response": c.response, "source": c.source, "category": c.category}
        for c in clustered_pool(sizes={"asthma": 30, "sleep": 15, "skin": 15})
    ]


def test_when_file_is_valid_then_select_writes_the_dataset_folder(tmp_path):
    from datasets import DatasetDict

    src = _write(tmp_path / "c.jsonl", _rows())
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "select",
            "--input",
            str(src),
            "--n",
            "20",
            "--dev",
            "3",
            "--test",
            "5",
            "--output",
            str(out),
            "--embedder",
            "tfidf",
            "--no-phi-check",
        ],
    )
    assert result.exit_code == 0, result.output
    loaded = DatasetDict.load_from_disk(str(out))
    assert {k: len(v) for k, v in loaded.items()} == {"train": 20, "validation": 3, "test": 5}
    assert (out / "card.md").is_file() and (out / "stats.json").is_file()
    assert "selected (train 20 / validation 3 / test 5)" in result.output


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"id": "x", "prompt": "p"}), "field 'response' is missing"),
        (json.dumps({"id": "x", "prompt": "p", "response": 5}), "field 'response' is a int"),
        (json.dumps({"id": "asthma-000", "prompt": "p", "response": "r"}), "duplicate id"),
        (json.dumps({"id": "x", "prompt": "p", "response": "r", "rating": 9}), "'rating' must be"),
        (json.dumps(["a", "list"]), "must be a JSON object"),
    ],
)
def test_when_a_line_is_bad_then_one_line_error_names_file_and_line_and_nothing_is_written(tmp_path, bad, message):
    rows = _rows()
    src = tmp_path / "c.jsonl"
    lines = [json.dumps(r) for r in rows[:3]] + [bad] + [json.dumps(r) for r in rows[3:]]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["select", "--input", str(src), "--n", "5", "--output", str(out)])
    assert result.exit_code != 0
    error = result.output.strip()
    assert len(error.splitlines()) == 1 and f"{src}:4:" in error and message in error
    assert not out.exists()


def test_when_output_is_a_non_empty_foreign_folder_then_select_refuses(tmp_path):
    src = _write(tmp_path / "c.jsonl", _rows())
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = runner.invoke(app, ["select", "--input", str(src), "--n", "5", "--output", str(out), "--no-phi-check"])
    assert result.exit_code != 0 and "not an empty folder" in result.output
    assert (out / "keep.txt").read_text() == "mine"


def test_when_every_candidate_is_rejected_then_the_error_says_why_and_nothing_is_written(tmp_path):
    rows = [{**r, "response": r["response"].rstrip(".!?") + " and then"} for r in _rows()]  # all cut off
    src, out = _write(tmp_path / "c.jsonl", rows), tmp_path / "out"
    result = runner.invoke(app, ["select", "--input", str(src), "--n", "5", "--output", str(out), "--no-phi-check"])
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]  # after progress lines
    assert len(errors) == 1 and "survive filters" in errors[0]
    assert f"truncated_response {len(rows)}" in errors[0]
    assert not out.exists()


def test_when_input_file_is_missing_then_error_names_it(tmp_path):
    result = runner.invoke(
        app, ["select", "--input", str(tmp_path / "nope.jsonl"), "--n", "5", "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 2 and "nope.jsonl" in result.output and "not found" in result.output


@pytest.fixture
def kit(signed, monkeypatch):
    """Invoke ``kit`` as a named user of the signed workspace."""
    from kit.cli import app as kit_app
    from tests.conftest import PASSWORDS

    def invoke(user: str, *args: str):
        monkeypatch.setenv("KIT_USER", user)
        monkeypatch.setenv("KIT_PASSWORD", PASSWORDS[user])
        result = runner.invoke(kit_app, ["-w", str(signed.ws.root), "curate", *args])
        result.text = " ".join(result.output.split())  # rich wraps at the test terminal's width
        return result

    return invoke


def test_when_curate_build_runs_on_a_signed_off_workspace_then_it_writes_a_dataset_with_quotas(kit, signed):
    from kit.curation.datasets import list_datasets, load_stats

    sizes = ["--n", "20", "--dev", "3", "--test", "5", "--embedder", "tfidf"]
    built = kit("mel", "build", *sizes, "--quota-field", "category", "--max-share", "asthma=0.4", "--canaries", "2")

    assert built.exit_code == 0, built.text
    (ref,) = list_datasets(signed.ws)
    assert f"dataset {ref.id}" in built.text and "selected (train 20 / validation 3 / test 5)" in built.text
    assert ref.signoff_id == str(signed.signoff.id) and "canaries.json" in built.text
    lineage = [json.loads(line) for line in (ref.path / "lineage.jsonl").read_text().splitlines()]
    assert sum(row["id"].startswith("ex:asthma") for row in lineage) <= int(0.4 * 28)  # the cap held
    assert sum("canary_sha256" in row for row in lineage) == 2 and load_stats(ref)["canaries"]["n"] == 2
    assert "residual_phi 1" in built.text  # the record whose name the reviewer left in the clear


@pytest.mark.parametrize(
    ("user", "args", "code", "message"),
    [
        ("mel", ["--max-share", "asthma"], 2, "use VALUE=SHARE"),
        ("mel", ["--quota-field", "category", "--max-share", "asthma=1.5"], 2, "use VALUE=SHARE"),
        ("mel", ["--max-share", "asthma=0.5"], 2, "need --quota-field"),
        ("mel", ["--quota-field", "colour"], 2, "choose source or category"),
        ("dana", [], 3, "may not do this"),
    ],
)
def test_when_curate_build_is_given_bad_options_or_role_then_one_line_error(kit, signed, user, args, code, message):
    from kit.curation.datasets import list_datasets

    result = kit(user, "build", "--n", "5", "--dev", "1", "--test", "1", "--embedder", "tfidf", *args)
    assert result.exit_code == code and message in result.text and len(result.output.strip().splitlines()) == 1
    assert list_datasets(signed.ws) == []
