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
