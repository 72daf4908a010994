"""What a person reads to pick a checkpoint: validation loss and a few validation answers."""

from __future__ import annotations

import json
from pathlib import Path

from kit.training.data import Encoded, collate, example_messages


def token_loss_sums(model, micro, device) -> tuple:
    """(sum of per-token cross-entropy over labelled tokens, number of labelled tokens) for one micro-batch."""
    import torch
    import torch.nn.functional as F  # noqa: N812

    batch = {k: v.to(device) for k, v in micro.items()}
    logits = model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], use_cache=False).logits
    labels = batch["labels"][:, 1:]
    loss = F.cross_entropy(
        logits[:, :-1].float().reshape(-1, logits.size(-1)), labels.reshape(-1), ignore_index=-100, reduction="sum"
    )
    return loss, (labels != -100).sum().to(torch.float32)


def validation_loss(model, rows: list[Encoded], micro_batch_size: int, pad_id: int, device) -> float | None:
    """Mean per-token loss over the validation rows (None when there are none)."""
    import torch

    if not rows:
        return None
    was_training = model.training
    model.eval()
    total, count = 0.0, 0.0
    with torch.no_grad():
        for i in range(0, len(rows), micro_batch_size):
            loss, n = token_loss_sums(model, collate(rows[i : i + micro_batch_size], pad_id), device)
            total, count = total + float(loss), count + float(n)
    model.train(was_training)
    return total / max(count, 1.0)


def generate_answers(
    model, tokenizer, examples: list[dict], max_new_tokens: int, device, system_prompt: str | None = None
) -> list[dict]:
    """Greedy answers to validation prompts, ``[{"id", "response"}]`` (ids, not prompts, name the item)."""
    import torch

    was_training = model.training
    model.eval()
    out = []
    with torch.no_grad():
        for example in examples:
            messages = example_messages(example, system_prompt)[:-1]
            text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            ids = tokenizer(text, add_special_tokens=False, return_tensors="pt")["input_ids"].to(device)
            generated = model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                do_sample=False,
                max_new_tokens=max_new_tokens,
                use_cache=True,
                pad_token_id=tokenizer.pad_token_id,
                eos_token_id=tokenizer.eos_token_id,
            )
            reply = tokenizer.decode(generated[0, ids.shape[1] :], skip_special_tokens=True)
            out.append({"id": str(example.get("id", "")), "response": reply.strip()})
    model.train(was_training)
    return out


def write_generations(folder: Path, answers: list[dict]) -> None:
    """``generations.jsonl`` inside a checkpoint folder."""
    with open(Path(folder) / "generations.jsonl", "w", encoding="utf-8") as handle:
        for answer in answers:
            handle.write(json.dumps(answer) + "\n")
