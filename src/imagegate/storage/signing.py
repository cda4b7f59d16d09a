"""HMAC-signed, expiring URLs for images, so they can be fetched without the API key (an <img>
tag, a webhook consumer) but only by whoever was handed the link, and only until it expires."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time


def same_secret(given: str | bytes, expected: str | bytes) -> bool:
    """Constant-time comparison of a secret someone presented with the one expected. Takes any
    input: text is compared as its UTF-8 bytes (``hmac.compare_digest`` refuses non-ASCII text)."""
    if isinstance(given, str):
        given = given.encode("utf-8", "surrogatepass")
    if isinstance(expected, str):
        expected = expected.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(given, expected)


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
        return same_secret(signature, self._mac(resource, expires))
