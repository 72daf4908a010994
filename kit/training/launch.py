"""How a run's training processes start: one local process, or ``accelerate launch`` with N processes.

``LaunchSpec`` is saved as ``runs/<id>/launch.json`` so ``kit train resume`` starts the run the same way.
The ``accelerate`` launcher runs ``python -m kit.training.launch <accelerate launch flags> -m
kit.training.worker ...``: accelerate's own launcher with the offline guard installed first, so the
launcher process is as offline as the workers. The same run config then trains under DDP (the shipped
``ddp`` config, or ``--multi_gpu``) or FSDP (the shipped ``fsdp`` config) on N GPUs; on a CPU-only machine
``--num-processes 2`` runs two gloo processes (what the tests do).
"""

from __future__ import annotations

import json
import shlex
import socket
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from kit.errors import InputError, TrainingError

LAUNCHERS = ("local", "accelerate")
ACCELERATE_DIR = Path(__file__).resolve().parent / "accelerate"
SHIPPED_CONFIGS = {"ddp": ACCELERATE_DIR / "ddp.yaml", "fsdp": ACCELERATE_DIR / "fsdp.yaml"}
"""Accelerate configs shipped with the kit, by the short name ``--accelerate-config`` accepts."""


@dataclass(frozen=True)
class LaunchSpec:
    """How to start a run's worker processes (saved with the run; resume reuses it)."""

    launcher: str = "local"
    """local: one background process; accelerate: ``accelerate launch`` with ``num_processes`` processes."""
    num_processes: int = 1
    """Processes on this node (one per GPU; on CPU, gloo processes)."""
    accelerate_config: str | None = None
    """An accelerate YAML file, or a shipped name: ddp, fsdp. None: the shipped ddp config when N > 1."""

    def validate(self) -> LaunchSpec:
        """Raise :class:`InputError` for an unknown launcher, a bad process count or a missing config."""
        if self.launcher not in LAUNCHERS:
            raise InputError(f"unknown launcher {self.launcher!r}; choose one of: {', '.join(LAUNCHERS)}")
        if self.num_processes < 1:
            raise InputError("--num-processes must be >= 1")
        if self.launcher == "local" and (self.num_processes > 1 or self.accelerate_config):
            raise InputError("--num-processes > 1 and --accelerate-config need --launcher accelerate")
        if self.accelerate_config is not None:
            config_path(self.accelerate_config)
        return self

    def distributed_type(self) -> str:
        """What the launch will run: ``single``, ``MULTI_GPU`` (DDP) or the config file's distributed_type."""
        if self.accelerate_config is not None:
            from accelerate.commands.config.config_args import load_config_from_file

            return str(load_config_from_file(str(config_path(self.accelerate_config))).distributed_type.value)
        return "MULTI_GPU" if self.launcher == "accelerate" and self.num_processes > 1 else "single"


def config_path(value: str) -> Path:
    """A shipped config by name (ddp, fsdp) or a YAML file; :class:`InputError` when neither exists."""
    path = SHIPPED_CONFIGS.get(value) or Path(value).expanduser()
    if not path.is_file():
        raise InputError(f"accelerate config not found; pass a YAML file or one of: {', '.join(SHIPPED_CONFIGS)}", path)
    return path.resolve()


def check_devices(spec: LaunchSpec) -> None:
    """Refuse launches this machine cannot run: more processes than GPUs, or FSDP without CUDA."""
    import torch

    if spec.launcher != "accelerate":
        return
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if gpus and spec.num_processes > gpus:
        raise TrainingError(f"--num-processes {spec.num_processes} but only {gpus} GPU(s) are visible")
    if spec.distributed_type() == "FSDP" and not gpus:
        raise TrainingError("FSDP shards the model across CUDA GPUs and none is visible; on CPU use the ddp config")


def save_spec(run_dir: Path, spec: LaunchSpec) -> None:
    """Write ``launch.json`` into the run folder."""
    from kit.fsutil import atomic_write_text

    atomic_write_text(Path(run_dir) / "launch.json", json.dumps(asdict(spec), indent=2))


def load_spec(run_dir: Path) -> LaunchSpec:
    """The run's ``launch.json`` (runs created before it existed launch locally)."""
    path = Path(run_dir) / "launch.json"
    return LaunchSpec(**json.loads(path.read_text())) if path.is_file() else LaunchSpec()


def worker_args(workspace: Path, run_id: str, resume: bool = False) -> list[str]:
    """Arguments of ``kit.training.worker``."""
    return ["--workspace", str(workspace), "--run", run_id] + (["--resume"] if resume else [])


def accelerate_flags(spec: LaunchSpec, port: int | None = None) -> list[str]:
    """``accelerate launch`` flags for one node running ``spec.num_processes`` processes."""
    flags = ["--num_processes", str(spec.num_processes), "--num_machines", "1"]
    # N > 1 without a config means the shipped DDP config, never a default_config.yaml left in the user's
    # accelerate cache (which accelerate would otherwise read and could say FSDP or DeepSpeed).
    config = spec.accelerate_config or ("ddp" if spec.num_processes > 1 else None)
    if config is not None:
        flags = ["--config_file", str(config_path(config))] + flags
    if port is not None:
        flags += ["--main_process_port", str(port)]
    return flags


def command(spec: LaunchSpec, workspace: Path, run_id: str, resume: bool = False) -> list[str]:
    """The command line that starts the run in the background on this machine."""
    args = worker_args(workspace, run_id, resume)
    if spec.launcher == "local":
        return [sys.executable, "-m", "kit.training.worker", *args]
    flags = accelerate_flags(spec, port=_free_port())  # two runs on one machine must not share a port
    return [sys.executable, "-m", "kit.training.launch", *flags, "-m", "kit.training.worker", *args]


def printable(spec: LaunchSpec, workspace: Path, run_id: str) -> str:
    """The ``accelerate launch`` command a person runs for a created-but-not-started run (this node)."""
    flags = accelerate_flags(spec) if spec.launcher == "accelerate" else ["--num_processes", "1"]
    return shlex.join(["accelerate", "launch", *flags, "-m", "kit.training.worker", *worker_args(workspace, run_id)])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    """``python -m kit.training.launch FLAGS -m kit.training.worker ...``: accelerate launch, offline."""
    from kit import offline

    offline.install()
    from accelerate.commands.launch import launch_command, launch_command_parser

    launch_command(launch_command_parser().parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
