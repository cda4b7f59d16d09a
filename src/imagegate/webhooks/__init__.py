"""Webhooks to callers: Standard Webhooks signing, the durable outbox, the delivery worker, and the
bodies (native, or a dialect's own).

May import: db, net, storage, domain, errors.
"""
