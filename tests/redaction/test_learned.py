"""The learned detector: labels, combination with the rules, training on a tiny encoder, saving and loading."""

from __future__ import annotations

import json
import shutil

import pytest

from redaction.errors import ModelError
from redaction.findings import Finding
from redaction.learned import Span, TrainingText, TrainSettings, class_of, combine, disagrees, train_detector
from redaction.learned.labels import LABEL_ID, piece_labels
from redaction.learned.model import MANIFEST, PieceProbs, load_detector, save_detector
from redaction.policy import LearnedModelSettings

# -- labels --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_type", "expected"),
    [
        ("PERSON", "PERSON"),
        ("HCPName", "PERSON"),
        ("PTName", "PERSON"),
        ("RelativeProxyName", "PERSON"),
        ("USERNAME", "PERSON"),
        ("LOCATION", "LOCATION"),
        ("HOSPITAL", "LOCATION"),
        ("STREET_ADDRESS", "LOCATION"),
        ("ZIP_CODE", "LOCATION"),
        ("DATE", "DATE"),
        ("AGE", "AGE"),
        ("PHONE_NUMBER", "PHONE"),
        ("FAX_NUMBER", "PHONE"),
        ("MEDICAL_RECORD_NUMBER", "ID"),
        ("Other", "ID"),
        ("STATE", None),
    ],
)
def test_entity_types_of_any_scheme_map_onto_the_model_classes(entity_type, expected):
    assert class_of(entity_type) == expected


def test_piece_labels_mark_the_first_piece_of_a_span_b_and_the_rest_i():
    offsets = [(0, 3), (4, 8), (8, 11), (12, 15)]  # "Saw Mari ana now"
    labels = piece_labels(offsets, [Span(4, 11, "PERSON"), Span(12, 15, "STATE")])
    assert labels == [LABEL_ID["O"], LABEL_ID["B-PERSON"], LABEL_ID["I-PERSON"], LABEL_ID["O"]]


# -- combination ---------------------------------------------------------------------------------------


