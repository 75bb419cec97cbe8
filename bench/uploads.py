"""Admin uploads (issue 17): time and peak memory of the preview of hostile and large documents.

Four documents within the upload's size limit: one negotiation naming one party 1,150,000
times (19.5 MB, a problem per repeat), 250,000 tiny valid negotiations (13 MB, refused: an
upload holds at most 1,000), 1,000 tiny ones (the most an upload holds) and the largest
ordinary document, a synthetic negotiation that fits the size limit. Each is posted to the admin's
import page of a fresh one-worker gunicorn (production settings, its own empty database) by
a signed-in editor, streamed from disk as `curl -F` would; measured are the seconds until the
preview (or the problem page) has arrived and the worker's peak resident memory (VmHWM)
above what it held just before the upload (VmRSS after a warm-up request). A previewed
document is then confirmed: seconds until the import's redirect, which must come inside
gunicorn's 30 s worker timeout.

`python -m bench.uploads` runs it against `DATABASE_URL` and prints the results as JSON;
`bench.run` calls `measure()` and `report` shows `target_row()` and `confirm_row()`.
"""

import http.client
import json
import os
import re
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import orjson

from .server import ROOT, Gunicorn, django_env, run_measured

FORMAT = "negotiation-tracker/2"
RSS_FACTOR = 5
TIMEOUT_S = 30  # gunicorn's default worker timeout
MAX_BYTES = 20 * 1024 * 1024  # TRACKER_UPLOAD_MAX_BYTES's default
MAX_NEGOTIATIONS = 1000  # TRACKER_UPLOAD_MAX_NEGOTIATIONS's default
# Measured for its confirm only: a 49 KB file's memory ratio is the worker's fixed cost.
CONFIRM_ONLY = ("negotiation limit",)
PORT = 8721
EDITOR, PASSWORD = "upload-bench", "upload-bench-" + "p" * 12
IMPORT_PATH = "/admin/tracker/negotiation/import/"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def repeated_party_document(path, repeats=1_150_000):
    """One negotiation listing "United States" `repeats` times: a problem per repeat."""
    with open(path, "wb") as out:
        out.write(b'{"format": "%s", "negotiations": [{"slug": "repeats", ' % FORMAT.encode())
        out.write(b'"title": "Repeats", "parties": [')
        out.write(b", ".join([b'"United States"'] * repeats))
        out.write(b"]}]}")
    return path


def tiny_negotiations_document(path, count=250_000):
    """`count` valid negotiations of one party and no records."""
    with open(path, "wb") as out:
        out.write(b'{"format": "%s", "negotiations": [' % FORMAT.encode())
        out.write(
            b",".join(
                b'{"slug":"n-%d","title":"T %d","parties":["P"]}' % (i, i) for i in range(count)
            )
        )
        out.write(b"]}")
    return path


def ordinary_document(path, max_bytes=MAX_BYTES):
    """The largest synthetic negotiation (statements in steps of 1,000) within `max_bytes`."""
    from tracker.synthetic import materialize, synthetic_document

    def make(statements):
        document = synthetic_document(slug="upload-bench", statements=statements)
        return orjson.dumps(materialize(document))

    per_statement = len(make(1000)) / 1000
    statements = int(max_bytes / per_statement) // 1000 * 1000
    body = make(statements)
    while len(body) > max_bytes:
        statements -= 1000
        body = make(statements)
    Path(path).write_bytes(body)
    return statements


def documents(folder, max_bytes=MAX_BYTES):
    """{name: (path, description)} of the four documents, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    repeats = repeated_party_document(folder / "upload-repeats.json")
    tiny = tiny_negotiations_document(folder / "upload-tiny.json")
    at_limit = tiny_negotiations_document(folder / "upload-limit.json", MAX_NEGOTIATIONS)
    statements = ordinary_document(folder / "upload-ordinary.json", max_bytes)
    return {
        "repeated party": (repeats, "one party named 1,150,000 times"),
        "tiny negotiations": (tiny, "250,000 valid negotiations, over the upload's limit"),
        "negotiation limit": (at_limit, f"{MAX_NEGOTIATIONS:,} valid negotiations"),
        "largest ordinary": (
            folder / "upload-ordinary.json",
            f"one synthetic negotiation, {statements:,} statements",
        ),
    }


def prepare_database(url, log=None):
    """An empty, migrated database at `url` with the bench's editor (a superuser)."""
    from .data import recreate_postgres

    if url.startswith("sqlite"):
        Path(urlsplit(url).path).unlink(missing_ok=True)
    else:
        recreate_postgres(url)
    env = django_env(url)
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        [
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser({EDITOR!r}, '', {PASSWORD!r})",
        ],
    ):
        code, _, _, lines = run_measured([sys.executable, "manage.py", *command], env, log=log)
        if code:
            raise RuntimeError(f"{command[0]} failed:\n" + "\n".join(lines[-20:]))


def database_url(base):
    """The uploads database beside `base`'s (`<name>_uploads`), or a SQLite file."""
    if not base or base.startswith("sqlite"):
        return f"sqlite:///{ROOT / 'bench-out' / 'bench-uploads.sqlite3'}"
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "tracker_bench"
    return urlunsplit(parts._replace(path=f"/{name}_uploads"))


