"""Data path: chat template, loss only on the assistant's tokens, truncation, packing.

Masking works on characters, not tokens: the template is rendered once for the whole conversation and
once per assistant turn for its prefix; the assistant's span is the text between the two. Tokens whose
first character falls in a span are trained on. This holds for any template that renders a conversation as
a prefix-stable string (ChatML, Llama 3, Zephyr, ...), whatever the tokenizer merges at the boundaries.

Packing puts several examples into one row and restarts ``position_ids`` at 0 for each. With no 2-D
attention mask and no KV cache (training), transformers (>= 4.53.1) reads the restarts as sequence
boundaries and builds a block-diagonal causal mask (sdpa/eager) or uses variable-length kernels
(flash-attention), so examples never attend to each other. Older versions silently let packed examples
attend to each other, so :func:`check_packing_supported` refuses packing there.
``tests/training/test_data.py`` checks packed logits equal the unpacked ones.

The end-of-turn token: a template that ends each turn with the tokenizer's EOS (ChatML's ``<|im_end|>``)
is used as is; for one that does not, EOS is inserted after every utterance (LIMA: "an end-of-turn token at
the end of each utterance"), and only the assistant's is trained on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kit.errors import TrainingError

IGNORE = -100
PACKING_MIN_TRANSFORMERS = (4, 53, 1)
"""First release whose masks (``masking_utils.find_packed_sequence_indices``) and Llama-family models read
restarting position ids as sequence boundaries; 4.53.0 and older do not."""


def check_packing_supported(packing: bool, version: str | None = None) -> None:
    """Refuse ``packing`` on a transformers release that would let packed examples attend to each other."""
    if not packing:
        return
    if version is None:
        import transformers

        version = transformers.__version__
    if _release(version) < PACKING_MIN_TRANSFORMERS:
        need = ".".join(map(str, PACKING_MIN_TRANSFORMERS))
        raise TrainingError(
            f"packing needs transformers>={need} (installed {version}): older releases let packed examples "
            "attend to each other; upgrade transformers or set packing: false"
        )


def _release(version: str) -> tuple[int, ...]:
    import re

    parts = [int(m) for m in re.findall(r"\d+", version.split("+")[0])[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


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

    A span covers the reply and its end-of-turn token. With ``end_of_turn`` and a template that does not
    end turns with the tokenizer's EOS, EOS text is inserted after every utterance (only the assistant's
    falls inside a span).
    """
    eot = tokenizer.eos_token or ""
    text = _render(tokenizer, messages)
    ends, spans = [], []  # character end of each message's rendering; (start, end, has_eot) per reply
    for k, message in enumerate(messages):
        upto = _render(tokenizer, messages[: k + 1])
        prefix = _render(tokenizer, messages[:k], add_generation_prompt=True) if message["role"] == "assistant" else ""
        if not (upto.startswith(prefix) and text.startswith(upto)):
            raise TrainingError(
                "the model's chat template does not render conversations prefix-stably; "
                "set a ChatML-style chat_template on the tokenizer"
            )
        ends.append(len(upto))
        if message["role"] == "assistant":
            start, end = len(prefix), len(upto)
            cut = text.rfind(eot, start, end) if eot else -1
            spans.append((start, cut + len(eot) if cut >= 0 else end, cut >= 0))
    if not (end_of_turn and eot) or all(has_eot for _, _, has_eot in spans) and spans:
        # the newline a template adds after EOT is not the model's to predict: spans end at EOT
        return text, [(start, end) for start, end, _ in spans]
    return _insert_end_of_turn(text, ends, spans, eot)


def _insert_end_of_turn(text: str, ends: list[int], spans: list, eot: str) -> tuple[str, list]:
    """Put ``eot`` after every utterance that lacks it; move the assistant spans onto the new text."""
    inserts, begin = [], 0
    for end in ends:
        if eot not in text[begin:end]:
            inserts.append(begin + len(text[begin:end].rstrip()))  # right after the utterance's last character
        begin = end

    def moved(x: int) -> int:  # where position x of the old text lands (after any EOS inserted at x)
        return x + len(eot) * sum(1 for at in inserts if at <= x)

    out = []
    for start, end, has_eot in spans:
        reply_end = end - len(eot) if has_eot else start + len(text[start:end].rstrip())
        out.append((moved(start), moved(reply_end) + (len(eot) if has_eot else 0)))
    for at in reversed(inserts):
        text = text[:at] + eot + text[at:]
    return text, out


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
