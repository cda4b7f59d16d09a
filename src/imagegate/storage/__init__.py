"""Where images live: a content-addressed BlobStore, signed expiring URLs, and image encoding.

May import: errors.
"""

from imagegate.storage.blobs import BlobStore, LocalBlobStore
from imagegate.storage.signing import UrlSigner, same_secret

__all__ = ["BlobStore", "LocalBlobStore", "UrlSigner", "same_secret"]
