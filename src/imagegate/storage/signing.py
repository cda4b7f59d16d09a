"""HMAC-signed, expiring URLs for images, so they can be fetched without the API key (an <img>
tag, a webhook consumer) but only by whoever was handed the link, and only until it expires."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time


class UrlSigner:
    def __init__(self, secret: bytes, *, ttl_s: int):
        self._secret = secret
        self.ttl_s = ttl_s

    def _mac(self, resource: str, expires: int) -> str:
        mac = hmac.new(self._secret, f"{resource}\n{expires}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac[:24]).decode().rstrip("=")

    def sign(self, resource: str, *, now: float | None = None) -> tuple[int, str]:
        """Returns (expires, signature) for ``resource`` (e.g. an image id)."""
        expires = int((now or time.time()) + self.ttl_s)
        return expires, self._mac(resource, expires)

    def verify(self, resource: str, expires: int, signature: str, *, now: float | None = None) -> bool:
        if expires < (now or time.time()):
            return False
        return hmac.compare_digest(self._mac(resource, expires), signature)
