"""Data path: chat template, loss only on the assistant's tokens, truncation, packing.

Masking works on characters, not tokens: the template is rendered once for the whole conversation and
once per assistant turn for its prefix; the assistant's span is the text between the two. Tokens whose
first character falls in a span are trained on. This holds for any template that renders a conversation as
a prefix-stable string (ChatML, Llama 3, Zephyr, ...), whatever the tokenizer merges at the boundaries.

Packing puts several examples into one row and restarts ``position_ids`` at 0 for each. With no 2-D
attention mask and no KV cache (training), transformers (>= 4.53) reads the restarts as sequence
boundaries and builds a block-diagonal causal mask (sdpa/eager) or uses variable-length kernels
(flash-attention), so examples never attend to each other. ``tests/training/test_data.py`` checks
packed logits equal the unpacked ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kit.errors import TrainingError

IGNORE = -100


@dataclass
class Encoded:
    """One training row: token ids, labels (``IGNORE`` where no loss) and restarting position ids."""

    input_ids: list[int]
    labels: list[int]
    position_ids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.position_ids:
            self.position_ids = list(range(len(self.input_ids)))


@dataclass
class EncodeStats:
    """What encoding did to a split: examples kept, trimmed, and dropped (no assistant token left)."""

    kept: int = 0
    truncated: int = 0
    dropped: list[str] = field(default_factory=list)


def example_messages(row: dict[str, Any], system_prompt: str | None = None) -> list[dict[str, str]]:
    """A curated ``{prompt, response}`` row as chat messages."""
    messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
    return messages + [{"role": "user", "content": row["prompt"]}, {"role": "assistant", "content": row["response"]}]


def _render(tokenizer, messages, add_generation_prompt=False) -> str:
    return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=add_generation_prompt)


def assistant_spans(tokenizer, messages: list[dict[str, str]], end_of_turn: bool = True) -> tuple[str, list]:
    """The rendered conversation and the ``[start, end)`` character spans of every assistant turn.

    A span covers the reply and its end-of-turn token; with ``end_of_turn`` the tokenizer's EOS text is
    inserted after a reply whose template does not end it.
    """
    eot = tokenizer.eos_token or ""
    text, spans = _render(tokenizer, messages), []
    for k, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        prefix = _render(tokenizer, messages[:k], add_generation_prompt=True)
        upto = _render(tokenizer, messages[: k + 1])
        if not (upto.startswith(prefix) and text.startswith(upto)):
            raise TrainingError(
                "the model's chat template does not render conversations prefix-stably; "
                "set a ChatML-style chat_template on the tokenizer"
            )
        start, end = len(prefix), len(upto)
        cut = text.rfind(eot, start, end) if eot else -1
        if cut >= 0:
            end = cut + len(eot)  # the newline a template adds after EOT is not the model's to predict
        elif end_of_turn and eot:
            reply_end = start + len(text[start:end].rstrip())
            text = text[:reply_end] + eot + text[reply_end:]
            end = reply_end + len(eot)
        spans.append((start, end))
    return text, spans


def encode_messages(tokenizer, messages, max_seq_len: int, end_of_turn: bool = True) -> tuple[Encoded | None, bool]:
    """Tokenize one conversation; returns (row or None when no assistant token survives, was_truncated)."""
    text, spans = assistant_spans(tokenizer, messages, end_of_turn)
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids, offsets = enc["input_ids"], enc["offset_mapping"]
    labels = [tok if any(s <= off[0] < e for s, e in spans) else IGNORE for tok, off in zip(ids, offsets)]
    truncated = len(ids) > max_seq_len
    ids, labels = ids[:max_seq_len], labels[:max_seq_len]
    if all(label == IGNORE for label in labels):
        return None, truncated
    return Encoded(ids, labels), truncated


def encode_rows(tokenizer, rows, max_seq_len: int, end_of_turn=True, system_prompt=None) -> tuple[list, EncodeStats]:
    """Encode curated rows (dicts with id, prompt, response); drops rows left without assistant tokens."""
    out, stats = [], EncodeStats()
    for row in rows:
        encoded, truncated = encode_messages(tokenizer, example_messages(row, system_prompt), max_seq_len, end_of_turn)
        stats.truncated += int(truncated)
        if encoded is None:
            stats.dropped.append(str(row.get("id", "?")))
            continue
        stats.kept += 1
        out.append(encoded)
    return out, stats


def pack(rows: list[Encoded], max_seq_len: int) -> list[Encoded]:
    """Greedily pack rows (in order) into rows of at most ``max_seq_len`` tokens, positions restarting."""
    packed: list[Encoded] = []
    current = Encoded([], [], [])
    for row in rows:
        if current.input_ids and len(current.input_ids) + len(row.input_ids) > max_seq_len:
            packed.append(current)
            current = Encoded([], [], [])
        current.input_ids += row.input_ids
        current.labels += row.labels
        current.position_ids += list(range(len(row.input_ids)))
    if current.input_ids:
        packed.append(current)
    return packed


def collate(rows: list[Encoded], pad_id: int) -> dict:
    """Right-pad a micro-batch into tensors.

    Pads get their own restarting positions and no loss, so no mask is needed: causal attention never lets
    a real token see a later pad, and the pads' outputs are ignored.
    """
    import torch

    width = max(len(r.input_ids) for r in rows)
    ids, labels, positions = [], [], []
    for r in rows:
        extra = width - len(r.input_ids)
        ids.append(r.input_ids + [pad_id] * extra)
        labels.append(r.labels + [IGNORE] * extra)
        positions.append(r.position_ids + list(range(extra)))
    return {"input_ids": torch.tensor(ids), "labels": torch.tensor(labels), "position_ids": torch.tensor(positions)}
