"""Export keys and pseudonyms: node ids as keyed hashes (HMAC-SHA256), one key per release."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Hashable

from graphsvc.errors import BadRequest

#: The shortest key accepted: 128 bits, so that guessing the key is out of reach.
MIN_KEY_BYTES = 16

# Domain separation: this key's hashes of node ids can never equal its hashes of anything else.
_NODE_DOMAIN = b"graphsvc/research-export/v1/node-id\x00"


def new_export_key() -> bytes:
    """32 random bytes from the operating system's generator: a key for one release.

    Whoever holds the key (the data controller, never the researchers) can recompute any
    pseudonym; a new key per release makes releases unlinkable to each other.
    """
    return secrets.token_bytes(32)


def check_key(key: object) -> bytes:
    """``key`` as bytes, or `BadRequest` saying how to make a proper one."""
    if isinstance(key, str):
        raise BadRequest(
            "the export key must be bytes, not text; for a key written as hex use "
            "bytes.fromhex(text), or make a new one with new_export_key()"
        )
    if not isinstance(key, bytes | bytearray):
        raise BadRequest(f"the export key must be bytes, got {type(key).__name__}")
    if len(key) < MIN_KEY_BYTES:
        raise BadRequest(
            f"the export key is {len(key)} bytes; it must be at least {MIN_KEY_BYTES} random "
            "bytes (32 recommended), or pseudonyms could be reversed by guessing the key. Make "
            "one with graphsvc.io.pseudonymise.new_export_key(), or give `graphsvc "
            "export-research` a --key-file that does not exist yet and it will make one; keep "
            "the key away from the researchers"
        )
    return bytes(key)


class Pseudonyms:
    """HMAC-SHA256 of node ids under one key, truncated; the key's state is hashed once."""

    def __init__(self, key: bytes, chars: int) -> None:
        self._base = hmac.new(key, _NODE_DOMAIN, hashlib.sha256)
        self._chars = chars
        self._cache: dict[Hashable, str] = {}

    def __call__(self, node_id: Hashable) -> str:
        found = self._cache.get(node_id)
        if found is None:
            mac = self._base.copy()
            mac.update(str(node_id).encode("utf-8"))
            found = self._cache[node_id] = mac.hexdigest()[: self._chars]
        return found


def pseudonym(key: bytes, node_id: str, *, chars: int = 16) -> str:
    """The pseudonym `pseudonymise` gives ``node_id`` under ``key`` (for the key holder only).

    The data controller uses it to find a person in a released export (to honour an erasure,
    say); a researcher never has the key, so cannot.
    """
    return Pseudonyms(check_key(key), chars)(node_id)
