"""The phones of one opening of the room, known only by a random cookie kept in memory.

Nothing here is ever written to the session file: not the cookie, not an address, not which
phone sent what. The cookie exists for the rate limit, for the per-page nonce, and so that a
phone holds one ballot per vote and can change it.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

# About one contribution every three seconds, with bursts of five.
BURST = 5
REFILL_SECONDS = 3.0
# Memory is bounded however many cookies are asked for; the least recently seen goes first.
MAX_PHONES = 2000
# A phone may have the page open in a few tabs; older pages' nonces stop working.
NONCES_PER_PHONE = 4


@dataclass
class TokenBucket:
    tokens: float = BURST
    at: float = 0.0

    def take(self, now: float) -> bool:
        """One token if there is one; refills at one per REFILL_SECONDS up to BURST."""
        if self.at:
            self.tokens = min(BURST, self.tokens + (now - self.at) / REFILL_SECONDS)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass
class Phone:
    nonces: list[str] = field(default_factory=list)
    bucket: TokenBucket = field(default_factory=TokenBucket)
    # This phone's dots per vote step, so a new ballot replaces the earlier one.
    ballots: dict[str, list[str]] = field(default_factory=dict)

    def new_nonce(self) -> str:
        nonce = secrets.token_urlsafe(16)
        self.nonces = [*self.nonces, nonce][-NONCES_PER_PHONE:]
        return nonce

    def knows(self, nonce: object) -> bool:
        return isinstance(nonce, str) and any(secrets.compare_digest(nonce, n) for n in self.nonces)


class Phones:
    """Cookie → Phone, in memory, bounded."""

    def __init__(self, limit: int = MAX_PHONES, clock: Callable[[], float] = time.monotonic) -> None:
        self._phones: OrderedDict[str, Phone] = OrderedDict()
        self.limit = limit
        self.clock = clock

    def __len__(self) -> int:
        return len(self._phones)

    def get(self, cookie: str | None) -> Phone | None:
        if not cookie or (phone := self._phones.get(cookie)) is None:
            return None
        self._phones.move_to_end(cookie)
        return phone

    def new(self) -> tuple[str, Phone]:
        cookie = secrets.token_urlsafe(16)
        phone = self._phones[cookie] = Phone()
        while len(self._phones) > self.limit:
            self._phones.popitem(last=False)
        return cookie, phone

    def allow(self, phone: Phone) -> bool:
        return phone.bucket.take(self.clock())
