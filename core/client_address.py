"""Who is asking: the client's address behind the trusted proxies, one answer for every door.

The number of proxies in front of the application is one setting, ``REST_FRAMEWORK["NUM_PROXIES"]``
(from ``TRUSTED_PROXY_COUNT``, default 0). DRF's throttles read it; django-axes (its lockouts are per
username and address) and django-ratelimit read the address from ``client_address`` below, which is
DRF's own reading, so no two parts of the application ever disagree on who a client is.

With 0 proxies, ``X-Forwarded-For`` is ignored: the client is the peer of the connection. With N, the
client is the N-th address from the right of ``X-Forwarded-For``: the one the nearest trusted proxy
wrote. Anything a client puts further left is its own word and never read.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_address(request: HttpRequest) -> str:
    """The client's address: DRF's reading of ``X-Forwarded-For`` with ``NUM_PROXIES`` trusted proxies.

    A value that is not an address (a proxy count larger than the proxies really there lets the client
    write it) falls back to the connection's peer: axes stores the address in an address column.
    """
    address = BaseThrottle().get_ident(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return request.META.get("REMOTE_ADDR", "")
    return address
