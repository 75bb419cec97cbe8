"""`make stress`: 50 users for 60 s on gunicorn + PostgreSQL, then PostgreSQL stopped mid-load.

127.0.0.1 only. The first run must end with zero errors. The fault run stops PostgreSQL
for about 10 s while readers and an editor keep going: requests in between must get a
fast 503, service must come back without restarting gunicorn, and every edit that was
acknowledged (302 from the admin's add form) must be in the database afterwards.
Figures go to bench-results/stress.md (section "## Load and faults (make stress)") and
into BENCHMARKS.md between "make stress" markers (replaced on each run).
PostgreSQL is always started again, whatever happens.
"""

import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results" / "stress.md"
BENCHMARKS = ROOT / "BENCHMARKS.md"
DATABASE = "tracker_stress"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
USERS, SECONDS = (
    int(os.environ.get("STRESS_USERS", "50")),
    float(os.environ.get("STRESS_SECONDS", "60")),
)
FAULT_USERS, OUTAGE_SECONDS = 20, 10.0
EDITOR, EDITOR_PASSWORD = "stress-editor", secrets.token_urlsafe(16)
TIMEOUT = 120

ENDPOINTS = {
    "list": lambda: "/",
    "timeline": lambda: "/negotiations/sma-11/",
    "figure": lambda: random.choice(
        [
            "/negotiations/sma-11/figure.json",
            "/negotiations/sma-11/figure.json?lanes=rounds,positions",
        ]
    ),
    "embed": lambda: "/embed/sma-11/",
    "facts": lambda: f"/negotiations/sma-11/facts.json?as_of=2020-0{random.randint(1, 4)}-02",
    "api": lambda: random.choice(
        [
            "/api/v1/negotiations",
            "/api/v1/negotiations/sma-11",
            "/api/v1/negotiations/sma-11/statements",
            "/api/v1/negotiations/sma-11/facts?as_of=2020-04-02",
        ]
    ),
}


def cluster():
    return sorted(os.listdir("/etc/postgresql"))[0]


def postgres(action):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster(), "main", action], check=True
    )


def postgres_ready():
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


def server_env():
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="stress-" + secrets.token_urlsafe(48),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(ROOT / "bench-out" / "static-stress"),
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("REDIS_URL", None)
    return env


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    """A fresh database with the published demo and an editor, and the static files."""
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {DATABASE}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {DATABASE}"], check=True)
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("import_negotiations", "tracker/demo/sma-11.json", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        "from tracker.models import Negotiation; "
        "Negotiation.objects.update(is_published=True); "
        f"u = User.objects.create_user({EDITOR!r}, password={EDITOR_PASSWORD!r}, is_staff=True); "
        "u.groups.add(Group.objects.get(name='Editors'))",
        env=env,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, log):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "tracker.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", "4",
        "--threads", "4",
        "--timeout", "120",
        "--graceful-timeout", "5",
        # Longer than any pause of a client: a server closing an idle kept-alive connection
        # just as the client reuses it would show up as a connection error, not an app error.
        "--keep-alive", "30",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if requests.get(base + "/", timeout=5).status_code == 200:
                return process, base
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise SystemExit("gunicorn exited at start; see bench-out/stress-gunicorn.log")
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within 60 s")


def worker_pids(master):
    out = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True)
    return sorted(out.stdout.split())


