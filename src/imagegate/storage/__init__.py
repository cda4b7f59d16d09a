"""Where images live: a content-addressed BlobStore (a local folder or S3), signed expiring URLs, and
image encoding.

May import: errors.
"""

from imagegate.storage.blobs import BlobStore, LocalBlobStore, open_blob_store
from imagegate.storage.signing import UrlSigner, same_secret

__all__ = ["BlobStore", "LocalBlobStore", "UrlSigner", "open_blob_store", "same_secret"]
