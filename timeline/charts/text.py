"""User text made safe for plotly, which renders some HTML (<b>, <a href>, <br>) in strings."""

import html
import re


def esc(text):
    """User text made safe for plotly, which renders <b>, <a href> and <br> in strings."""
    return html.escape(str(text), quote=False)


# A line of up to 72 characters ending at a space, or one longer word on its own.
_HOVER_LINE = re.compile(r"(.{1,72}(?= |$)|\S+) ?")


def wrap(text, limit=320):
    """Escaped text broken into <br>-separated lines for hover labels, cut at `limit`."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    # Escaping first is safe: entities hold no spaces, so no line break splits one.
    return "<br>".join(_HOVER_LINE.findall(esc(text)))
