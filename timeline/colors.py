"""Colours per party: the Okabe-Ito palette, readable with every common colour-vision deficiency.

A party's colour comes from its name, so "United States" is the same blue on every
page; two parties whose names land on one colour in the same chart are moved apart.
"""

import zlib

# Okabe & Ito (2008), without black, ordered so frequent pairs contrast well.
PALETTE = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
)
NEUTRAL = "#8C8C8C"
# Hues a reader names alike: two parties are never both blue while another hue is free.
FAMILY = {"#56B4E9": "blue", "#0072B2": "blue", "#E69F00": "orange", "#F0E442": "yellow"}
UNATTRIBUTED = "Unattributed"


def party_color(name):
    """The colour a party has wherever it is drawn alone."""
    if not name or name == UNATTRIBUTED:
        return NEUTRAL
    return PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)]


def party_colors(names):
    """{name: colour} for the parties of one chart, each its own colour while the palette lasts."""
    colors, taken = {}, set()
    for name in sorted(set(names)):
        if not name or name == UNATTRIBUTED:
            colors[name] = NEUTRAL
            continue
        start = zlib.crc32(name.encode("utf-8")) % len(PALETTE)
        order = [PALETTE[(start + step) % len(PALETTE)] for step in range(len(PALETTE))]
        families = {FAMILY.get(color, color) for color in taken}
        free = [color for color in order if color not in taken]
        fresh = [color for color in free if FAMILY.get(color, color) not in families]
        candidate = (fresh or free or order)[0]
        colors[name] = candidate
        taken.add(candidate)
    return colors


SERIES = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442")


def series_color(index):
    """A colour for the n-th series of a chart about something other than parties."""
    return SERIES[index % len(SERIES)]
