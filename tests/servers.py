"""Real server processes for tests: Workshop itself, redis-server and PostgreSQL, all on 127.0.0.1."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 10.0) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@dataclass
class WorkshopServer:
    """`workshop serve` in a subprocess, importing this checkout's code."""

    instance_path: Path
    port: int = field(default_factory=free_port)
    extra_env: dict = field(default_factory=dict)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
        env.update({"PYTHONPATH": str(ROOT), "WORKSHOP_INSTANCE_PATH": str(self.instance_path),
                    "PYTHONUNBUFFERED": "1", **self.extra_env})
        return env

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "workshop.cli", *args], env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=60, cwd=ROOT)

    def start(self) -> "WorkshopServer":
        self.instance_path.mkdir(parents=True, exist_ok=True)
        self.log_path = self.instance_path / f"server-{self.port}.log"
        log = open(self.log_path, "ab")  # noqa: SIM115 - the process owns it until stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            wait_for_port(self.port, 60, self.process)
        except Exception:
            stop(self.process)
            raise RuntimeError(f"workshop serve did not start:\n{self.log()}") from None
        return self

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.process is not None:
            stop(self.process, sig)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""


@dataclass
class RedisServer:
    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, 20, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    return found[-1]


@dataclass
class PostgresServer:
    """A throw-away cluster; initdb refuses root, so as root it runs as the `postgres` user."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/workshop"

    def _as_owner(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def start(self) -> "PostgresServer":
        if os.geteuid() == 0:
            # pytest's temporary folders are private to root; the postgres user needs its own
            self.directory = Path(tempfile.mkdtemp(prefix="workshop-pg-"))
            shutil.chown(self.directory, "postgres", "postgres")
        self.directory.mkdir(parents=True, exist_ok=True)
        data = self.directory / "data"
        subprocess.run(self._as_owner([_pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                       "--no-sync", "-E", "UTF8"]), check=True, capture_output=True, cwd="/")
        self._run_postgres()
        for _ in range(50):
            made = subprocess.run(self._as_owner([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                                  "-U", "postgres", "workshop"]), capture_output=True, cwd="/")
            if made.returncode == 0:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(made.stderr.decode())
        return self

    def _run_postgres(self) -> None:
        self.process = subprocess.Popen(
            self._as_owner([_pg_bin("postgres"), "-D", str(self.directory / "data"), "-h", "127.0.0.1",
                            "-p", str(self.port), "-k", str(self.directory), "-c", "fsync=off",
                            "-c", "full_page_writes=off"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
        wait_for_port(self.port, 30, self.process)

    def halt(self) -> None:
        """Shut the database down, keeping its data, as an outage would."""
        # Through pg_ctl: a signal to `runuser` would not reach the postmaster it started
        subprocess.run(self._as_owner([_pg_bin("pg_ctl"), "-D", str(self.directory / "data"), "stop",
                                       "-m", "fast", "-w"]), capture_output=True, cwd="/", timeout=60)
        stop(self.process, signal.SIGINT)

    def resume(self) -> None:
        self._run_postgres()

    def stop(self) -> None:
        if self.process is not None:
            self.halt()
        if os.geteuid() == 0:
            shutil.rmtree(self.directory, ignore_errors=True)
