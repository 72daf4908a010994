import shutil

import pytest

from kit.errors import InputError, StateError
from kit.training.manifest import ModelIntegrityError
from kit.training.registry import BUILTIN_MODELS, add_model, available_builtins, list_models, resolve_model


def test_when_folder_is_added_then_it_resolves_with_its_manifest(workspace, tiny_model, tmp_path):
    folder = shutil.copytree(tiny_model, tmp_path / "copy")
    entry = add_model(workspace, folder, name="tiny")
    assert entry.kind == "hf" and entry.params > 0 and len(entry.sha256) == 64
    assert resolve_model(workspace, "tiny") == entry
    assert [m.name for m in list_models(workspace)] == ["tiny"]
    assert any(e["action"] == "models.add" for e in workspace.audit().entries())


def test_when_a_weight_file_changes_then_load_is_refused(workspace, tiny_model, tmp_path):
    folder = shutil.copytree(tiny_model, tmp_path / "copy")
    add_model(workspace, folder, name="tiny")
    with open(folder / "model.safetensors", "r+b") as handle:
        handle.seek(-4, 2)
        handle.write(b"\x00\x01\x02\x03")
    with pytest.raises(ModelIntegrityError, match="model.safetensors changed"):
        resolve_model(workspace, "tiny")


def test_when_path_is_not_a_model_then_input_error(workspace, tmp_path):
    with pytest.raises(InputError, match="config.json"):
        add_model(workspace, tmp_path)


def test_when_name_is_unknown_then_state_error_points_at_models_add(workspace):
    with pytest.raises(StateError, match="kit models add"):
        resolve_model(workspace, "nope")


def test_builtin_demo_model_is_found_without_a_path(workspace):
    located = BUILTIN_MODELS["smollm2-135m"].locate()
    assert located is not None and located.suffix == ".gguf"
    assert "smollm2-135m" in available_builtins(workspace)


@pytest.mark.slow
def test_when_builtin_is_resolved_then_gguf_is_converted_once(workspace):
    entry = resolve_model(workspace, "smollm2-135m")
    assert entry.kind == "builtin" and (entry.path / "model.safetensors").is_file()
    assert 130e6 < entry.params < 140e6
    assert resolve_model(workspace, "smollm2-135m").sha256 == entry.sha256


def test_when_a_folder_holds_only_pytorch_bin_weights_then_its_parameters_are_counted(workspace, tiny_model, tmp_path):
    import torch
    from safetensors.torch import load_file

    folder = shutil.copytree(tiny_model, tmp_path / "bin-only")
    weights = load_file(str(folder / "model.safetensors"))
    (folder / "model.safetensors").unlink()
    torch.save(weights, folder / "pytorch_model.bin")
    entry = add_model(workspace, folder, name="tiny-bin")
    assert entry.params == sum(t.numel() for t in weights.values()) > 0


def test_when_a_run_is_launched_then_the_model_is_hashed_once_and_again_only_after_a_change(
    workspace, actors, registered, tiny_dataset, monkeypatch
):
    import os

    from kit.training import manifest
    from kit.training.runs import create_run, execute
    from tests.training.conftest import fast_config

    hashed = []
    real = manifest.file_sha256
    monkeypatch.setattr(manifest, "file_sha256", lambda path: hashed.append(path.name) or real(path))
    run = create_run(workspace, "tiny", str(tiny_dataset), fast_config(max_steps=1), actors["mel"], launch=False)
    assert hashed.count("model.safetensors") == 1  # create_run verified the manifest
    execute(workspace, run.id)
    assert hashed.count("model.safetensors") == 1  # the worker saw unchanged sizes and times: no second pass

    weights = registered.path / "model.safetensors"
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))
    execute(workspace, run.id)
    assert hashed.count("model.safetensors") == 2  # touched since: verified again before training
