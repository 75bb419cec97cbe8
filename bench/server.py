"""gunicorn instances for the benchmark: production settings, 127.0.0.1 only, peak memory."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def django_env(database_url, redis_url=None):
    """The environment of a production-like process on this machine."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-" + "x" * 20,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOGIN_FAILURE_LIMIT="1000",
        # Hashed static names stay out of the checkout's staticfiles/, which tests would read.
        DJANGO_STATIC_ROOT=str(ROOT / "bench-out" / "static"),
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


class Gunicorn:
    """A gunicorn master with `workers` sync workers on 127.0.0.1:`port`."""

    def __init__(self, port, database_url, *, workers=2, redis_url=None, log=None):
        self.port, self.workers = port, workers
        self.env = django_env(database_url, redis_url)
        self.log = log
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "tracker.wsgi:application",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=600",
                "--graceful-timeout=5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=out,
        )
        try:
            self.wait_ready()
        except BaseException:
            self.__exit__()  # a server that never answered is not left running
            raise
        return self

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"gunicorn on port {self.port} exited ({code})")
            try:
                urllib.request.urlopen(
                    self.base + "/static/vendor/LICENSE-plotly.js.txt", timeout=5
                )
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn on port {self.port} did not answer in {timeout} s")

    def pids(self):
        """The master's pid and its workers'."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            workers = [int(pid) for pid in children.read_text().split()]
        except OSError:
            workers = []
        return [self.process.pid, *workers]

    def peak_rss_kb(self):
        """The largest peak resident set (VmHWM) of the master and each worker, in KB."""
        peaks = [peak_rss_kb(pid) for pid in self.pids()]
        return max((peak for peak in peaks if peak is not None), default=None)

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def peak_rss_kb(pid):
    """VmHWM of a running process in KB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run_measured(command, env, *, cwd=ROOT, log=None):
    """Run a command to completion: (exit code, seconds, peak RSS in KB, last output lines)."""
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    lines = []
    with open(log, "ab") if log else open(os.devnull, "wb") as sink:
        for raw in process.stdout:
            sink.write(raw)
            lines.append(raw.decode(errors="replace").rstrip())
            del lines[:-400]
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.monotonic() - started, usage.ru_maxrss, lines
