"""The training loop: plain PyTorch + peft, launched through accelerate (1 process, DDP or FSDP).

Why not ``transformers.Trainer``: the kit needs exact resume from its own checkpoints, per-token loss
normalised over the whole accumulated batch, packing without cross-attention and a metrics file the CLI
tails; this loop is ~200 lines and has no padding-heavy defaults. ``bench/train_throughput.py`` compares
it with a plain Trainer on the same model.

Data order is a pure function of (seed, epoch), so a step number is enough to know where to continue.
"""

from __future__ import annotations

import math
import os
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kit.errors import TrainingError
from kit.training import checkpoints
from kit.training.config import RunConfig
from kit.training.data import IGNORE, check_packing_supported, collate, encode_rows, pack
from kit.training.metrics import MetricsWriter
from kit.training.modeling import build_model, load_tokenizer, load_trainable_state, pick_device, trainable_state
from kit.training.validation import generate_answers, token_loss_sums, validation_loss, write_generations


@dataclass
class TrainResult:
    """How a call to :func:`train` ended."""

    status: str  # completed | stopped
    final_step: int
    total_steps: int
    last_loss: float | None


def lr_factor(cfg: RunConfig, step: int, total: int) -> float:
    """Learning-rate multiplier at ``step``: linear warmup, then linear/cosine/constant decay to final."""
    warmup = int(cfg.warmup_ratio * total)
    if step < warmup:
        return (step + 1) / warmup
    floor = cfg.final_learning_rate / cfg.learning_rate if cfg.learning_rate else 0.0
    progress = min((step - warmup) / max(total - warmup - 1, 1), 1.0)
    if cfg.lr_schedule == "constant":
        return 1.0
    shape = 1.0 - progress if cfg.lr_schedule == "linear" else 0.5 * (1 + math.cos(math.pi * progress))
    return floor + (1.0 - floor) * max(shape, 0.0)


def train(
    run_dir: Path,
    cfg: RunConfig,
    model_path: Path,
    dataset_path: Path,
    resume: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
    params: int | None = None,
) -> TrainResult:
    """Train (or continue) the run in ``run_dir``; returns when done or when ``should_stop()`` is true."""
    return Trainer(Path(run_dir), cfg, Path(model_path), Path(dataset_path), params).run(resume, should_stop)