def _pieces(text: str, phi_by_word: dict[str, float], cls: int = 1) -> list[PieceProbs]:
    """One piece per word; PHI probability from ``phi_by_word`` (else 0.01), all of class ``cls``."""
    out, pos = [], 0
    for word in text.split(" "):
        p = phi_by_word.get(word, 0.01)
        probs = [1 - p, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        probs[cls] = p
        out.append(PieceProbs(pos, pos + len(word), tuple(probs)))
        pos += len(word) + 1
    return out


SETTINGS = LearnedModelSettings(add_threshold=0.5, veto_below=0.1, keep_rule_score=0.9)
TEXT = "seen by milo and LAD today"  # milo at 8-12, LAD at 17-20


def test_when_the_model_agrees_then_the_rule_finding_stays_with_the_higher_score():
    rule = Finding(8, 12, "PERSON", 0.6, "CuedNameRecognizer")
    [out] = combine(TEXT, [rule], _pieces(TEXT, {"milo": 0.95}), SETTINGS)
    assert (out.start, out.end, out.entity_type, out.score) == (8, 12, "PERSON", 0.95)
    assert out.recognizer == "CuedNameRecognizer+model"


def test_when_the_model_is_sure_a_weak_rule_finding_is_not_phi_then_it_is_vetoed():
    rule = Finding(17, 20, "PERSON", 0.6, "NameCueRecognizer")
    assert combine(TEXT, [rule], _pieces(TEXT, {}), SETTINGS) == []


def test_a_vetoed_finding_is_kept_at_the_models_score_for_review_when_asked():
    rule = Finding(17, 20, "PERSON", 0.6, "NameCueRecognizer")
    [out] = combine(TEXT, [rule], _pieces(TEXT, {}), SETTINGS, keep_vetoed=True)
    assert out.score == pytest.approx(0.01)
    assert disagrees(out.recognizer)


def test_a_strong_rule_finding_is_never_vetoed():
    rule = Finding(17, 20, "US_SSN", 0.95, "SsnRecognizer")
    [out] = combine(TEXT, [rule], _pieces(TEXT, {}), SETTINGS)
    assert out.entity_type == "US_SSN" and out.score == 0.95


def test_a_doubted_rule_finding_stays_and_is_marked_as_a_disagreement():
    rule = Finding(8, 12, "PERSON", 0.6, "CuedNameRecognizer")
    [out] = combine(TEXT, [rule], _pieces(TEXT, {"milo": 0.3}), SETTINGS)
    assert out.score == 0.6 and out.recognizer.endswith("+model?") and disagrees(out.recognizer)


def test_a_span_only_the_model_finds_is_added_when_it_reaches_the_threshold():
    [out] = combine(TEXT, [], _pieces(TEXT, {"milo": 0.8}), SETTINGS)
    assert (out.start, out.end, out.entity_type, out.recognizer) == (8, 12, "PERSON", "learned_model")
    assert combine(TEXT, [], _pieces(TEXT, {"milo": 0.4}), SETTINGS) == []


def test_per_type_thresholds_override_the_default():
    lower = LearnedModelSettings(add_threshold=0.5, thresholds={"PERSON": 0.3})
    [out] = combine(TEXT, [], _pieces(TEXT, {"milo": 0.4}), lower)
    assert out.entity_type == "PERSON"


def test_a_model_span_that_extends_a_rule_finding_merges_into_it_with_the_rules_type():
    text = "dtr anna maria here"
    rule = Finding(4, 8, "PERSON", 0.7, "CuedNameRecognizer")
    [out] = combine(text, [rule], _pieces(text, {"anna": 0.9, "maria": 0.9}), SETTINGS)
    assert (out.start, out.end, out.entity_type) == (4, 14, "PERSON")


def test_model_spans_widen_to_whole_words():
    text = "husband milovan called"
    pieces = [
        PieceProbs(0, 7, (0.99, 0.01, 0, 0, 0, 0, 0)),
        PieceProbs(8, 11, (0.1, 0.9, 0, 0, 0, 0, 0)),
        PieceProbs(11, 15, (0.6, 0.4, 0, 0, 0, 0, 0)),
        PieceProbs(16, 22, (0.99, 0.01, 0, 0, 0, 0, 0)),
    ]
    [out] = combine(text, [], pieces, SETTINGS)
    assert (out.start, out.end) == (8, 15)


# -- training, saving, loading on a tiny encoder ------------------------------------------------------------


def _texts() -> list[TrainingText]:
    rows = []
    for i, name in enumerate(["milo", "ines", "tavo", "ruth", "kofi", "alma"] * 3):
        text = f"spoke with daughter {name} about plan. bp stable, lasix given at 0800."
        start = text.index(name)
        rows.append(TrainingText(text, [Span(start, start + len(name), "PERSON")], [], "gold"))
    return rows


@pytest.fixture(scope="module")
def trained(tiny_bert_base, tmp_path_factory):
    settings = TrainSettings(epochs=30, layers=2, window=32, learning_rate=3e-3, batch_size=8)
    detector = train_detector(_texts(), base=tiny_bert_base, settings=settings)
    folder = tmp_path_factory.mktemp("det") / "model"
    save_detector(detector, folder)
    return detector, folder


def test_training_records_what_it_was_trained_on_and_learns_the_planted_names(trained):
    detector, folder = trained
    t = detector.info.training
    assert t["texts"] == 18 and t["by_source"] == {"gold": 18} and t["steps"] == t["planned_steps"]
    assert len(t["data_fingerprint"]) == 64
    loaded = load_detector(folder, quantize=False)
    text = "spoke with daughter milo about plan. bp stable, lasix given at 0800."
    pieces = loaded.predict([text], [[]])[0]
    start = text.index("milo")
    name = max(p.phi for p in pieces if start <= p.start < start + 4)
    stable = max(p.phi for p in pieces if text[p.start : p.end] == "stable")
    assert name > 0.5 > stable


def test_the_same_seed_trains_the_same_weights(tiny_bert_base):
    settings = TrainSettings(epochs=1, layers=1, window=32, batch_size=4)
    a = train_detector(_texts()[:4], base=tiny_bert_base, settings=settings)
    b = train_detector(_texts()[:4], base=tiny_bert_base, settings=settings)
    wa, wb = a.model.state_dict(), b.model.state_dict()
    assert all((wa[k] == wb[k]).all() for k in wa)


def test_a_saved_detector_pins_every_file_by_sha256(trained):
    _, folder = trained
    manifest = json.loads((folder / MANIFEST).read_text())
    assert "model.safetensors" in manifest["files"] and len(manifest["files"]["model.safetensors"]) == 64


def test_when_a_weight_file_is_changed_then_loading_names_it(trained, tmp_path):
    _, folder = trained
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    with open(copy / "model.safetensors", "r+b") as fh:
        fh.seek(200)
        fh.write(b"\x00\x01\x02")
    with pytest.raises(ModelError, match=r"model\.safetensors: sha256 does not match"):
        load_detector(copy)


def test_when_a_file_or_the_manifest_is_missing_then_loading_says_so(trained, tmp_path):
    _, folder = trained
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="missing"):
        load_detector(copy)
    (copy / MANIFEST).unlink()
    with pytest.raises(ModelError, match="detector.json: missing"):
        load_detector(copy)
    with pytest.raises(ModelError, match="no such model folder"):
        load_detector(tmp_path / "nowhere")


