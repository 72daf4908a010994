import os
import socket
import subprocess
import sys
import threading

import pytest

from kit import offline
from kit.errors import OfflineViolation


def test_guard_blocks_an_outbound_tcp_connect_and_names_the_host():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(OfflineViolation, match="203.0.113.7"):
            sock.connect(("203.0.113.7", 443))
    finally:
        sock.close()


def test_guard_blocks_name_lookups_and_udp_to_other_hosts():
    with pytest.raises(OfflineViolation, match="huggingface.co"):
        socket.getaddrinfo("huggingface.co", 443)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        with pytest.raises(OfflineViolation):
            udp.sendto(b"x", ("8.8.8.8", 53))
    finally:
        udp.close()


def test_guard_allows_loopback():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]))
    thread.start()
    client = socket.create_connection(("localhost", port), timeout=5)
    thread.join(5)
    assert accepted
    for s in (client, server, *accepted):
        s.close()


def test_guard_sets_offline_and_no_telemetry_variables():
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
        assert os.environ[key] == "1"
    assert os.environ["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"


def test_presidio_email_detection_attempts_no_connection(monkeypatch):
    """Vanilla presidio-analyzer's email recognizer calls tldextract, which would fetch the Public Suffix List."""
    import tldextract.tldextract as impl

    attempts = []
    real_connect = offline._originals["connect"]

    def spy(self, address):
        attempts.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(offline, "_originals", {**offline._originals, "connect": spy})
    assert impl.TLD_EXTRACTOR.suffix_list_urls == ()
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    results = EmailRecognizer().analyze("Write to z.quarrington@mercy-health.org today", ["EMAIL_ADDRESS"])
    assert [r.entity_type for r in results] == ["EMAIL_ADDRESS"]
    assert attempts == []


def test_a_fresh_kit_process_refuses_outbound_connections():
    code = (
        "import kit.cli, socket\n"
        "try:\n    socket.create_connection(('198.51.100.1', 80), timeout=1)\n"
        "except Exception as e:\n    print(type(e).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "OfflineViolation", out.stderr


@pytest.fixture
def reached(monkeypatch):
    """Addresses the guard let through to the real ``connect`` (which is replaced: nothing leaves the machine)."""
    passed = []

    def fake_connect(self, address):
        passed.append(address[0])

    monkeypatch.setattr(offline, "_originals", {**offline._originals, "connect": fake_connect})
    monkeypatch.delenv(offline.PEERS_ENV, raising=False)
    monkeypatch.delenv("MASTER_ADDR", raising=False)
    return passed


def _connect(host):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.connect((host, 29500))
    finally:
        sock.close()


def test_when_no_peers_are_configured_then_a_private_cluster_address_is_still_blocked(reached):
    with pytest.raises(OfflineViolation, match="10.0.0.1"):
        _connect("10.0.0.1")
    assert reached == [] and offline.cluster_peers() == frozenset()


def test_when_peers_are_configured_then_only_those_addresses_are_let_through(reached, monkeypatch):
    monkeypatch.setenv(offline.PEERS_ENV, "10.0.0.1, 10.0.0.2")
    _connect("10.0.0.1")
    _connect("10.0.0.2")
    for other in ("10.0.0.3", "192.168.1.1", "203.0.113.7"):
        with pytest.raises(OfflineViolation, match=other):
            _connect(other)
    assert reached == ["10.0.0.1", "10.0.0.2"]
    with pytest.raises(OfflineViolation, match="cluster.example.org"):
        socket.getaddrinfo("cluster.example.org", 29500)  # peers are addresses; name lookups stay blocked


def test_when_launcher_sets_a_private_master_addr_then_only_that_host_is_a_peer(reached, monkeypatch):
    monkeypatch.setenv("MASTER_ADDR", "10.0.0.1")
    _connect("10.0.0.1")
    with pytest.raises(OfflineViolation):
        _connect("10.0.0.2")
    monkeypatch.setenv("MASTER_ADDR", "203.0.113.7")  # public: not a peer, and a worker refuses to start
    with pytest.raises(OfflineViolation):
        _connect("203.0.113.7")
    with pytest.raises(OfflineViolation, match="MASTER_ADDR '203.0.113.7' is not a loopback or private"):
        offline.check_rendezvous()
    assert reached == ["10.0.0.1"]


def test_when_a_configured_peer_is_public_then_the_configuration_is_refused(reached, monkeypatch):
    monkeypatch.setenv(offline.PEERS_ENV, "10.0.0.1,8.8.8.8")
    with pytest.raises(OfflineViolation, match="KIT_CLUSTER_PEERS entry '8.8.8.8' is not a private"):
        _connect("10.0.0.1")
    assert reached == []


@pytest.mark.parametrize("master", ["127.0.0.1", "localhost", "10.1.2.3", "172.16.0.5", "192.168.0.9", None])
def test_when_master_addr_is_loopback_private_or_unset_then_rendezvous_is_allowed(monkeypatch, master):
    if master is None:
        monkeypatch.delenv("MASTER_ADDR", raising=False)
    else:
        monkeypatch.setenv("MASTER_ADDR", master)
    offline.check_rendezvous()


def test_when_guard_is_installed_then_it_describes_itself_as_on():
    assert offline.is_active()
    assert offline.describe().startswith("offline guard: on (HF_HUB_OFFLINE=1")