class _Browser:
    """Cookies and CSRF tokens for one signed-in session over plain HTTP."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, content

    def token(self, path):
        _, page = self.request("GET", path)
        return TOKEN.search(page).group(1).decode()

    def sign_in(self):
        fields = {"username": EDITOR, "password": PASSWORD, "next": IMPORT_PATH}
        fields["csrfmiddlewaretoken"] = self.token("/admin/login/")
        body = "&".join(f"{k}={v}" for k, v in fields.items()).encode()
        status, _ = self.request(
            "POST",
            "/admin/login/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1"},
        )
        if status != 302:
            raise RuntimeError(f"signing in answered {status}")

    def upload(self, path):
        """POST the file as multipart form data, read from disk in 1 MB pieces."""
        boundary = secrets.token_hex(16)
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.token(IMPORT_PATH)}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="document"; filename="{Path(path).name}"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()

        def pieces():
            yield head
            with open(path, "rb") as handle:
                while piece := handle.read(1 << 20):
                    yield piece
            yield tail

        length = len(head) + Path(path).stat().st_size + len(tail)
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(length),
            "Referer": "http://127.0.0.1",
        }
        return self.request("POST", IMPORT_PATH, pieces(), headers)


def _status_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


def _cpu_seconds(pid):
    """User and system CPU seconds a process has used (load on the machine does not count)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def preview(database_url, path, *, port=PORT, log=None):
    """Upload one document to a fresh one-worker gunicorn: seconds, bytes, memory, outcome;
    after a preview, also the confirm's seconds, status and the worker's peak through it."""
    with Gunicorn(port, database_url, workers=1, log=log) as server:
        browser = _Browser(port)
        browser.sign_in()
        browser.request("GET", IMPORT_PATH)
        worker = server.pids()[-1]
        before_kb = _status_kb(worker, "VmRSS")
        cpu = _cpu_seconds(worker)
        started = time.perf_counter()
        status, page = browser.upload(path)
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds(worker) - cpu
        peak_kb = _status_kb(worker, "VmHWM")
        confirmed = _confirm(browser, page, worker) if b"Preview of" in page else {}
    size = Path(path).stat().st_size
    return {
        "bytes": size,
        "status": status,
        "seconds": seconds,
        "worker_cpu_seconds": cpu,
        "page_bytes": len(page),
        "outcome": _outcome(page),
        "rss_before_kb": before_kb,
        "peak_rss_kb": peak_kb,
        "growth_kb": peak_kb - before_kb,
        "growth_x_file": (peak_kb - before_kb) * 1024 / size,
        **{key: value for key, value in confirmed.items() if key != "peak_kb"},
        **({"confirm_growth_kb": confirmed["peak_kb"] - before_kb} if confirmed else {}),
    }


def _outcome(page):
    if b"Preview of" in page:
        return "preview"
    counted = re.search(rb"not imported: ([0-9]+) problem", page)
    if counted:
        count = int(counted.group(1))
        return f"refused, {count:,} problem{'s' if count != 1 else ''}"
    return "neither"


def _confirm(browser, preview_page, worker):
    """Confirm the previewed import: seconds until the redirect, its status, the worker's peak."""
    fields = {"csrfmiddlewaretoken": TOKEN.search(preview_page).group(1).decode(), "confirm": "1"}
    body = "&".join(f"{k}={v}" for k, v in fields.items()).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1"}
    started = time.perf_counter()
    status, _ = browser.request("POST", IMPORT_PATH, body, headers)
    return {
        "confirm_seconds": time.perf_counter() - started,
        "confirm_status": status,
        "peak_kb": _status_kb(worker, "VmHWM"),
    }


def measure(base_url=None, *, log=None, say=print):
    """{document name: preview measurements} on a database of its own beside `base_url`."""
    url = database_url(base_url)
    prepare_database(url, log=log)
    results = {}
    for name, (path, description) in documents(ROOT / "bench-out").items():
        say(f"  upload preview: {name} ({description})")
        results[name] = {"description": description, **preview(url, path, log=log)}
    return results


def target_row(results):
    """[target, measured, result] for BENCHMARKS.md's targets table."""
    target = "Uploads: validation memory bounded, peak RSS at most 5x the file, preview in 30 s"
    found = results.get("uploads") or {}
    if not found or "error" in found:
        return [target, f"not measured ({found.get('error', 'not run')})", "n/a"]
    parts, ok = [], True
    for name, row in found.items():
        if name in CONFIRM_ONLY:
            continue
        parts.append(
            f"{name} ({row['bytes'] / 1e6:.1f} MB, {row['outcome']}): {row['seconds']:.1f} s "
            f"({row['worker_cpu_seconds']:.1f} s of the worker's CPU), "
            f"worker +{row['growth_kb'] / 1024:,.0f} MB ({row['growth_x_file']:.1f}x the file)"
        )
        ok = ok and row["status"] == 200 and row["outcome"] != "neither"
        ok = ok and row["seconds"] <= TIMEOUT_S and row["growth_x_file"] <= RSS_FACTOR
    return [target, "; ".join(parts), "PASS" if ok else "FAIL"]


def _size(size):
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"


def confirm_row(results):
    """[target, measured, result]: every previewed document imports inside the timeout."""
    target = (
        "Uploads: confirming a previewed document imports it inside gunicorn's 30 s timeout "
        f"(an upload holds at most {MAX_NEGOTIATIONS:,} negotiations)"
    )
    found = results.get("uploads") or {}
    confirmed = {name: row for name, row in found.items() if "confirm_seconds" in row}
    if not confirmed or "error" in found:
        return [target, "not measured", "n/a"]
    parts, ok = [], True
    for name, row in confirmed.items():
        parts.append(
            f"{name} ({_size(row['bytes'])}): {row['confirm_seconds']:.1f} s, "
            f"worker +{row['confirm_growth_kb'] / 1024:,.0f} MB over preview and import"
        )
        ok = ok and row["confirm_status"] == 302 and row["confirm_seconds"] <= TIMEOUT_S
    return [target, "; ".join(parts), "PASS" if ok else "FAIL"]


if __name__ == "__main__":
    print(json.dumps(measure(os.environ.get("DATABASE_URL")), indent=1))
