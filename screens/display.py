"""Display settings a customer can switch on the home screen: high contrast and large text.

Kept for the visit, back to the defaults when the visit ends (처음으로, a finished
service, a walk-away). A terminal cannot change its glyph size, so large text is
bold, more spacious type with the secondary hints hidden; in the browser room
the page can also be zoomed."""

from __future__ import annotations

from textual.theme import Theme

# Textual's dark theme with the colours that failed 4.5:1 changed (the test in
# tests/ui/test_contrast.py reads every pair the kiosk draws): a darker blue under
# the header and the highlighted choice, a lighter red for errors.
NORMAL = Theme(
    name="kiosk-dark",
    primary="#005a9e",
    secondary="#004578",
    accent="#ffa62b",
    warning="#ffa62b",
    error="#ff6b81",
    success="#4ebf71",
    foreground="#e0e0e0",
    dark=True,
)
HIGH_CONTRAST = Theme(
    name="kiosk-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#1a1a1a",
    dark=True,
    text_alpha=1.0,
)
DEFAULT_THEME = NORMAL.name
LARGE_TEXT_CLASS = "large-text"

# A terminal with a large font is a small terminal: the App carries a class for its
# size, and kiosk.tcss (and services.tcss) lays the screens out again by it (issue #21
# item 6).
NARROW_CLASS = "-narrow"  # under 80×24: 64×20 and the like
TINY_CLASS = "-tiny"  # under 56×18: 40×15 and the like
NARROW_BELOW = (80, 24)
TINY_BELOW = (56, 18)


def size_classes(width: int, height: int) -> dict[str, bool]:
    """Which size classes a terminal of `width`×`height` cells gets."""
    narrow = width < NARROW_BELOW[0] or height < NARROW_BELOW[1]
    tiny = width < TINY_BELOW[0] or height < TINY_BELOW[1]
    return {NARROW_CLASS: narrow or tiny, TINY_CLASS: tiny}