class Trainer:
    """One run's model, data and optimizer, prepared by accelerate; :meth:`run` trains it."""

    def __init__(self, run_dir: Path, cfg: RunConfig, model_path: Path, dataset_path: Path, params) -> None:
        import torch
        from accelerate import Accelerator
        from datasets import load_from_disk

        self.run_dir, self.cfg = Path(run_dir), cfg
        device = pick_device(cfg)
        check_packing_supported(cfg.packing)
        if device == "cpu" and os.environ.get("ACCELERATE_USE_FSDP", "").lower() == "true":
            raise TrainingError("FSDP shards the model across CUDA GPUs and none is visible; on CPU use DDP")
        bf16 = device == "cuda" and cfg.dtype in ("auto", "bfloat16") and torch.cuda.is_bf16_supported()
        self.acc = Accelerator(cpu=device == "cpu", mixed_precision="bf16" if bf16 else "no")
        self.world, self.rank = self.acc.num_processes, self.acc.process_index
        self.sharded = self.acc.distributed_type.value == "FSDP"
        self._full_state = None
        torch.manual_seed(cfg.seed)
        self.tokenizer = load_tokenizer(model_path)
        splits = load_from_disk(str(dataset_path))
        self.train_rows, self.stats = encode_rows(
            self.tokenizer, list(splits["train"]), cfg.max_seq_len, cfg.end_of_turn, cfg.system_prompt
        )
        if not self.train_rows:
            raise TrainingError(
                f"no training example fits: all {len(self.stats.dropped)} lose every answer token at "
                f"max_seq_len={cfg.max_seq_len}; raise max_seq_len (or shorten the prompts)"
            )
        if cfg.packing:
            self.train_rows = pack(self.train_rows, cfg.max_seq_len)
        val = list(splits["validation"]) if "validation" in splits else []
        self.val_rows, _ = encode_rows(
            self.tokenizer, val[: cfg.eval_max_examples], cfg.max_seq_len, cfg.end_of_turn, cfg.system_prompt
        )
        self.val_examples = val[: cfg.eval_generations]
        self.steps_per_epoch = math.ceil(len(self.train_rows) / cfg.batch_size)
        self.total_steps = min(cfg.max_steps or 10**12, cfg.epochs * self.steps_per_epoch)
        model = build_model(model_path, cfg, str(self.acc.device), params)
        decay = [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]
        no_decay = [p for p in model.parameters() if p.requires_grad and p.ndim < 2]
        optimizer = torch.optim.AdamW(
            [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
            lr=cfg.learning_rate,
            betas=tuple(cfg.adam_betas),
            fused=device == "cuda",
        )
        self.model, self.optimizer = self.acc.prepare(model, optimizer)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(
            self.optimizer.optimizer, lambda s: lr_factor(cfg, s, self.total_steps)
        )
        self.metrics = MetricsWriter(run_dir, enabled=self.acc.is_main_process)

    # -- data ------------------------------------------------------------------------------------------
    def micro_batches(self, step: int) -> list[dict]:
        """The micro-batches of this process for optimizer step ``step`` (same count on every process)."""
        import torch

        epoch, index = divmod(step, self.steps_per_epoch)
        order = torch.randperm(len(self.train_rows), generator=torch.Generator().manual_seed(self.cfg.seed + epoch))
        batch = order[index * self.cfg.batch_size : (index + 1) * self.cfg.batch_size].tolist()
        local = [self.train_rows[i] for i in batch[self.rank :: self.world]]
        per_rank = math.ceil(len(batch) / self.world)
        while len(local) < per_rank:  # uneven last batch: a fully masked row keeps DDP's collectives in step
            filler = self.train_rows[batch[0]]
            local.append(type(filler)(filler.input_ids, [IGNORE] * len(filler.labels), filler.position_ids))
        size = self.cfg.micro_batch_size
        return [collate(local[i : i + size], self.tokenizer.pad_token_id) for i in range(0, len(local), size)]

    # -- one optimizer step ------------------------------------------------------------------------------
    def step(self, step: int) -> tuple[float, int]:
        """One optimizer step over the accumulated batch; returns (mean token loss, real tokens seen)."""
        loss, tokens = self.accumulate(step)
        self.apply()
        return loss, tokens

    def accumulate(self, step: int) -> tuple[float, int]:
        """Forward and backward over this step's micro-batches, leaving ``sum / global tokens`` gradients."""
        import torch

        micros = self.micro_batches(step)
        local_tokens = sum(int((m["labels"][:, 1:] != IGNORE).sum()) for m in micros)
        counts = self.acc.reduce(
            torch.tensor(
                [local_tokens, sum(int((m["input_ids"] != self.tokenizer.pad_token_id).sum()) for m in micros)],
                device=self.acc.device,
                dtype=torch.float64,
            ),
            "sum",
        )
        global_tokens = max(float(counts[0]), 1.0)
        loss_sum = torch.zeros((), device=self.acc.device)
        for i, micro in enumerate(micros):
            sync = i == len(micros) - 1
            with self.acc.no_sync(self.model) if not sync else nullcontext(), self.acc.autocast():
                loss, _ = token_loss_sums(self.model, micro, self.acc.device)
                # Each process scales by world size so DDP's gradient mean becomes sum / global tokens.
                self.acc.backward(loss * self.world / global_tokens)
            loss_sum += loss.detach()
        return float(self.acc.reduce(loss_sum, "sum")) / global_tokens, int(counts[1])

    def apply(self) -> None:
        """Clip, take the optimizer and scheduler step, clear the gradients."""
        if self.cfg.max_grad_norm:
            self.acc.clip_grad_norm_(self.model.parameters(), self.cfg.max_grad_norm)
        self.optimizer.step()
        self.scheduler.step()
        self.optimizer.zero_grad(set_to_none=True)

    def stop_agreed(self, should_stop: Callable[[], bool]) -> bool:
        """``should_stop()`` on any process stops all of them after the same step (no collective left hanging)."""
        import torch

        flag = bool(should_stop())
        if self.world == 1:
            return flag
        votes = self.acc.reduce(torch.tensor([float(flag)], device=self.acc.device), "sum")
        return bool(votes.item() > 0)

    # -- the run ---------------------------------------------------------------------------------------
    def run(self, resume: bool, should_stop: Callable[[], bool]) -> TrainResult:
        """Train from step 0 (or the last checkpoint) to the end, or until ``should_stop()``."""
        start = self.restore() if resume else 0
        self.metrics.start(self.total_steps, self.steps_per_epoch, self.stats, resumed_at=start if resume else None)
        loss, step = None, start
        while step < self.total_steps:
            began, lr = time.perf_counter(), self.scheduler.get_last_lr()[0]
            loss, tokens = self.step(step)
            step += 1
            self.metrics.step(
                step,
                step / self.steps_per_epoch,
                loss,
                lr,
                tokens / (time.perf_counter() - began),
                self.cfg.log_every_steps,
            )
            epoch_end = step % self.steps_per_epoch == 0 or step == self.total_steps
            saved = epoch_end or step % self.cfg.checkpoint_every_steps == 0
            if saved:
                self.save(step, epoch_end)
            stop = self.stop_agreed(should_stop)  # asked once per step, after that step's own checkpoint
            if stop and not saved:
                self.save(step, epoch_end)
            if stop and step < self.total_steps:
                self.metrics.close()
                return TrainResult("stopped", step, self.total_steps, loss)
        self.export_final()
        return TrainResult("completed", step, self.total_steps, loss)

    def save(self, step: int, epoch_end: bool) -> None:
        """Checkpoint after ``step``; at an epoch end also validate and keep selection artifacts."""
        epoch = math.ceil(step / self.steps_per_epoch)
        meta = {"epoch": epoch, "kind": "epoch" if epoch_end else "step", "keep_for_selection": False}
        export = None
        if epoch_end:
            meta["val_loss"] = validation_loss(
                self.model, self.val_rows, self.cfg.micro_batch_size, self.tokenizer.pad_token_id, self.acc.device
            )
            window = self.cfg.select_epochs
            meta["keep_for_selection"] = window is None or window[0] <= epoch <= window[1]
            if meta["keep_for_selection"]:
                export = self.export_into
            self.metrics.eval(step, epoch, meta["val_loss"])
        trainable = self.trainable_tensors()  # a collective under FSDP: every process takes part
        if self.acc.is_main_process:
            self.metrics.flush()  # what a checkpoint covers is on disk before it: a kill loses no logged step
            optimizer = None if self.sharded else self.optimizer.state_dict()
            state = {
                "optimizer": optimizer,
                "scheduler": self.scheduler.state_dict(),
                "rng": checkpoints.rng_state(),
                "step": step,
            }
            checkpoints.save(self.run_dir, step, trainable, state, meta, export)
            checkpoints.rotate(self.run_dir, self.cfg.keep_last_checkpoints)
        self.acc.wait_for_everyone()

    def restore(self) -> int:
        """Load the newest checkpoint into model, optimizer, scheduler and RNGs; return its step."""
        found = checkpoints.latest(self.run_dir)
        if found is None:
            return 0
        if self.sharded:
            raise TrainingError(
                "resuming FSDP runs is not supported yet; resume with DDP (accelerate launch "
                "--multi_gpu) or start a new run"
            )
        trainable, state = checkpoints.load(Path(found["path"]))
        load_trainable_state(self.acc.unwrap_model(self.model), trainable)
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        checkpoints.set_rng_state(state["rng"])
        return int(state["step"])

    def trainable_tensors(self) -> dict:
        """Full (unsharded) tensors of the trained parameters; under FSDP gathered onto the main process."""
        unwrapped = self.acc.unwrap_model(self.model)
        if not self.sharded:
            return trainable_state(unwrapped)
        self._full_state = self.acc.get_state_dict(self.model)
        names = {n.replace("_fsdp_wrapped_module.", "") for n, p in unwrapped.named_parameters() if p.requires_grad}
        return {n: t for n, t in (self._full_state or {}).items() if n in names}

    def export_into(self, folder: Path) -> None:
        """Save the loadable artifact (adapter/ or model/) and validation answers into ``folder``."""
        unwrapped = self.acc.unwrap_model(self.model)
        target = Path(folder) / ("model" if self.cfg.method == "full" else "adapter")
        unwrapped.save_pretrained(target, state_dict=self._full_state if self.sharded else None)
        self.tokenizer.save_pretrained(target)
        if self.sharded:
            return  # generating needs every shard on every process: skipped under FSDP
        answers = generate_answers(
            unwrapped,
            self.tokenizer,
            self.val_examples,
            self.cfg.eval_max_new_tokens,
            self.acc.device,
            self.cfg.system_prompt,
        )
        write_generations(folder, answers)

    def export_final(self) -> None:
        """Write the final ``adapter/`` (or ``model/``) with its tokenizer, atomically."""
        import shutil

        if self.sharded:
            self.trainable_tensors()
        if self.acc.is_main_process:
            name = "model" if self.cfg.method == "full" else "adapter"
            tmp = self.run_dir / f".{name}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            unwrapped = self.acc.unwrap_model(self.model)
            unwrapped.save_pretrained(tmp, state_dict=self._full_state if self.sharded else None)
            self.tokenizer.save_pretrained(tmp)
            shutil.rmtree(self.run_dir / name, ignore_errors=True)
            tmp.rename(self.run_dir / name)
        self.metrics.close()
        self.acc.wait_for_everyone()
