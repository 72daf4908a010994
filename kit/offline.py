"""Offline by construction.

``install()`` runs first in every process the kit starts (CLI, UI, training worker). It

* sets the Hugging Face and tokenizer variables that forbid hub downloads, and turns telemetry off
  (Hugging Face, Streamlit usage statistics, Gradio-style ``DO_NOT_TRACK``);
* stops tldextract — which presidio-analyzer's email recognizer calls — from fetching the Public Suffix
  List: it falls back to the snapshot bundled inside the package;
* makes every socket connection (TCP ``connect`` and UDP ``sendto``) to a non-loopback address, and every
  name lookup of a non-local host, raise :class:`~kit.errors.OfflineViolation` naming the host.

Loopback stays open because the Streamlit UI and ``torch.distributed`` (gloo) use it. For a multi-node
training job, TCP connections to explicitly configured cluster peers are allowed too: the private or
loopback IP addresses listed in ``KIT_CLUSTER_PEERS`` (comma-separated) plus ``MASTER_ADDR`` when the
launcher set it to such an address. Anything else, including a public address in either variable, is
still refused.

The guard patches Python's ``socket`` module. ``torch.distributed`` opens its rendezvous (TCPStore) and
gloo / NCCL connections in C++, which no Python patch sees; :func:`check_rendezvous` therefore refuses to
start a distributed worker whose ``MASTER_ADDR`` is not a loopback or private address.
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

PEERS_ENV = "KIT_CLUSTER_PEERS"
_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)  # RFC 1918 and IPv6 unique-local: the address ranges of a private cluster network
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


def _ip(host: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        return ipaddress.ip_address(str(host).strip().strip("[]").split("%")[0])
    except ValueError:
        return None


def is_private_address(host: object) -> bool:
    """True when ``host`` is an IP literal on a loopback or private (RFC 1918 / IPv6 ULA) network."""
    ip = _ip(host)
    return ip is not None and (ip.is_loopback or any(ip in net for net in _PRIVATE_NETWORKS))


def cluster_peers() -> frozenset:
    """Addresses besides loopback that Python code may connect to: ``KIT_CLUSTER_PEERS`` and ``MASTER_ADDR``.

    A ``KIT_CLUSTER_PEERS`` entry that is not a private or loopback IP literal raises
    :class:`OfflineViolation` (a misconfiguration, not something to ignore); a ``MASTER_ADDR`` that is not
    one simply adds nothing.
    """
    peers = set()
    for entry in (e.strip() for e in os.environ.get(PEERS_ENV, "").split(",")):
        if not entry:
            continue
        if not is_private_address(entry):
            raise OfflineViolation(
                f"{PEERS_ENV} entry {entry!r} is not a private or loopback IP address; "
                "list the cluster nodes' private IP addresses only"
            )
        peers.add(_ip(entry))
    master = os.environ.get("MASTER_ADDR", "")
    if is_private_address(master):
        peers.add(_ip(master))
    return frozenset(peers)


def is_allowed(host: object) -> bool:
    """True when the guard lets a TCP connection to ``host`` through: loopback or a configured peer."""
    if is_loopback(host):
        return True
    ip = _ip(host)
    return ip is not None and ip in cluster_peers()


def check_rendezvous() -> None:
    """Refuse to join a ``torch.distributed`` job whose ``MASTER_ADDR`` is neither loopback nor private.

    The rendezvous connection is made in C++ where the socket guard cannot see it, so the worker checks
    the address it was given before training starts.
    """
    master = os.environ.get("MASTER_ADDR")
    if master is None or is_loopback(master) or is_private_address(master):
        return
    raise OfflineViolation(
        f"MASTER_ADDR {master!r} is not a loopback or private IP address: lima-kit joins a cluster only on "
        "a private network; pass node 0's private IP (torchrun --master_addr / accelerate --main_process_ip)"
    )


def _host_of(address: object) -> object:
    if isinstance(address, tuple) and address:
        return address[0]
    return None  # AF_UNIX paths and other local families


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_allowed(_host_of(address)):
        raise OfflineViolation(f"blocked outbound connection to {_host_of(address)}: lima-kit runs offline")
    return _originals["connect"](self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_allowed(_host_of(address)):
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


def is_active() -> bool:
    """True when the patches are in place right now (installed, and not replaced since) and HF is offline."""
    return (
        is_installed()
        and socket.socket.connect is _guarded_connect
        and socket.getaddrinfo is _guarded_getaddrinfo
        and os.environ.get("HF_HUB_OFFLINE") == "1"
    )


def describe() -> str:
    """One line for process logs saying whether the guard is on and what it lets through."""
    if not is_active():
        return "offline guard: OFF"
    peers = ", ".join(sorted(str(p) for p in cluster_peers())) or "none"
    return (
        f"offline guard: on (HF_HUB_OFFLINE={os.environ['HF_HUB_OFFLINE']}; "
        f"Python sockets: loopback + cluster peers: {peers})"
    )
