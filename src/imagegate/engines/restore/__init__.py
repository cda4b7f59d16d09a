"""Face restoration: a post-step that finds faces (CenterFace) and restores them with GFPGAN or
CodeFormer weights from the catalog's ``[[face_restorers]]``, loaded through spandrel's architectures."""

from imagegate.engines.restore.restorer import HOW_TO_ADD, FaceRestorer

__all__ = ["HOW_TO_ADD", "FaceRestorer"]
