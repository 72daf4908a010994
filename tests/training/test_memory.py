import pytest
from transformers import LlamaConfig

from kit.errors import TrainingError
from kit.training.config import build_config
from kit.training.memory import GIB, Device, check_fit, detect_devices, estimate

LLAMA_8B = LlamaConfig(
    hidden_size=4096,
    intermediate_size=14336,
    num_hidden_layers=32,
    num_attention_heads=32,
    num_key_value_heads=8,
    vocab_size=128256,
)


def test_when_full_8b_on_a_24gb_card_then_refused_with_suggestions():
    cfg = build_config("full", max_seq_len=2048)
    result = estimate(LLAMA_8B, cfg, Device("cuda", "24 GB GPU", 24 * GIB))
    assert not result.fits and result.params > 7.9e9
    with pytest.raises(TrainingError, match="needs about .* GiB.*qlora.*gradient_checkpointing.*shorter sequences"):
        check_fit(result)


def test_when_qlora_8b_on_an_80gb_card_then_it_fits():
    cfg = build_config("qlora", max_seq_len=2048, micro_batch_size=1)
    result = estimate(LLAMA_8B, cfg, Device("cuda", "H100", 80 * GIB))
    assert result.fits and result.total < 20 * GIB
    check_fit(result)


def test_when_tiny_model_on_this_machine_then_it_fits(tiny_model):
    result = estimate(tiny_model, build_config("lora"))
    assert result.fits and result.device == detect_devices()[0]
    assert result.trainable < result.params


def test_when_qlora_on_cpu_then_clear_error():
    from kit.training.modeling import check_qlora_available

    with pytest.raises(TrainingError, match="CUDA GPU.*--preset lora"):
        check_qlora_available("cpu")


def test_when_qlora_run_is_created_on_cpu_then_refused_before_launch(workspace, actors, registered, tiny_dataset):
    from kit.training.runs import create_run, list_runs
    from tests.training.conftest import fast_config

    with pytest.raises(TrainingError, match="CUDA GPU"):
        create_run(workspace, "tiny", str(tiny_dataset), fast_config(method="qlora"), actors["mel"])
    assert list_runs(workspace) == []


def test_when_flash_attention_run_is_created_on_cpu_then_refused_before_launch(
    workspace, actors, registered, tiny_dataset
):
    from kit.training.runs import create_run, list_runs
    from tests.training.conftest import fast_config

    with pytest.raises(TrainingError, match="flash_attention_2 needs a CUDA GPU"):
        create_run(
            workspace, "tiny", str(tiny_dataset), fast_config(attn_implementation="flash_attention_2"), actors["mel"]
        )
    assert list_runs(workspace) == []
