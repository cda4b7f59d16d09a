"""Outbound HTTP to user-supplied addresses, behind an SSRF guard; reading Retry-After.

May import: errors.
"""

from imagegate.net.guard import BlockedAddress, UrlPolicy, check_url, fetch, guarded_client
from imagegate.net.retry_after import retry_after_s

__all__ = ["BlockedAddress", "UrlPolicy", "check_url", "fetch", "guarded_client", "retry_after_s"]
