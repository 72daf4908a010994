"""Training reaches for nothing outside the machine: every socket use is recorded and must be loopback."""

import socket

from kit.offline import is_loopback
from kit.training.loop import train
from kit.training.registry import add_model, resolve_model
from tests.training.conftest import fast_config


def test_when_registering_and_training_then_no_network_is_attempted(
    monkeypatch, workspace, tiny_model, tiny_dataset, tmp_path
):
    attempts = []
    real_connect, real_lookup = socket.socket.connect, socket.getaddrinfo

    def connect(self, address):
        attempts.append(address[0] if isinstance(address, tuple) else address)
        return real_connect(self, address)

    def lookup(host, *args, **kwargs):
        attempts.append(host)
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    add_model(workspace, tiny_model, name="tiny")
    entry = resolve_model(workspace, "tiny")
    result = (
        train(tmp_path / "run", fast_config(max_steps=2), entry.path, tiny_dataset)
        if ((tmp_path / "run").mkdir() is None)
        else None
    )
    assert result.status == "completed"
    assert [a for a in attempts if not is_loopback(a)] == []
