"""The redaction package on its own makes no network attempt (no kit.offline guard to hide behind).

The test process has ``kit.offline`` installed (tests/conftest.py), which refuses a name lookup before any
patched ``connect`` is reached, and sets tldextract's variables. So the check runs in a fresh Python
process with neither: the socket functions only *record* calls (and fail), tldextract's cache folder is an
empty temporary one, and only ``redaction`` is imported. Presidio's stock email recognizer would fetch the
Public Suffix List there; the kit's offline copy must not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kit.offline import OFFLINE_ENV

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, socket, sys

calls = []

def _record(name):
    def refuse(*args, **kwargs):
        calls.append([name, repr(args[:2])])
        raise OSError("network attempt recorded by the test")
    return refuse

socket.getaddrinfo = _record("getaddrinfo")
socket.create_connection = _record("create_connection")
socket.socket.connect = _record("connect")
socket.socket.connect_ex = _record("connect_ex")

import redaction

engine = redaction.build_engine()
text = (
    "Write to jane.roe@mailhost.example.org or j.doe@hospital.co.uk; photos at "
    "https://www.example-photos.com/u/jroe and www.jroe-family.net/blog. Portal: portal.example.org/visit/77"
)
findings = engine.detect(text)
print(json.dumps({
    "calls": calls,
    "found": sorted({f.entity_type for f in findings}),
    "kit_imported": any(name == "kit" or name.startswith("kit.") for name in sys.modules),
}))
"""


def _plain_env(cache: Path) -> dict[str, str]:
    """The test process's environment without anything kit.offline or tldextract set."""
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENV and not k.startswith("TLDEXTRACT")}
    env["TLDEXTRACT_CACHE"] = str(cache)
    return env


def test_when_redaction_detects_emails_and_urls_without_kit_then_no_network_call_is_made(tmp_path):
    cache = tmp_path / "tldextract-cache"
    cache.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=_plain_env(cache),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert not report["kit_imported"], "the check must run without kit (and its offline guard)"
    assert {"EMAIL_ADDRESS", "URL"} <= set(report["found"]), "detection did not run on the emails and URLs"
    assert report["calls"] == []
    assert not any(cache.iterdir()), "tldextract wrote a cache file"
