"""Retake the README's screenshots (docs/screenshots/) from the demo in Debian's Chromium.

    python tools/screenshots.py [--base http://127.0.0.1:8000]

Needs a running tracker with the demo loaded (`make run`). Four pictures: the SMA timeline
at 1366 px in the light and dark themes, on a 390 px phone, and the embed in a 600 px column.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SLUG = "sma-11"
SHOTS = [
    # name, path, width, height, colour scheme
    ("timeline-light", f"/negotiations/{SLUG}/", 1366, 1100, "light"),
    ("timeline-dark", f"/negotiations/{SLUG}/?theme=dark", 1366, 1100, "dark"),
    ("timeline-phone", f"/negotiations/{SLUG}/", 390, 1400, "light"),
    ("embed-600", f"/embed/{SLUG}/", 600, 700, "light"),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    args = parser.parse_args(argv)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for name, path, width, height, scheme in SHOTS:
            page = browser.new_page(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            page.goto(args.base + path)
            page.wait_for_selector(".js-plotly-plot .main-svg")
            page.wait_for_timeout(800)  # label fitting runs after the first draw
            page.screenshot(path=str(OUT / f"{name}.png"))
            page.close()
            print(OUT / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
