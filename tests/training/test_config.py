import pytest

from kit.errors import InputError
from kit.training.config import PRESETS, RunConfig, build_config, field_help, load_preset


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_when_preset_is_loaded_then_it_validates(name):
    cfg = load_preset(name)
    assert cfg.preset == name
    assert isinstance(cfg, RunConfig)


def test_when_lima_preset_then_it_follows_the_paper():
    cfg = load_preset("lima")
    assert (cfg.method, cfg.epochs, cfg.adam_betas, cfg.weight_decay) == ("full", 15, (0.9, 0.95), 0.1)
    assert (cfg.warmup_ratio, cfg.learning_rate, cfg.final_learning_rate, cfg.lr_schedule) == (
        0.0,
        1e-5,
        1e-6,
        "linear",
    )
    assert (cfg.batch_size, cfg.max_seq_len, cfg.end_of_turn, cfg.residual_dropout) == (32, 2048, True, "auto")
    assert cfg.select_epochs == [5, 10]


def test_when_config_file_has_unknown_field_then_error_names_file(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("epochs: 2\nlearnin_rate: 0.1\n")
    with pytest.raises(InputError, match="run.yaml.*learnin_rate"):
        build_config("lora", path)


def test_when_config_file_and_overrides_then_later_wins(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("epochs: 2\nmax_seq_len: 256\n")
    cfg = build_config("lima", path, max_seq_len=128)
    assert (cfg.epochs, cfg.max_seq_len, cfg.weight_decay) == (2, 128, 0.1)


def test_every_field_has_help():
    assert all(help_text for _, _, help_text in field_help())


def test_when_value_is_invalid_then_config_refuses():
    with pytest.raises(InputError, match="method"):
        build_config("lora", method="dora")
