import pytest

from kit.training.data import IGNORE, collate, encode_messages, encode_rows, example_messages, pack

MESSAGES = example_messages({"prompt": "hello there", "response": "Drink water."})


@pytest.fixture(scope="module")
def tokenizer(tiny_model):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(tiny_model))


def test_when_encoded_then_loss_is_only_on_the_assistant_reply_and_its_end_of_turn(tokenizer):
    row, truncated = encode_messages(tokenizer, MESSAGES, max_seq_len=128)
    pieces = [tokenizer.decode([t]) for t in row.input_ids]
    trained = [p for p, label in zip(pieces, row.labels) if label != IGNORE]
    assert "".join(trained) == "Drink water.<|im_end|>"
    start = pieces.index("<|im_end|>", pieces.index("assistant") if "assistant" in pieces else 0)
    for i, (piece, label) in enumerate(zip(pieces, row.labels)):  # token by token
        in_reply = "".join(pieces[:i]).endswith("<|im_start|>assistant\n") or (
            i > 0 and row.labels[i - 1] != IGNORE and pieces[i - 1] != "<|im_end|>"
        )
        assert (label != IGNORE) == in_reply, (i, piece)
        if label != IGNORE:
            assert label == row.input_ids[i]
    assert not truncated and start >= 0


def test_when_template_lacks_end_of_turn_then_eos_is_added_and_trained(tokenizer):
    tokenizer = tokenizer.__class__.from_pretrained(tokenizer.name_or_path)
    tokenizer.chat_template = (
        "{% for m in messages %}{{ m['role'] + ': ' + m['content'] + '\n' }}{% endfor %}"
        "{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}"
    )
    row, _ = encode_messages(tokenizer, MESSAGES, max_seq_len=128)
    trained = tokenizer.decode([t for t in row.labels if t != IGNORE])
    assert trained == "Drink water.<|im_end|>"


def test_when_template_lacks_end_of_turn_then_every_utterance_gets_eos_and_only_the_reply_is_trained(tokenizer):
    tokenizer = tokenizer.__class__.from_pretrained(tokenizer.name_or_path)
    tokenizer.chat_template = (
        "{% for m in messages %}{{ m['role'] + ': ' + m['content'] + '\n' }}{% endfor %}"
        "{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}"
    )
    messages = example_messages({"prompt": "hello there", "response": "Drink water."}, system_prompt="Be brief.")
    messages += [{"role": "user", "content": "and then?"}, {"role": "assistant", "content": "Rest."}]
    row, _ = encode_messages(tokenizer, messages, max_seq_len=256)
    assert tokenizer.decode(row.input_ids) == (
        "system: Be brief.<|im_end|>\nuser: hello there<|im_end|>\nassistant: Drink water.<|im_end|>\n"
        "user: and then?<|im_end|>\nassistant: Rest.<|im_end|>\n"
    )
    trained = [tokenizer.decode([t]) for t in row.labels if t != IGNORE]
    assert "".join(trained) == "Drink water.<|im_end|>Rest.<|im_end|>"
    assert trained.count("<|im_end|>") == 2  # the system's and user's EOS are context, not targets


def test_when_packing_on_old_transformers_then_refused_with_the_version_needed():
    from kit.errors import TrainingError
    from kit.training.data import check_packing_supported

    with pytest.raises(TrainingError, match=r"packing needs transformers>=4\.53\.1 \(installed 4\.53\.0\)"):
        check_packing_supported(True, version="4.53.0")
    with pytest.raises(TrainingError, match="packing: false"):
        check_packing_supported(True, version="4.50.3")
    check_packing_supported(True, version="4.53.1")
    check_packing_supported(True, version="5.0.0rc1")
    check_packing_supported(False, version="4.50.0")  # no packing, no constraint


def test_when_installed_transformers_is_too_old_then_training_with_packing_refuses(
    monkeypatch, tmp_path, tiny_model, tiny_dataset
):
    import transformers

    from kit.errors import TrainingError
    from kit.training.loop import Trainer
    from tests.training.conftest import fast_config

    monkeypatch.setattr(transformers, "__version__", "4.52.4")
    with pytest.raises(TrainingError, match="packing needs transformers"):
        Trainer(tmp_path, fast_config(packing=True), tiny_model, tiny_dataset, None)


def test_when_too_long_then_truncated_and_reply_free_rows_dropped(tokenizer):
    short, truncated = encode_messages(tokenizer, MESSAGES, max_seq_len=20)
    assert truncated and len(short.input_ids) == 20
    rows, stats = encode_rows(tokenizer, [{"id": "r1", "prompt": "word " * 200, "response": "ok"}], max_seq_len=32)
    assert rows == [] and stats.dropped == ["r1"] and stats.truncated == 1


def test_when_packed_then_examples_do_not_attend_to_each_other(tokenizer, tiny_model):
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_model), attn_implementation="sdpa").eval()
    rows, _ = encode_rows(
        tokenizer,
        [{"id": str(i), "prompt": f"question {i}", "response": "Drink water."} for i in range(3)],
        max_seq_len=128,
    )
    packed = pack(rows, max_seq_len=256)
    assert len(packed) == 1 and packed[0].position_ids.count(0) == 3
    with torch.no_grad():
        batch = collate(packed, tokenizer.pad_token_id)
        together = model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], use_cache=False).logits[0]
        offset = 0
        for row in rows:
            alone = model(input_ids=torch.tensor([row.input_ids])).logits[0]
            torch.testing.assert_close(together[offset : offset + len(row.input_ids)], alone, atol=1e-4, rtol=1e-4)
            offset += len(row.input_ids)


def test_when_rows_are_padded_then_real_tokens_are_unaffected(tokenizer, tiny_model):
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_model)).eval()
    rows, _ = encode_rows(
        tokenizer,
        [
            {"id": "a", "prompt": "hi", "response": "ok"},
            {"id": "b", "prompt": "a much longer question here", "response": "Rest."},
        ],
        64,
    )
    batch = collate(rows, tokenizer.pad_token_id)
    with torch.no_grad():
        padded = model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], use_cache=False).logits[0]
        alone = model(input_ids=torch.tensor([rows[0].input_ids])).logits[0]
    torch.testing.assert_close(padded[: len(rows[0].input_ids)], alone, atol=1e-4, rtol=1e-4)
    assert (batch["labels"][0, len(rows[0].input_ids) :] == IGNORE).all()
