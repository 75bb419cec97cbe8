"""The WSGI entry point: each app-server worker is ready before its first request."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOLVER_STATE = "from django.urls import get_resolver; print(get_resolver()._populated)"


def _python(code):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_loading_the_application_builds_the_url_map_reverse_reads():
    # Built at import, a download's first byte no longer waits for it (0.6 s per worker).
    result = _python("import tracker.wsgi; " + RESOLVER_STATE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_django_alone_leaves_the_url_map_to_the_first_request():
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tracker.settings'; "
    result = _python(setup + "django.setup(); " + RESOLVER_STATE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
