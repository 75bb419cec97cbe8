"""The light and dark colours of every figure (timeline.js applies the same for theme=auto)."""

THEMES = {
    "light": {
        "paper": "#ffffff",
        "plot": "#ffffff",
        "text": "#1f2328",
        "grid": "#e4e7eb",
        "line": "#9aa1a9",
        "accent": "#b42318",
        "slider": "#f3f4f6",
    },
    "dark": {
        "paper": "#16191d",
        "plot": "#16191d",
        "text": "#e6e8eb",
        "grid": "#2c3138",
        "line": "#5b636d",
        "accent": "#ff8a7a",
        "slider": "#22262c",
    },
}


def apply_theme(layout, theme):
    """Colour a layout for a light or dark page (timeline.js does the same for theme=auto)."""
    layout["paper_bgcolor"] = theme["paper"]
    layout["plot_bgcolor"] = theme["plot"]
    layout["font"] = {
        "color": theme["text"],
        "family": "system-ui, -apple-system, Segoe UI, sans-serif",
    }
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis.update(
                {
                    "gridcolor": theme["grid"],
                    "linecolor": theme["line"],
                    "zerolinecolor": theme["line"],
                }
            )
            if "rangeslider" in axis:
                axis["rangeslider"]["bgcolor"] = theme["slider"]
    # A party's name sits inside the plot at its row, where an early point can be drawn under
    # it: a halo in the background's colour keeps the name readable over the point.
    for note in layout.get("annotations", ()):
        if note.get("name") == "row":
            note["font"] = {**note.get("font", {}), "shadow": halo(theme["paper"])}


def halo(color):
    """A CSS text-shadow ringing text with `color` (theme.js builds the same)."""
    return ", ".join([f"0 0 2px {color}"] * 3)
