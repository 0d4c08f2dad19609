"""How the room opens: which address it binds to, and whether phones' text needs accepting.

No aiohttp here: the CLI checks `--bind` before anything of the server is imported.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765
# Any private address will do: connecting a UDP socket only picks the route, it sends nothing.
_PROBE = ("10.255.255.255", 9)


@dataclass(frozen=True)
class RoomOptions:
    host: str | None = None  # None: the laptop's address on the local network
    port: int = DEFAULT_PORT
    auto_accept: bool = False


def parse_bind(text: str) -> tuple[str, int]:
    """`ADDR` or `ADDR:PORT` (port 0 lets the system choose); IPv4 or [IPv6]:PORT."""
    text = text.strip()
    host, port_text = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"{host!r} is not an IP address (e.g. 192.168.1.10 or 127.0.0.1:0)") from None
    if not port_text:
        return host, DEFAULT_PORT
    if not port_text.isdigit() or int(port_text) > 65535:
        raise ValueError(f"{port_text!r} is not a port (0-65535)")
    return host, int(port_text)


def lan_address() -> str:
    """The laptop's address on the local network, found without sending any traffic;
    loopback when there is no network at all."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_PROBE)
            address = str(probe.getsockname()[0])
        except OSError:
            return LOOPBACK
    return address if address != "0.0.0.0" else LOOPBACK
