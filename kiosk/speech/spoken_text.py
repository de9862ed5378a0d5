"""What may be said aloud. A kiosk speaks in a public place: what it reads out
must not give away what the screen itself keeps from bystanders."""

from __future__ import annotations

import re

# A resident or alien registration number, whole (13 digits, with or without the
# hyphen): never spoken, even if some screen showed it.
_WHOLE_RRN = re.compile(r"\b\d{6}-?[1-8]\d{6}\b")
# The masked form the kiosk shows ("850315-1******"): the stars are not read one
# by one, they are said to be hidden.
_MASK = re.compile(r"\*{2,}")
# Box drawing, arrows and markers the screen uses for layout, not words.
_DECORATION = re.compile(r"[─-╿▶▷►→←↑↓•·⚠✔✓✗›⏱]+")
_SPACES = re.compile(r"\s+")
# A Korean name in brackets after its English one ("KFTC (금융결제원)"): an English
# voice cannot read Hangul, and the English name has said it already.
_HANGUL_GLOSS = re.compile(r"\s*\((?=[^()]*[\uac00-\ud7a3])[^()]*\)")


def speakable(text: str, *, hidden: str = "비공개", english: bool = False) -> str:
    """`text` as it may be spoken: whole resident numbers and masked parts said as
    hidden (`hidden` is that word in the visit's language), layout marks dropped;
    for an `english` voice, Korean glosses in brackets dropped too."""
    if english:
        text = _HANGUL_GLOSS.sub("", text)
    text = _WHOLE_RRN.sub(hidden, text)
    text = _MASK.sub(f" {hidden} ", text)
    text = _DECORATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
