"""imagegate: a self-hosted unified image-generation API."""

__version__ = "0.1.0"
