"""Jobs: the durable store (``store``, the only writer of jobs, images, the usage ledger and job
terms; ``reads``, ``rows``), the job lifecycle protocol (``lifecycle``), the runner and the
scheduler that claim and run jobs, and their live events (``events``, ``follow``).

May import: engines, executors, storage, db, config, domain, errors; never admission,
bookkeeping (the lifecycle is a protocol here, implemented there), services or the api.
"""
