"""Webhooks to callers: Standard Webhooks signing, the durable outbox, the delivery worker."""
