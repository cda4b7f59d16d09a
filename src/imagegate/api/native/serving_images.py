"""A key's images page by page (GET /v1/images): the keyset cursor over (job created_at, job id,
image index), opaque to clients."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from imagegate.admission.keys import ApiKey
from imagegate.api.native.views import image_meta
from imagegate.api.native.wire import ImageList
from imagegate.errors import InvalidRequest
from imagegate.jobs.reads import ImageCursor
from imagegate.services import Services


def encode_cursor(cursor: ImageCursor) -> str:
    created, job_id, index = cursor
    raw = json.dumps([created.isoformat(), job_id, index]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> ImageCursor:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, job_id, index = json.loads(raw)
        return datetime.fromisoformat(created), str(job_id), int(index)
    except (ValueError, TypeError, binascii.Error):
        raise InvalidRequest.for_field("cursor", "not a cursor returned by this API") from None


async def list_images(svc: Services, key: ApiKey, base: str, *, limit: int, cursor: str | None) -> ImageList:
    before = decode_cursor(cursor) if cursor else None
    found = await svc.jobs.list_images(key.id, limit=limit + 1, before=before)
    page = found[:limit]
    more = len(found) > limit
    return ImageList(
        data=[await image_meta(svc, base, image) for image, _ in page],
        has_more=more,
        next_cursor=encode_cursor(page[-1][1]) if more and page else None,
    )
