"""The server's URLs as clients see them: the base URL of a request's answer, and the signed,
expiring URLs of images (served without the API key until they expire)."""

from __future__ import annotations

from datetime import UTC, datetime

from imagegate.services import Services


def base_url(svc: Services, request_base: str) -> str:
    return (svc.settings.public_url or request_base).rstrip("/")


def signed_url(svc: Services, base: str, image_id: str) -> tuple[str, datetime]:
    expires, signature = svc.signer.sign(image_id)
    url = f"{base}/v1/images/{image_id}/content?expires={expires}&signature={signature}"
    return url, datetime.fromtimestamp(expires, UTC)
