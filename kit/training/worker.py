"""The training process: ``python -m kit.training.worker --workspace WS --run ID [--resume]``.

Started in the background by ``kit train``; also the entry point for several GPUs or nodes:
``accelerate launch [--multi_gpu | --config_file fsdp.yaml] -m kit.training.worker --workspace WS --run ID``
(or ``torchrun ... -m kit.training.worker``). Only the main process writes the database and artifacts.
Every process logs one line saying its rank and that the offline guard is on.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback


def main(argv: list[str] | None = None) -> int:
    """Run (or resume) one training run; exit 0 when completed or stopped, 1 on failure."""
    from kit import offline

    offline.install()  # before any model library is imported
    from kit.fsutil import restrict_umask

    restrict_umask()  # checkpoints and logs are private to this user, however the worker was started
    args = _parse(argv)
    from kit.training import runs
    from kit.workspace import Workspace

    rank, world = int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))
    print(f"worker rank {rank}/{world} pid {os.getpid()}: {offline.describe()}", flush=True)
    ws = Workspace.open(args.workspace)
    stop = {"requested": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))
    main_process = rank == 0
    try:
        if world > 1:
            offline.check_rendezvous()  # torch.distributed connects in C++, past the socket guard
        run_dir = ws.runs_dir / args.run
        result = runs.execute(
            ws,
            args.run,
            resume=args.resume,
            should_stop=lambda: stop["requested"] or runs.stop_requested(run_dir),
            record=main_process,
        )
    except Exception as exc:  # noqa: BLE001 - the run row must say it failed, whatever failed
        if main_process:
            runs.mark_failed(ws, args.run, exc)
        traceback.print_exc(file=sys.stderr)
        return 1
    print(f"run {args.run}: {result.status} at step {result.final_step}/{result.total_steps}", flush=True)
    return 0


def _parse(argv):
    parser = argparse.ArgumentParser(prog="python -m kit.training.worker", description=__doc__)
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--run", required=True)
    parser.add_argument("--resume", action="store_true")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
