"""Offline by construction.

``install()`` runs first in every process the kit starts (CLI, UI, training worker). It

* sets the Hugging Face and tokenizer variables that forbid hub downloads, and turns telemetry off
  (Hugging Face, Streamlit usage statistics, Gradio-style ``DO_NOT_TRACK``);
* stops tldextract — which presidio-analyzer's email recognizer calls — from fetching the Public Suffix
  List: it falls back to the snapshot bundled inside the package;
* makes every socket connection (TCP ``connect`` and UDP ``sendto``) to a non-loopback address, and every
  name lookup of a non-local host, raise :class:`~kit.errors.OfflineViolation` naming the host.

Loopback stays open because the Streamlit UI and ``torch.distributed`` (gloo) use it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Any

from kit.errors import OfflineViolation

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
    "DISABLE_TELEMETRY": "1",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "STREAMLIT_SERVER_HEADLESS": "true",
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    "WANDB_DISABLED": "true",
    "WANDB_MODE": "disabled",
    "TOKENIZERS_PARALLELISM": "false",
}

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}
_originals: dict[str, Any] = {}


def is_loopback(host: object) -> bool:
    """True when ``host`` names this machine's loopback interface (or is a Unix socket path)."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _host_of(address: object) -> object:
    if isinstance(address, tuple) and address:
        return address[0]
    return None  # AF_UNIX paths and other local families


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(_host_of(address)):
        raise OfflineViolation(f"blocked outbound connection to {_host_of(address)}: lima-kit runs offline")
    return _originals["connect"](self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(_host_of(address)):
        raise OfflineViolation(f"blocked outbound connection to {_host_of(address)}: lima-kit runs offline")
    return _originals["connect_ex"](self, address)


def _guarded_sendto(self: socket.socket, data: Any, *args: Any) -> Any:
    address = args[-1] if args else None
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(_host_of(address)):
        raise OfflineViolation(f"blocked outbound datagram to {_host_of(address)}: lima-kit runs offline")
    return _originals["sendto"](self, data, *args)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not is_loopback(host) and not _is_literal_ip(host):
        raise OfflineViolation(f"blocked name lookup of {host}: lima-kit runs offline")
    return _originals["getaddrinfo"](host, *args, **kwargs)


def _is_literal_ip(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%")[0])
        return True
    except ValueError:
        return False


def _disable_tldextract_download() -> None:
    """Point tldextract's module-level extractor at the bundled snapshot, never the network."""
    try:
        import tldextract
        import tldextract.tldextract as impl
    except ImportError:  # pragma: no cover - presidio always brings it
        return
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    impl.TLD_EXTRACTOR = offline


def install() -> None:
    """Make this process offline. Idempotent; call it before importing model libraries."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value
    if not _originals:
        _originals["connect"] = socket.socket.connect
        _originals["connect_ex"] = socket.socket.connect_ex
        _originals["sendto"] = socket.socket.sendto
        _originals["getaddrinfo"] = socket.getaddrinfo
        socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
        socket.socket.sendto = _guarded_sendto  # type: ignore[method-assign]
        socket.getaddrinfo = _guarded_getaddrinfo
    _disable_tldextract_download()


def is_installed() -> bool:
    """True once :func:`install` has patched the socket layer in this process."""
    return bool(_originals)
