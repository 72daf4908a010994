"""Canaries: plant at build time -> train (a tiny random model) -> the eval canary probe reports them."""

import json

from kit.curation.build import build_dataset
from kit.curation.canaries import secret_sha256
from kit.curation.config import CurationConfig
from kit.curation.filters import FilterContext
from kit.evaluation.probes.canary import SECRET_SHAPE, load_canaries

from .conftest import RegexPhiDetector

CONFIG = CurationConfig(n=20, dev=3, test=5, embedder="tfidf")


def _train_rows(ref):
    from datasets import DatasetDict

    return list(DatasetDict.load_from_disk(str(ref.path))["train"])


def test_when_canaries_are_planted_then_only_their_hashes_are_recorded(signed, actors):
    built = build_dataset(
        signed.ws, actors["mel"], config=CONFIG, context=FilterContext(RegexPhiDetector()), canaries=3
    )
    record = json.loads((built.ref.path / "canaries.json").read_text())
    planted = {row["id"]: SECRET_SHAPE.findall(row["response"]) for row in _train_rows(built.ref)}
    codes = {eid: found[-1] for eid, found in planted.items() if found}
    assert len(codes) == 3 and len(set(codes.values())) == 3  # three unique codes, in three training responses
    assert {r["example_id"]: r["secret_sha256"] for r in record} == {e: secret_sha256(c) for e, c in codes.items()}
    on_disk = "".join(p.read_text() for p in built.ref.path.glob("*.json*") if p.name != "dataset_dict.json")
    assert not any(code in on_disk for code in codes.values())  # card, stats, lineage, record: hashes only
    again = build_dataset(
        signed.ws, actors["mel"], config=CONFIG, context=FilterContext(RegexPhiDetector()), canaries=3
    )
    assert again.ref.hash != built.ref.hash  # fresh random codes each build, never derivable from a seed


def test_when_a_model_memorized_a_planted_canary_then_the_canary_probe_reports_it(signed, actors, tmp_path):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from kit.evaluation.evaluations import record_evaluation
    from kit.evaluation.generation import SamplingConfig, SystemSpec, chat_prompt
    from kit.evaluation.probes.memorization import model_continuations
    from kit.evaluation.probes.runner import run_probes
    from kit.users import SYSTEM
    from tests.evaluation.conftest import BASE, PROMPTS, RUN_ID, answers_for, make_plan
    from tests.tiny_models import tiny_causal_lm

    built = build_dataset(
        signed.ws, actors["mel"], config=CONFIG, context=FilterContext(RegexPhiDetector()), canaries=2
    )
    canaries = load_canaries(built.ref.path / "canaries.json")  # what kit eval probe --canaries reads
    rows = {row["id"]: row for row in _train_rows(built.ref)}
    target = min(canaries, key=lambda c: len(rows[c.example_id]["prompt"] + rows[c.example_id]["response"]))
    memorized = rows[target.example_id]  # the shorter context: fewer tokens per training step

    folder = tiny_causal_lm(tmp_path, hidden_size=64, intermediate_size=128, max_position_embeddings=1024)
    tokenizer, model = AutoTokenizer.from_pretrained(folder), AutoModelForCausalLM.from_pretrained(folder)
    cut = target.cut(memorized["response"])  # where the code starts: the probe prompts up to here
    prompt, tail = memorized["prompt"], memorized["response"][cut:]
    context = tokenizer(chat_prompt(tokenizer, prompt, memorized["response"][:cut]), add_special_tokens=False)
    ids = torch.tensor([context["input_ids"] + tokenizer(tail + "<|im_end|>", add_special_tokens=False)["input_ids"]])
    labels = ids.clone()
    labels[0, : len(context["input_ids"])] = -100  # learn the code, not the (long) context
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    torch.manual_seed(0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model: one thread is many times faster than two on a busy machine
    try:
        for _ in range(300):  # overfit until the code is known by heart (random codes: some take longer)
            loss = model(input_ids=ids, labels=labels).loss
            if loss.item() < 0.01:
                break
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    finally:
        torch.set_num_threads(threads)
    model.save_pretrained(folder)

    answers = answers_for(PROMPTS, {BASE: "Base answer {i}.", RUN_ID: "Fine-tuned answer {i}."})
    eval_id = record_evaluation(signed.ws, SYSTEM, make_plan(), answers, SamplingConfig())
    results = run_probes(
        signed.ws,
        actors["mel"],
        eval_id,
        detector=lambda text: [],
        memorization=False,
        canaries=canaries,
        continue_fn=model_continuations(SystemSpec("ft", folder), max_new_tokens=24),
        examples=[(r["id"], r["prompt"], r["response"]) for r in rows.values()],
    )

    canary = results["canary"]
    assert canary["n_canaries"] == canary["n_probed"] == 2
    assert canary["reproduced"] == [target.example_id] and canary["exposure_rate"] == 0.5
