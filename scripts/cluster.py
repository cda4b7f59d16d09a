"""A whole scale-out imagegate on this machine's loopback: PostgreSQL (jobs), Redis (rate limits),
SeaweedFS (S3 image storage), a Ray head (compute on Ray Serve), two API replicas
(`imagegate serve --role api`) and a worker (`imagegate worker`, dispatching to Ray).

    python scripts/cluster.py up     # `make cluster`: start it all, print the URLs and an admin key
    python scripts/cluster.py down   # `make cluster-down`: stop it all (the data folder is kept)
    python scripts/cluster.py status

Everything lives under `.cluster/` (data, logs, `cluster.json` with ports and the admin key). The
same topology for real machines: deploy/docker-compose.yml and deploy/kuberay.yaml.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
S3_ACCESS_KEY = "imagegate-cluster"
BUCKET = "images"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _system_binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1:]), None)
    if found is None:
        raise SystemExit(f"{name} is not installed: run `make services` (Debian packages postgresql, redis-server)")
    return found


def _venv_binary(name: str) -> str:
    found = BIN / name
    if not found.exists():
        raise SystemExit(f"{found} is missing: run `make install`")
    return str(found)


class Cluster:
    def __init__(self, root: Path):
        self.root = root
        self.state_file = root / "cluster.json"
        self.state: dict = json.loads(self.state_file.read_text()) if self.state_file.exists() else {}

    def save(self) -> None:
        self.state_file.write_text(json.dumps(self.state, indent=2))

    # -- processes -------------------------------------------------------------------------------

    def spawn(self, name: str, args: list[str], *, env: dict[str, str] | None = None, user: str | None = None) -> None:
        log = self.root / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        prefix = ["runuser", "-u", user, "--"] if user else []
        previous = _children.pop(self.state.get("pids", {}).get(name, -1), None)
        if previous is not None:
            previous.poll()  # reaped if it died (a killed process is respawned)
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [*prefix, *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})},
                cwd=self.root,
                start_new_session=True,  # outlives this script; `down` stops the whole group
            )
        _children[proc.pid] = proc
        self.state.setdefault("pids", {})[name] = proc.pid
        self.state.setdefault("commands", {})[name] = {"args": args, "env": env or {}, "user": user}
        self.save()

    def respawn(self, name: str) -> None:
        """Start a process again as it was started (after it died or was killed)."""
        command = self.state["commands"][name]
        self.spawn(name, command["args"], env=command["env"], user=command["user"])

    def running(self, name: str) -> bool:
        pid = self.state.get("pids", {}).get(name)
        return pid is not None and _alive(pid)

    def wait(self, name: str, ready: Callable[[], bool], timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running(name):
                raise SystemExit(f"{name} exited; its log: {self.root / 'logs' / (name + '.log')}")
            try:
                if ready():
                    return
            except Exception:
                pass
            time.sleep(0.2)
        raise SystemExit(f"{name} not ready after {timeout:.0f} s; its log: {self.root / 'logs' / (name + '.log')}")

    def stop(self, name: str, *, grace: float = 30.0) -> None:
        """SIGTERM to the process group (a worker drains), SIGKILL after ``grace``; then whatever it
        started in sessions of its own (Ray's raylet and workers) is killed too."""
        import psutil

        pid = self.state.get("pids", {}).pop(name, None)
        if pid is None:
            return
        try:
            family = psutil.Process(pid).children(recursive=True)
        except psutil.Error:
            family = []
        try:
            os.killpg(pid, signal.SIGTERM)
        except OSError:
            self.save()
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            with_kill = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                with_kill = False
            if name != "ray":
                print(f"  {name}: did not stop in {grace:.0f} s{'; killed' if with_kill else ''}")
        child = _children.pop(pid, None)
        if child is not None:
            child.wait(10)
        _, alive = psutil.wait_procs(family, timeout=10)
        for process in alive:
            with contextlib.suppress(psutil.Error):
                process.kill()
        self.save()

    # -- services --------------------------------------------------------------------------------

    def postgres(self) -> str:
        as_root = os.geteuid() == 0
        user = "postgres" if as_root else None
        data = self.root / "postgres"
        if as_root:  # PostgreSQL refuses to run as root, and its user may not enter root's folders
            tag = hashlib.sha1(bytes(self.root.resolve())).hexdigest()[:10]
            data = Path(tempfile.gettempdir()) / f"imagegate-cluster-pg-{tag}"
        if not (data / "PG_VERSION").exists():
            data.mkdir(parents=True, exist_ok=True)
            if as_root:
                shutil.chown(data, "postgres", "postgres")
                data.chmod(0o700)
            prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
            subprocess.run(
                [*prefix, _system_binary("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
                check=True,
                capture_output=True,
            )
        port = self.state.setdefault("ports", {}).setdefault("postgres", free_port())
        self.save()
        args = [_system_binary("postgres"), "-D", str(data), "-p", str(port), "-k", str(data)]
        self.spawn("postgres", [*args, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"], user=user)
        ready = _system_binary("pg_isready")
        self.wait("postgres", lambda: subprocess.run([ready, "-h", "127.0.0.1", "-p", str(port)]).returncode == 0)
        return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"

    def redis(self) -> str:
        port = self.state.setdefault("ports", {}).setdefault("redis", free_port())
        self.save()
        args = [_system_binary("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(self.root)]
        self.spawn("redis", args)
        self.wait("redis", lambda: _redis_ping(port))
        return f"async+redis://127.0.0.1:{port}/0"

    def s3(self) -> dict[str, str]:
        ports = self.state.setdefault("ports", {})
        for name in ("s3", "s3-master", "s3-volume", "s3-filer", "s3-grpc-master", "s3-grpc-volume"):
            ports.setdefault(name, free_port())
        for name in ("s3-grpc-filer", "s3-grpc-s3"):
            ports.setdefault(name, free_port())
        secret = self.state.setdefault("s3_secret", secrets.token_urlsafe(24))
        self.save()
        folder = self.root / "s3"
        (folder / "data").mkdir(parents=True, exist_ok=True)
        identity = {"name": "imagegate", "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": secret}]}
        config = folder / "s3.json"
        config.write_text(json.dumps({"identities": [identity | {"actions": ["Admin", "Read", "Write", "List"]}]}))
        args = [
            _venv_binary("weed"),
            "server",
            f"-dir={folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports['s3-master']}",
            f"-master.port.grpc={ports['s3-grpc-master']}",
            "-master.volumeSizeLimitMB=256",
            f"-volume.port={ports['s3-volume']}",
            f"-volume.port.grpc={ports['s3-grpc-volume']}",
            "-filer",
            f"-filer.port={ports['s3-filer']}",
            f"-filer.port.grpc={ports['s3-grpc-filer']}",
            "-s3",
            f"-s3.port={ports['s3']}",
            f"-s3.port.grpc={ports['s3-grpc-s3']}",
            "-s3.port.iceberg=0",  # no fixed ports of its own, so that clusters can run side by side
            "-s3.port.lance=0",
            f"-filer.localSocket={folder / 'filer.sock'}",
            f"-s3.config={config}",
        ]
        self.spawn("s3", args)
        endpoint = f"http://127.0.0.1:{ports['s3']}"
        self.wait("s3", lambda: _port_open(ports["s3"]))
        return {
            "IMAGEGATE_STORAGE_URL": f"s3://{BUCKET}/cluster",
            "IMAGEGATE_S3_ENDPOINT_URL": endpoint,
            "IMAGEGATE_S3_ACCESS_KEY_ID": S3_ACCESS_KEY,
            "IMAGEGATE_S3_SECRET_ACCESS_KEY": secret,
            "IMAGEGATE_S3_CREATE_BUCKET": "true",
        }

    def ray_head(self) -> str:
        ports = self.state.setdefault("ports", {})
        flags = (
            "port",
            "node-manager-port",
            "object-manager-port",
            "ray-client-server-port",
            "dashboard-agent-listen-port",
            "dashboard-agent-grpc-port",
            "runtime-env-agent-port",
            "metrics-export-port",
        )
        for flag in flags:  # every port Ray would otherwise take by default: clusters side by side
            ports.setdefault(f"ray-{flag}", free_port())
        self.save()
        temp = Path(tempfile.gettempdir()) / f"ig-ray-{ports['ray-port']}"  # Ray's socket paths must stay short
        args = [
            _venv_binary("ray"),
            "start",
            "--head",
            "--block",
            "--node-ip-address=127.0.0.1",
            *(f"--{flag}={ports[f'ray-{flag}']}" for flag in flags),
            "--min-worker-port=0",
            "--max-worker-port=0",
            f"--num-cpus={max(2, os.cpu_count() or 2)}",
            f"--temp-dir={temp}",
            "--include-dashboard=false",
            "--disable-usage-stats",
        ]
        env = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
        self.spawn("ray", args, env=env)
        log = self.root / "logs" / "ray.log"
        self.wait("ray", lambda: "Ray runtime started" in log.read_text(errors="replace"), timeout=240)
        return f"127.0.0.1:{ports['ray-port']}"

    def imagegate(self, name: str, args: list[str], env: dict[str, str], port: int | None = None) -> None:
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        full = {"IMAGEGATE_DATA_DIR": str(folder), "IMAGEGATE_HOST": "127.0.0.1", **env}
        if port is not None:
            full["IMAGEGATE_PORT"] = str(port)
        self.spawn(name, [_venv_binary("imagegate"), *args], env=full)


# The processes this process started (a test's cluster): polled, so that they are reaped when they
# end instead of lingering as zombies, which still count as running.
_children: dict[int, subprocess.Popen[bytes]] = {}


def _alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _redis_ping(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


def _port_open(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True


def _http_ok(url: str) -> bool:
    import urllib.request

    with urllib.request.urlopen(url, timeout=1) as response:
        return bool(response.status == 200)


API_REPLICAS = ("api-1", "api-2")
SERVICES = ("postgres", "redis", "s3", "ray")


def up(root: Path, *, extra_env: dict[str, str] | None = None, ray: bool = True) -> dict:
    """Start whatever is not running yet; returns the cluster's state (URLs, ports, admin key)."""
    root.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(root)
    admin = cluster.state.setdefault("admin_key", "ig_cluster_" + secrets.token_urlsafe(24))
    secret = cluster.state.setdefault("secret_key", secrets.token_urlsafe(32))
    cluster.save()
    env = {
        "IMAGEGATE_ADMIN_KEY": admin,
        "IMAGEGATE_SECRET_KEY": secret,
        "IMAGEGATE_CATALOG": json.dumps([str(REPO / "models" / "*.toml")]),  # the bundled models
        "HF_HUB_OFFLINE": "1",
    }
    steps: list[tuple[str, Callable[[], object]]] = [
        ("postgres", lambda: env.update(IMAGEGATE_DATABASE_URL=cluster.postgres())),
        ("redis", lambda: env.update(IMAGEGATE_RATE_LIMIT_STORAGE=cluster.redis())),
        ("s3", lambda: env.update(cluster.s3())),
    ]
    if ray:
        steps.append(("ray", lambda: env.update(IMAGEGATE_EXECUTOR="ray", IMAGEGATE_RAY_ADDRESS=cluster.ray_head())))
    for name, start in steps:
        if cluster.running(name):
            raise SystemExit(f"{name} is already running: `make cluster-down` first")
        print(f"  starting {name} …", flush=True)
        start()
    env.update(extra_env or {})
    cluster.state["env"] = env  # a local development cluster: its secrets stay in .cluster/
    ports = cluster.state.setdefault("ports", {})
    urls = []
    for name in API_REPLICAS:
        port = ports.setdefault(name, free_port())
        print(f"  starting {name} …", flush=True)
        cluster.imagegate(name, ["serve", "--role", "api"], env, port=port)
        urls.append(f"http://127.0.0.1:{port}")
    print("  starting worker …", flush=True)
    # With a health port, so that `up` returns only once the worker runs jobs: with Ray, its first
    # start deploys the Serve application, which takes a minute or more on a small machine.
    worker_port = ports.setdefault("worker", free_port())
    cluster.imagegate("worker", ["worker", "--worker-id", "cluster-worker-1", "--port", str(worker_port)], env)
    for name, url in [*zip(API_REPLICAS, urls, strict=True), ("worker", f"http://127.0.0.1:{worker_port}")]:
        cluster.wait(name, lambda url=url: _http_ok(f"{url}/readyz"), timeout=300)
    cluster.state["api_urls"] = urls
    cluster.save()
    return cluster.state


def down(root: Path) -> None:
    cluster = Cluster(root)
    # Compute first (a worker drains: its running jobs go back to the queue), then what it uses.
    for name in ("worker", *API_REPLICAS, *SERVICES):
        if cluster.running(name):
            print(f"  stopping {name} …", flush=True)
        # A Ray head under --block keeps waiting on SIGTERM; its processes are killed after it anyway.
        cluster.stop(name, grace=5.0 if name == "ray" else 30.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["up", "down", "status"])
    parser.add_argument("--dir", default=str(REPO / ".cluster"), help="state folder (default: .cluster/)")
    parser.add_argument("--no-ray", action="store_true", help="the worker runs jobs itself (no Ray head)")
    options = parser.parse_args()
    root = Path(options.dir)
    if options.command == "down":
        down(root)
        return
    if options.command == "status":
        cluster = Cluster(root)
        for name in (*SERVICES, *API_REPLICAS, "worker"):
            print(f"  {name:10} {'running' if cluster.running(name) else 'stopped'}")
        return
    state = up(root, ray=not options.no_ray)
    print()
    print("imagegate cluster is up:")
    for url in state["api_urls"]:
        print(f"  API replica   {url}   (docs: {url}/docs)")
    print(f"  admin key     {state['admin_key']}")
    print(f"  logs          {root / 'logs'}")
    print()
    print(f"  export IMAGEGATE_URL={state['api_urls'][0]} IMAGEGATE_API_KEY={state['admin_key']}")
    print('  .venv/bin/imagegate generate "a red circle on a blue background" -o first.png')
    print()
    print("Stop it with `make cluster-down`.")


if __name__ == "__main__":
    main()