def test_saving_into_a_folder_that_holds_files_is_refused(trained, tmp_path):
    detector, _ = trained
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")
    with pytest.raises(ModelError, match="not an empty folder"):
        save_detector(detector, tmp_path / "busy")


def test_out_of_range_settings_are_refused_by_name():
    with pytest.raises(ModelError, match="epochs, window"):
        TrainSettings(epochs=0, window=4)


def test_the_engine_runs_rules_and_model_together(engine, trained):
    from redaction import build_engine

    _, folder = trained
    both = build_engine(engine.policy, model=folder)
    text = "spoke with daughter milo about plan. bp stable, lasix given at 0800."
    found = both.detect(text)
    assert any(text[f.start : f.end] == "milo" for f in found)
    assert both.rules_only().detector is None
    assert both.detect_batch([text, text], workers=2) == [found, found]


# -- the plain-file CLI form (shared/ARCHITECTURE.md contract) -------------------------------------------


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gold")
    rows = [{"id": f"g{i}", "text": t.text, "spans": [s.__dict__ for s in t.spans]} for i, t in enumerate(_texts())]
    for row in rows:
        row["spans"] = [{k: v for k, v in s.items() if k != "score"} for s in row["spans"]]
    path = folder / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture(scope="module")
def cli_model(gold_file, tiny_bert_base, tmp_path_factory):
    from typer.testing import CliRunner

    from kit.cli import app

    out = tmp_path_factory.mktemp("cli") / "model"
    args = [
        "redact",
        "train",
        "--gold",
        str(gold_file),
        "--output",
        str(out),
        "--base",
        str(tiny_bert_base),
        "--no-synthetic",
        "--epochs",
        "2",
        "--layers",
        "1",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def test_cli_trains_from_a_gold_file_and_detect_apply_eval_take_the_model(engine, cli_model, gold_file, tmp_path):
    from typer.testing import CliRunner

    from kit.cli import app

    runner = CliRunner()
    assert (cli_model / MANIFEST).is_file()
    out = tmp_path / "found.jsonl"
    result = runner.invoke(app, ["redact", "detect", "-i", str(gold_file), "-o", str(out), "--model", str(cli_model)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 18 and set(rows[0]) == {"id", "findings"}
    result = runner.invoke(app, ["redact", "eval", "--gold", str(gold_file), "--model", str(cli_model), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"total", "by_type", "rules_only", "model"} <= set(report)
    assert report["model"]["sha256"] == load_detector(cli_model).digest
    result = runner.invoke(app, ["redact", "eval", "--gold", str(gold_file), "--model", str(cli_model)])
    assert "rules alone:" in result.stdout and "rules + model:" in result.stdout
    applied = tmp_path / "applied.jsonl"
    result = runner.invoke(app, ["redact", "apply", "-i", str(gold_file), "-o", str(applied), "-m", str(cli_model)])
    assert result.exit_code == 0, result.output


def test_cli_with_a_damaged_model_fails_naming_the_file_and_writes_nothing(engine, cli_model, gold_file, tmp_path):
    from typer.testing import CliRunner

    from kit.cli import app

    broken = tmp_path / "broken"
    shutil.copytree(cli_model, broken)
    (broken / "model.safetensors").write_bytes(b"junk")
    out = tmp_path / "found.jsonl"
    result = CliRunner().invoke(app, ["redact", "detect", "-i", str(gold_file), "-o", str(out), "-m", str(broken)])
    assert result.exit_code != 0
    assert "model.safetensors: sha256 does not match" in result.output and "rules run alone" in result.output
    assert not out.exists() and list(tmp_path.glob(".found*")) == []


def test_cli_train_refuses_a_folder_that_holds_files(gold_file, tmp_path):
    from typer.testing import CliRunner

    from kit.cli import app

    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")
    result = CliRunner().invoke(app, ["redact", "train", "--gold", str(gold_file), "--output", str(tmp_path / "busy")])
    assert result.exit_code != 0 and "not an empty folder" in result.output