class Recorder:
    """Thread-safe list of (kind, status, seconds, at) samples."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = []

    def add(self, kind, status, seconds, at):
        with self.lock:
            self.samples.append((kind, status, seconds, at))


def reader(base, stop, recorder):
    session = requests.Session()
    while not stop.is_set():
        kind = random.choice(list(ENDPOINTS))
        started = time.monotonic()
        try:
            status = session.get(base + ENDPOINTS[kind](), timeout=TIMEOUT).status_code
        except requests.RequestException as exc:
            status = type(exc).__name__
            print(f"{kind}: {exc!r}", file=sys.stderr)
        recorder.add(kind, status, time.monotonic() - started, started)


def run_readers(base, users, seconds, recorder, during=None):
    stop = threading.Event()
    threads = [threading.Thread(target=reader, args=(base, stop, recorder)) for _ in range(users)]
    for thread in threads:
        thread.start()
    try:
        if during:
            during()
        else:
            time.sleep(seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def editor_session(base):
    session = requests.Session()
    page = session.get(base + "/admin/login/", timeout=TIMEOUT)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        base + "/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": EDITOR, "password": EDITOR_PASSWORD},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 302, f"editor login: {response.status_code}"
    return session


def editor(base, stop, edits):
    """Add parties through the admin; `edits` maps each name to the status it got."""
    session = None
    while session is None and not stop.is_set():
        try:
            session = editor_session(base)
        except (requests.RequestException, AssertionError, AttributeError) as exc:
            print(f"editor login failed, retrying: {exc!r}", file=sys.stderr)
            time.sleep(1)
    number = 0
    while not stop.is_set():
        number += 1
        name = f"Stress party {number:05d}"
        token = session.cookies.get("csrftoken")
        started = time.monotonic()
        try:
            response = session.post(
                base + "/admin/tracker/party/add/",
                data={"csrfmiddlewaretoken": token, "name": name, "_save": "Save"},
                headers={"Referer": base + "/admin/tracker/party/add/"},
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            status = response.status_code
            acknowledged = status == 302 and "/admin/tracker/party/" in response.headers["Location"]
        except requests.RequestException as exc:
            status, acknowledged = type(exc).__name__, False
        edits.append((name, status, acknowledged, started))
        time.sleep(0.1)


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ms(seconds):
    return f"{seconds * 1000:.0f}"


def load_table(samples, seconds):
    rows = [
        "| endpoint | requests | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|",
    ]
    by_kind = defaultdict(list)
    for kind, status, took, _ in samples:
        by_kind[kind].append((status, took))
    for kind in [*ENDPOINTS, "all"]:
        items = [(s[1], s[2]) for s in samples] if kind == "all" else by_kind[kind]
        errors = sum(1 for status, _ in items if status != 200)
        took = [t for _, t in items]
        rows.append(
            f"| {kind} | {len(items)} | {len(items) / seconds:.1f} | {ms(percentile(took, 0.5))} "
            f"| {ms(percentile(took, 0.99))} | {errors} |"
        )
    return rows


def load_run(base):
    recorder = Recorder()
    started = time.monotonic()
    run_readers(base, USERS, SECONDS, recorder)
    elapsed = time.monotonic() - started
    statuses = Counter(status for _, status, _, _ in recorder.samples)
    return recorder.samples, elapsed, statuses


def fault_run(base, master):
    """Readers and an editor run; PostgreSQL stops for OUTAGE_SECONDS and starts again."""
    recorder, edits, marks = Recorder(), [], {}
    stop_editor = threading.Event()
    edit_thread = threading.Thread(target=editor, args=(base, stop_editor, edits))
    pids_before = worker_pids(master)

    def outage():
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and sum(ok for *_, ok, _ in edits) < 5:
            time.sleep(0.5)
        time.sleep(2)
        marks["stop"] = time.monotonic()
        try:
            postgres("stop")
            marks["stopped"] = time.monotonic()
            time.sleep(OUTAGE_SECONDS)
        finally:
            postgres("start")
            marks["started"] = time.monotonic()
        time.sleep(20)

    edit_thread.start()
    try:
        run_readers(base, FAULT_USERS, None, recorder, during=outage)
    finally:
        stop_editor.set()
        edit_thread.join()
    return recorder.samples, edits, marks, pids_before, worker_pids(master)


def stored_party_names():
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DATABASE, "-At", "-c",
         "SELECT name FROM tracker_party WHERE name LIKE 'Stress party %'"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(out.stdout.split("\n")) - {""}


def fault_report(samples, edits, marks, pids_before, pids_after):
    """Lines of the report and a list of failed expectations."""
    down, up = marks["stop"], marks["started"]
    # A request is in the outage when it was still running after the stop began.
    during = [s for s in samples if s[3] < up and s[3] + s[2] > down]
    unavailable = [s for s in during if s[1] == 503]
    bad = [s for s in during if s[1] not in (200, 503)]
    after = sorted((s for s in samples if s[3] >= up), key=lambda s: s[3])
    first_ok = next((s[3] + s[2] for s in after if s[1] == 200), None)
    recovered_at = first_ok - up if first_ok else None
    settled = [s for s in after if first_ok and s[3] >= first_ok + 2]
    settled_errors = [s for s in settled if s[1] != 200]
    before = [s for s in samples if s[3] + s[2] <= down]
    before_errors = [s for s in before if s[1] != 200]
    acknowledged = {name for name, _, ok, _ in edits if ok}
    stored = stored_party_names()
    lost = sorted(acknowledged - stored)
    edit_statuses = Counter(str(status) for _, status, _, _ in edits)
    took_503 = [s[2] for s in unavailable]
    # Those sent once PostgreSQL was fully stopped: no query of theirs was cut mid-way.
    took_503_down = [s[2] for s in unavailable if marks["stopped"] <= s[3]]
    stop_took = marks["stopped"] - down
    lines = [
        f"- PostgreSQL stopped for {up - down:.1f} s (stop command {stop_took:.1f} s) "
        f"under {FAULT_USERS} readers and one editor; gunicorn left running.",
        f"- Requests running while it stopped or was down: {len(during)}; "
        f"answered 503: {len(unavailable)}; "
        f"other answers: {dict(Counter(str(s[1]) for s in bad)) or 'none'}.",
        f"- 503 latency: p50 {ms(percentile(took_503, 0.5))} ms, "
        f"p99 {ms(percentile(took_503, 0.99))} ms, max {ms(max(took_503, default=0))} ms; "
        f"sent after PostgreSQL had stopped ({len(took_503_down)}): "
        f"p50 {ms(percentile(took_503_down, 0.5))} ms, "
        f"p99 {ms(percentile(took_503_down, 0.99))} ms.",
        f"- First 200 after PostgreSQL started: {recovered_at:.2f} s later; errors among the "
        f"{len(settled)} requests from 2 s after that: {len(settled_errors)}."
        if recovered_at is not None
        else "- No request succeeded after PostgreSQL started.",
        f"- gunicorn workers before and after: {len(pids_before)} and {len(pids_after)}, "
        f"same processes: {'yes' if pids_before == pids_after else 'no'}.",
        f"- Edits through the admin: {len(edits)} sent ({dict(edit_statuses)}), "
        f"{len(acknowledged)} acknowledged, {len(lost)} of them missing from the database.",
    ]
    failures = []
    if before_errors:
        statuses = Counter(str(s[1]) for s in before_errors)
        failures.append(f"{len(before_errors)} errors before the outage: {dict(statuses)}")
    if not unavailable:
        failures.append("no request was answered 503 during the outage")
    if bad:
        failures.append(
            f"answers other than 200/503 during the outage: {Counter(s[1] for s in bad)}"
        )
    if recovered_at is None or settled_errors:
        failures.append("service did not come back cleanly")
    if pids_before != pids_after:
        failures.append("gunicorn workers were replaced")
    if lost:
        failures.append(f"acknowledged edits lost: {lost[:5]}")
    if not acknowledged:
        failures.append("no edit was acknowledged")
    return lines, failures


def write_results(lines):
    """bench-results/stress.md, and the same section in BENCHMARKS.md between markers."""
    section = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(section, encoding="utf-8")
    start, end = "<!-- make stress: start -->", "<!-- make stress: end -->"
    block = f"{start}\n{section}{end}\n"
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    BENCHMARKS.write_text(text, encoding="utf-8")


def main():
    env = server_env()
    RESULTS.parent.mkdir(exist_ok=True)
    if not postgres_ready():
        postgres("start")
    prepare(env)
    port = free_port()
    (ROOT / "bench-out").mkdir(exist_ok=True)
    with open(ROOT / "bench-out" / "stress-gunicorn.log", "wb") as log:
        master, base = start_gunicorn(env, port, log)
        try:
            samples, elapsed, statuses = load_run(base)
            load_errors = sum(count for status, count in statuses.items() if status != 200)
            fault_lines, failures = [], []
            if os.environ.get("STRESS_SKIP_FAULTS") != "1":
                fault_lines, failures = fault_report(*fault_run(base, master))
        finally:
            if not postgres_ready():
                postgres("start")
            master.terminate()
            master.wait(timeout=30)
    if load_errors:
        failures.insert(0, f"{load_errors} errors under load: {dict(statuses)}")
    cpus = os.cpu_count()
    lines = [
        "## Load and faults (make stress)",
        "",
        f"gunicorn (4 workers x 4 threads, DEBUG off) and PostgreSQL on one machine "
        f"({cpus} CPUs, shared with other work), demo negotiation, 127.0.0.1 only. "
        f"{USERS} users each sending requests back to back for {elapsed:.0f} s over the list, "
        "timeline, figure, embed, facts and API; any answer other than 200 counts as an error.",
        "",
        *load_table(samples, elapsed),
        "",
        f"Total: {len(samples)} requests, {len(samples) / elapsed:.1f} req/s, "
        f"{load_errors} errors.",
        "",
        "### PostgreSQL stopped under load",
        "",
        *(fault_lines or ["- Skipped (STRESS_SKIP_FAULTS=1)."]),
        "",
        f"Result: {'PASS' if not failures else 'FAIL: ' + '; '.join(failures)}",
    ]
    write_results(lines)
    print("\n".join(lines))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
