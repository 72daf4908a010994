from typer.testing import CliRunner

from kit.cli import app
from tests.conftest import PASSWORDS


def _kit(workspace, monkeypatch, *args):
    monkeypatch.setenv("KIT_USER", "mel")
    monkeypatch.setenv("KIT_PASSWORD", PASSWORDS["mel"])
    return CliRunner().invoke(app, ["-w", str(workspace.root), *args])


def test_when_models_add_then_list_shows_it_and_the_builtin(workspace, tiny_model, monkeypatch):
    added = _kit(workspace, monkeypatch, "models", "add", str(tiny_model), "--name", "tiny")
    assert added.exit_code == 0, added.output
    listing = _kit(workspace, monkeypatch, "models", "list")
    assert "tiny" in listing.output and "smollm2-135m" in listing.output


def test_when_estimate_fits_then_exit_zero_and_table(workspace, registered, monkeypatch):
    result = _kit(workspace, monkeypatch, "train", "estimate", "--model", "tiny", "--max-seq-len", "64")
    assert result.exit_code == 0, result.output
    assert "total" in result.output and "fits" in result.output


def test_when_run_id_is_unknown_then_one_line_error(workspace, monkeypatch):
    result = _kit(workspace, monkeypatch, "train", "status", "run-nope")
    assert result.exit_code != 0 and "no run 'run-nope'" in result.output and "Traceback" not in result.output


def test_when_train_waits_then_run_completes_with_adapter(workspace, registered, tiny_dataset, monkeypatch, tmp_path):
    config = tmp_path / "run.yaml"
    config.write_text(
        "batch_size: 4\nmicro_batch_size: 2\nmax_seq_len: 64\neval_generations: 1\neval_max_new_tokens: 4\n"
    )
    result = _kit(
        workspace,
        monkeypatch,
        "train",
        "--dataset",
        str(tiny_dataset),
        "--model",
        "tiny",
        "--config",
        str(config),
        "--max-steps",
        "3",
        "--wait",
    )
    assert result.exit_code == 0, result.output
    assert "completed at step 3/3" in result.output and "adapter:" in result.output
    status = _kit(workspace, monkeypatch, "train", "status")
    assert status.exit_code == 0 and "3/3" in status.output
    from kit.training.runs import list_runs

    assert [r.status for r in list_runs(workspace)] == ["completed"]
