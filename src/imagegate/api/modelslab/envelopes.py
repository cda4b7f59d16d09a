"""What a ModelsLab request's envelope says once its job has ended, and the signed links to its
files (``/api/v6/files/{number}-{index}.png``) that the envelope and its webhook carry."""

from __future__ import annotations

from typing import Any

from imagegate.api.modelslab import translate
from imagegate.api.modelslab.state import ModelslabRecord
from imagegate.domain.jobs import Job, JobStatus
from imagegate.storage.signing import UrlSigner


def file_resource(number: int, index: int) -> str:
    return f"modelslab:{number}:{index}"


def file_link(signer: UrlSigner, base: str, number: int, index: int) -> str:
    expires, signature = signer.sign(file_resource(number, index))
    return f"{base}/api/v6/files/{number}-{index}.png?expires={expires}&signature={signature}"


def ended_envelope(
    job: Job, record: ModelslabRecord, base: str, signer: UrlSigner, *, outputs: list[str] | None = None
) -> dict[str, Any]:
    """The envelope of an ended job: ``success`` with links (or ``outputs``), else ``error``."""
    meta = translate.meta(job.params, record.options, number=record.number, job_id=job.id)
    if job.status is JobStatus.succeeded:
        links = [file_link(signer, base, record.number, i) for i in range(len(job.images))]
        return translate.success(
            number=record.number,
            job_id=job.id,
            outputs=outputs if outputs is not None else links,
            links=links,
            generation_time=float(job.result.get("compute_s") or 0.0),
            nsfw=any(img.nsfw_content_detected for img in job.images),
            meta=meta,
        )
    message = job.error_message or f"the request was {job.status.value}"
    return translate.error(message, id=record.number, job_id=job.id, code=job.error_code, output=[], meta=meta)
