"""Outbound HTTP to user-supplied addresses, behind an SSRF guard.

May import: errors.
"""

from imagegate.net.guard import BlockedAddress, UrlPolicy, check_url, fetch, guarded_client

__all__ = ["BlockedAddress", "UrlPolicy", "check_url", "fetch", "guarded_client"]
