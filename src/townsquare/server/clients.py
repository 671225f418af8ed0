"""Who is asking: the client's IP (behind trusted proxies only) and the rate-limit identity.

An IPv6 client is grouped by its /64: one home or one cloud instance gets a
whole /64, so counting single addresses would let it rotate through 2**64 of
them. ``X-Forwarded-For`` is believed only when the peer is a configured proxy,
and then read right to left, skipping proxies, so a client cannot choose its
own address by sending the header.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(cidrs: Iterable[str]) -> list[Network]:
    from townsquare.errors import ConfigError

    networks: list[Network] = []
    for cidr in cidrs:
        try:
            networks.append(ipaddress.ip_network(cidr.strip(), strict=False))
        except ValueError:
            raise ConfigError(f"{cidr!r} is not an IP network; write e.g. 10.0.0.0/8 or 2001:db8::/32") from None
    return networks


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address: Address, proxies: list[Network]) -> bool:
    return any(address in network for network in proxies)


def client_ip(peer: str | None, forwarded_for: str | None, proxies: list[Network]) -> str:
    """The client address: the peer, or the first untrusted hop of X-Forwarded-For when the peer is a proxy."""
    address = _address(peer) if peer else None
    if address is None:
        return "unknown"
    if forwarded_for and proxies and _trusted(address, proxies):
        for hop in reversed(forwarded_for.split(",")):
            candidate = _address(hop)
            if candidate is None:
                break  # a garbled hop: stop at the last address we could trust
            address = candidate
            if not _trusted(candidate, proxies):
                break
    return str(address)


def rate_identity(ip: str) -> str:
    """The rate-limit bucket of an address: itself for IPv4, its /64 for IPv6."""
    address = _address(ip)
    if address is None:
        return "ip:unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"ip:{address.ipv4_mapped}"
        return "ip:" + str(ipaddress.ip_network(f"{address}/64", strict=False))
    return f"ip:{address}"
