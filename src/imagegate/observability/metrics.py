"""Prometheus metrics of one server, in their own registry (one per app, nothing global, so tests
can build several apps in one process). Labels stay low-cardinality: model ids, statuses, routes
as templates; never key ids or prompts."""

from __future__ import annotations

import gc

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.http_requests = Counter(
            "imagegate_http_requests", "HTTP requests answered.", ["method", "route", "status"], registry=r
        )
        self.http_latency = Histogram(
            "imagegate_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.jobs_submitted = Counter("imagegate_jobs_submitted", "Jobs admitted.", ["model"], registry=r)
        self.jobs_finished = Counter(
            "imagegate_jobs_finished", "Jobs that ended, by final status.", ["model", "status"], registry=r
        )
        self.job_latency = Histogram(
            "imagegate_job_duration_seconds",
            "From admission to the end of a job.",
            ["model", "status"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.queue_wait = Histogram(
            "imagegate_job_queue_seconds",
            "Time a job waited in the queue.",
            ["model"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.compute_seconds = Counter(
            "imagegate_compute_seconds", "Seconds engines spent generating.", ["model"], registry=r
        )
        self.compute_latency = Histogram(
            "imagegate_job_compute_seconds", "Engine time per job.", ["model"], buckets=LATENCY_BUCKETS, registry=r
        )
        self.batch_images = Histogram(
            "imagegate_batch_images",
            "Images made by the pipeline call that made a job's images (1: the job ran alone).",
            ["model"],
            buckets=(1, 2, 4, 8, 16, 32, 64),
            registry=r,
        )
        self.images = Counter("imagegate_images_generated", "Images delivered.", ["model"], registry=r)
        self.cost = Counter("imagegate_cost", "Cost of finished jobs.", ["model", "currency"], registry=r)
        self.cache_hits = Counter(
            "imagegate_cache_hits", "Requests answered from the result cache.", ["model"], registry=r
        )
        self.cache_misses = Counter(
            "imagegate_cache_misses", "Cacheable requests that had to be generated.", ["model"], registry=r
        )
        self.rejections = Counter(
            "imagegate_admission_rejections",
            "Requests refused at admission, by reason.",
            ["reason"],
            registry=r,
        )
        self.webhook_deliveries = Counter(
            "imagegate_webhook_deliveries",
            "Webhook delivery attempts by outcome (delivered, retry, failed, disabled).",
            ["event", "outcome"],
            registry=r,
        )
        self.nsfw_flagged = Counter(
            "imagegate_nsfw_flagged_images", "Images the safety check flagged.", ["model", "action"], registry=r
        )
        self.budget_alerts = Counter("imagegate_budget_alerts", "Budget alerts raised.", ["threshold"], registry=r)
        self.queue_depth = Gauge("imagegate_queue_depth", "Jobs waiting in the queue.", registry=r)
        self.jobs_running = Gauge("imagegate_jobs_running", "Jobs running in this process.", registry=r)
        self.device_jobs = Gauge(
            "imagegate_device_jobs", "Jobs placed on a device, running or gathering.", ["device", "index"], registry=r
        )
        self.device_model_bytes = Gauge(
            "imagegate_device_model_bytes", "Weights of the models loaded on a device.", ["device", "index"], registry=r
        )
        self.device_budget_bytes = Gauge(
            "imagegate_device_budget_bytes", "A device's loaded-model budget.", ["device", "index"], registry=r
        )
        self.device_memory = Gauge(
            "imagegate_device_memory_bytes",
            "CUDA memory PyTorch holds on a device: allocated, reserved, peak_allocated (since start).",
            ["device", "index", "kind"],
            registry=r,
        )
        self.webhooks_pending = Gauge(
            "imagegate_webhooks_pending", "Webhook messages waiting for delivery.", registry=r
        )

        # Observed only where ``observability.heap.GcPauses`` is installed (``imagegate serve``).
        self.gc_pauses = Histogram(
            "imagegate_gc_pause_seconds",
            "Pauses of Python's cyclic garbage collector, by generation (no request moves meanwhile).",
            ["generation"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=r,
        )
        self.gc_frozen = Gauge(
            "imagegate_gc_frozen_objects",
            "Objects moved out of the garbage collector's reach after start-up (gc.freeze).",
            registry=r,
        )
        self.gc_frozen.set_function(gc.get_freeze_count)

    def render(self) -> bytes:
        return generate_latest(self.registry)
