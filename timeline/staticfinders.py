"""Serves plotly.js from the installed plotly package, so page and Python share one version."""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
STATIC_NAME = "vendor/plotly.min.js"


class PlotlyFinder(BaseFinder):
    """Finds `vendor/plotly.min.js` in the plotly package's own data."""

    storage = FileSystemStorage(location=str(PLOTLY_JS.parent.parent))

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path == STATIC_NAME and PLOTLY_JS.exists():
            return [str(PLOTLY_JS)] if find_all else str(PLOTLY_JS)
        return []

    def list(self, ignore_patterns):
        if PLOTLY_JS.exists():
            yield "plotly.min.js", _PrefixedStorage(str(PLOTLY_JS.parent))


class _PrefixedStorage(FileSystemStorage):
    prefix = "vendor"
