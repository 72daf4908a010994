"""Runs: create, launch in the background, execute (inside the worker), inspect, stop, resume, select.

A run is a row in ``runs`` plus ``runs/<id>/``: ``config.json`` (resolved), ``lineage.json``,
``metrics.jsonl``, ``evals.jsonl``, ``progress.json``, ``tensorboard/``, ``checkpoints/``, ``worker.log``,
``launch.json`` (how its processes start), ``model_check.json`` (model file sizes and times when verified)
and, when done, ``adapter/`` (LoRA) or ``model/`` (full).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from kit.errors import StateError
from kit.fsutil import atomic_write_text
from kit.training import checkpoints
from kit.training.config import RunConfig
from kit.training.datasets import resolve_training_data
from kit.training.launch import LaunchSpec, check_devices, command, load_spec, save_spec
from kit.training.lineage import build_lineage
from kit.training.manifest import file_fingerprint
from kit.training.registry import resolve_model

ACTIVE = ("queued", "running")
STOP_FILE = "stop.request"
MODEL_CHECK = "model_check.json"
TRAINERS = ("ml_engineer", "admin", "system")


@dataclass(frozen=True)
class RunInfo:
    """A training run as other stages see it (evaluation loads ``adapter_dir`` onto ``model``)."""

    id: str
    dir: Path
    model: str
    dataset: str
    adapter_dir: Path | None
    status: str
    config: dict
    final_step: int | None
    total_steps: int | None = None
    dataset_hash: str = ""
    model_sha256: str = ""
    selected_checkpoint: int | None = None
    pid: int | None = None
    error: str | None = None


def create_run(
    ws,
    model: str,
    dataset: str,
    cfg: RunConfig,
    actor,
    launch: bool = True,
    check_memory: bool = True,
    launcher: LaunchSpec | None = None,
) -> RunInfo:
    """Resolve model and dataset, check memory, write ``runs/<id>/`` and the row; start the worker.

    ``launcher`` says how the worker starts (one local process by default; ``accelerate`` with N processes);
    with ``launch=False`` the run is only created, for ``accelerate launch`` / torchrun by hand.
    """
    from kit.training.data import check_packing_supported
    from kit.training.memory import check_fit, detect_devices, estimate
    from kit.training.modeling import pick_device
    from kit.users import require_role

    require_role(actor, *TRAINERS)
    spec = (launcher or LaunchSpec()).validate()
    pick_device(cfg)  # refuse QLoRA without CUDA + bitsandbytes now, not later in the background
    check_packing_supported(cfg.packing)
    check_devices(spec)
    entry, data = resolve_model(ws, model), resolve_training_data(ws, dataset)
    devices = detect_devices()
    if check_memory:
        check_fit(estimate(entry.path, cfg, devices[0]))
    run_id = f"run-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
    run_dir = Path(ws.runs_dir) / run_id
    run_dir.mkdir(parents=True)
    config = cfg.validate().to_dict()
    atomic_write_text(run_dir / "config.json", json.dumps(config, indent=2))
    atomic_write_text(run_dir / "lineage.json", json.dumps(build_lineage(entry, data, config, devices), indent=2))
    atomic_write_text(run_dir / MODEL_CHECK, json.dumps(file_fingerprint(entry.path)))
    save_spec(run_dir, spec)
    with ws.transaction() as conn:
        conn.execute(
            "INSERT INTO runs (id, model, model_sha256, dataset, dataset_hash, preset, config, status, "
            "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)",
            (
                run_id,
                entry.name,
                entry.sha256,
                data.name,
                data.hash,
                cfg.preset,
                json.dumps(config),
                actor.name,
                _now(),
                _now(),
            ),
        )
    ws.audit().append(
        actor,
        action="train.start",
        object_id=run_id,
        model=entry.name,
        dataset=data.name,
        dataset_hash=data.hash,
        preset=cfg.preset,
        launcher=spec.launcher,
        num_processes=spec.num_processes,
    )
    if launch:
        launch_worker(ws, run_id)
    return get_run(ws, run_id)


def launch_worker(ws, run_id: str, resume: bool = False) -> int:
    """Start the run's worker(s) detached from this terminal, as ``launch.json`` says; record the pid."""
    run_dir = Path(ws.runs_dir) / run_id
    (run_dir / STOP_FILE).unlink(missing_ok=True)
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])  # works for source checkouts too
    env["PYTHONPATH"] = os.pathsep.join([package_root, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    with open(run_dir / "worker.log", "ab") as log:
        proc = subprocess.Popen(
            command(load_spec(run_dir), Path(ws.root), run_id, resume),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    _update(ws, run_id, status="queued", pid=proc.pid, error=None)
    return proc.pid


def execute(ws, run_id: str, resume: bool = False, should_stop=lambda: False, record: bool = True):
    """Inside the worker: train the run, keeping its row up to date (``record`` on the main process only).

    Only the recording (main) process checks the model against its manifest, and it re-hashes the files only
    when their sizes or modification times changed since ``create_run`` verified them: a launch hashes the
    model once, not once per process.
    """
    from kit.training.loop import train

    run = get_run(ws, run_id, refresh=record)  # other ranks only read: on another node the pid is not ours
    lineage = json.loads((run.dir / "lineage.json").read_text())
    entry = resolve_model(ws, run.model, verify=record and not _model_unchanged(ws, run))
    if entry.sha256 != run.model_sha256:
        raise StateError(f"model {run.model!r} changed since run {run_id} started; start a new run")
    if record:
        _update(ws, run_id, status="running", pid=os.getpid())
    result = train(
        run.dir,
        RunConfig.from_dict(run.config),
        entry.path,
        Path(lineage["dataset"]["path"]),
        resume=resume,
        should_stop=should_stop,
        params=entry.params,
    )
    if record:
        _update(ws, run_id, status=result.status, final_step=result.final_step, total_steps=result.total_steps)
    return result


def _model_unchanged(ws, run: RunInfo) -> bool:
    check = run.dir / MODEL_CHECK
    if not check.is_file():
        return False
    entry = resolve_model(ws, run.model, verify=False)
    return json.loads(check.read_text()) == file_fingerprint(entry.path)


def stop_requested(run_dir: Path) -> bool:
    """True once ``kit train stop`` asked the run to stop (a file every process of the run can see)."""
    return (Path(run_dir) / STOP_FILE).is_file()


def mark_failed(ws, run_id: str, exc: BaseException) -> None:
    """Record a failure: the exception class and message (our messages never carry data)."""
    _update(ws, run_id, status="failed", error=f"{exc.__class__.__name__}: {exc}"[:500])


def get_run(ws, run_id: str, refresh: bool = True) -> RunInfo:
    """One run, its status refreshed (a vanished worker turns ``running`` into ``interrupted``)."""
    with ws.connect() as conn:
        row = conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise StateError(f"no run {run_id!r}; see `kit train status`")
    return _info(ws, _refresh(ws, row) if refresh else row)


def list_runs(ws) -> list[RunInfo]:
    """Every run, newest first."""
    with ws.connect() as conn:
        rows = conn.execute("SELECT * FROM runs ORDER BY created_at DESC, id DESC").fetchall()
    return [_info(ws, _refresh(ws, r)) for r in rows]


def progress(run: RunInfo) -> dict:
    """``progress.json`` of a run: step, total_steps, last loss (empty before the worker starts)."""
    path = run.dir / "progress.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def stop_run(ws, run_id: str, actor) -> RunInfo:
    """Ask the run to checkpoint and stop; ``resume`` continues it later.

    Every process of the run sees the stop file and they agree on the step to stop after; a local worker
    also gets SIGTERM. (An accelerate launcher is not signalled: it would tear its workers down.)
    """
    from kit.users import require_role

    require_role(actor, *TRAINERS)
    run = get_run(ws, run_id)
    if run.status not in ACTIVE or not run.pid:
        raise StateError(f"run {run_id} is {run.status}, not running")
    atomic_write_text(run.dir / STOP_FILE, _now())
    if load_spec(run.dir).launcher == "local":
        os.kill(run.pid, signal.SIGTERM)
    ws.audit().append(actor, action="train.stop", object_id=run_id)
    return run


def resume_run(ws, run_id: str, actor) -> RunInfo:
    """Relaunch a stopped, interrupted or failed run from its last checkpoint."""
    from kit.users import require_role

    require_role(actor, *TRAINERS)
    run = get_run(ws, run_id)
    if run.status in ACTIVE or run.status == "completed":
        raise StateError(f"run {run_id} is {run.status}; only stopped, interrupted or failed runs resume")
    launch_worker(ws, run_id, resume=True)
    ws.audit().append(
        actor, action="train.resume", object_id=run_id, from_step=(checkpoints.latest(run.dir) or {}).get("step", 0)
    )
    return get_run(ws, run_id)


def select_checkpoint(ws, run_id: str, step: int, actor) -> RunInfo:
    """Make the selection checkpoint at ``step`` the run's adapter (what evaluation and release use).

    :func:`kit.training.checkpoints.find_selectable` turns an epoch (or ``step-N``) into the step.
    """
    from kit.users import require_role

    require_role(actor, *TRAINERS)
    run = get_run(ws, run_id)
    folder = checkpoints.checkpoint_dir(run.dir, step)
    if not checkpoints.artifact(folder):
        kept = [c["step"] for c in checkpoints.list_checkpoints(run.dir) if c.get("keep_for_selection")]
        raise StateError(f"run {run_id} has no selectable checkpoint at step {step}; selectable steps: {kept}")
    _update(ws, run_id, selected_checkpoint=step)
    ws.audit().append(actor, action="train.select", object_id=run_id, step=step)
    return get_run(ws, run_id)


def _refresh(ws, row):
    if row["status"] in ACTIVE and row["pid"] and not _alive(row["pid"]):
        _update(ws, row["id"], status="interrupted")
        with ws.connect() as conn:
            return conn.execute("SELECT * FROM runs WHERE id = ?", (row["id"],)).fetchone()
    return row


def _alive(pid: int) -> bool:
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False  # our own child, now reaped
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _info(ws, row) -> RunInfo:
    run_dir = Path(ws.runs_dir) / row["id"]
    selected = row["selected_checkpoint"]
    adapter = checkpoints.artifact(checkpoints.checkpoint_dir(run_dir, selected) if selected is not None else run_dir)
    progress_file = run_dir / "progress.json"
    total = row["total_steps"] or (
        json.loads(progress_file.read_text()).get("total_steps") if progress_file.is_file() else None
    )
    final = row["final_step"]
    if final is None:
        latest = checkpoints.latest(run_dir)
        final = latest["step"] if latest else None
    return RunInfo(
        row["id"],
        run_dir,
        row["model"],
        row["dataset"],
        adapter,
        row["status"],
        json.loads(row["config"]),
        final,
        total,
        row["dataset_hash"],
        row["model_sha256"],
        selected,
        row["pid"],
        row["error"],
    )


def _update(ws, run_id: str, **fields) -> None:
    sets = ", ".join(f"{k} = ?" for k in fields)
    with ws.transaction() as conn:
        conn.execute(f"UPDATE runs SET {sets}, updated_at = ? WHERE id = ?", (*fields.values(), _now(), run_id))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
