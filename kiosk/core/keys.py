"""Keys named in the domain's words: "{key_for[call_staff]:을/를} 눌러 직원을 호출해
주세요" names the key that calls staff on this kiosk, not the one it shipped with.

kiosk.toml `[bindings]` moves keys by binding id (a keypad without F9 calls staff
with another key) and the browser room adds its own (kiosk/terminal/browser_keys.py),
but the domain knows neither: it names a key by its binding id, and the screen
layer, which knows the active keymap, installs the namer that `tr` asks when the
words are shown (so a message kept on screen names the right key again after F4).

In Korean a particle follows the key's name as it is read ("F9를", "F6을", "F7로"),
so a key field takes the particle as its format: `{key_for[phone]:으로/로}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

# The field a template names a key with: `{key_for[BINDING_ID]}`.
KEY_FIELD = "key_for"

# Each binding id's key as the kiosk ships it, written as hints write keys
# (screens/key_names.py `written`; tests/unit/test_key_names.py holds them to the
# screens' bindings): what the words say where no kiosk installed a namer.
USUAL_KEYS: dict[str, str] = {
    "home": "F1",
    "back": "Esc",
    "trainer": "F2",
    "usb": "F3",
    "language": "F4",
    "easy": "F5",
    "again": "F5",
    "show_input": "F6",
    "other_way": "F6",
    "phone": "F7",
    "skip_time": "F8",
    "call_staff": "F9",
    "operator": "F10",
    "contrast": "F11",
    "large_text": "F12",
    "help": "Ctrl+G",
    "quit": "Ctrl+Q",
    "voice": "Ctrl+S",
    "voice_replay": "Ctrl+R",
    "voice_stop": "Ctrl+X",
    "voice_louder": "Ctrl+↑",
    "voice_softer": "Ctrl+↓",
    "voice_faster": "Ctrl+→",
    "voice_slower": "Ctrl+←",
}

# A binding id → the key's name, as the words should write it.
KeyNamer: TypeAlias = Callable[[str], str]


def _usual(binding_id: str) -> str:
    return USUAL_KEYS[binding_id]


# One kiosk per process, as the language (kiosk/core/i18n.py).
_namer: KeyNamer = _usual


def set_key_namer(namer: KeyNamer | None) -> None:
    """The screen layer's namer for the active keymap (None: the usual keys again)."""
    global _namer
    _namer = namer or _usual


def key_named(binding_id: str) -> str:
    """The name of the key that does `binding_id` on this kiosk now."""
    if binding_id not in USUAL_KEYS:
        raise LookupError(f"no key is bound to {binding_id!r}")
    return _namer(binding_id)


# How a key's name ends when read aloud in Korean: "F9" is 에프구 (a vowel), "F6"
# 에프육 (a consonant), "F7" 에프칠 (ㄹ, after which 으로 is 로).
_VOWEL, _CONSONANT, _RIEUL = "vowel", "consonant", "rieul"
_DIGITS = {
    "0": _CONSONANT,  # 영
    "1": _RIEUL,  # 일
    "2": _VOWEL,  # 이
    "3": _CONSONANT,  # 삼
    "4": _VOWEL,  # 사
    "5": _VOWEL,  # 오
    "6": _CONSONANT,  # 육
    "7": _RIEUL,  # 칠
    "8": _RIEUL,  # 팔
    "9": _VOWEL,  # 구
}
# Letters as their English names are read: 엘, 알 end in ㄹ; 엠, 엔 in a consonant.
_LETTERS = {"l": _RIEUL, "r": _RIEUL, "m": _CONSONANT, "n": _CONSONANT}
_WORDS = {
    "tab": _CONSONANT,  # 탭
    "home": _CONSONANT,  # 홈
    "del": _RIEUL,  # 델
    "pgup": _CONSONANT,  # 페이지업
    "pgdn": _CONSONANT,  # 페이지다운
    "←": _CONSONANT,  # 왼쪽
    "→": _CONSONANT,  # 오른쪽
    "esc": _VOWEL,
    "enter": _VOWEL,
    "space": _VOWEL,
    "backspace": _VOWEL,
    "ins": _VOWEL,
    "end": _VOWEL,
    "↑": _VOWEL,  # 위
    "↓": _VOWEL,  # 아래
}


# Hangul syllables, 가 to 힣: 19 initials × 21 vowels × 28 finals (0: none, 8: ㄹ).
_SYLLABLES = (0xAC00, 0xD7A3)


def _ending(name: str) -> str | None:
    """How `name` ends when read; None when the kiosk cannot tell."""
    # "F6(Alt+O)": a key named with its room key is read by the key before it.
    last = name.split("(")[0].split("+")[-1].strip()
    if not last:
        return None
    digits = last[len(last.rstrip("0123456789")) :]
    if digits:
        # F10 is 에프십; 20 would be 이십.
        return _CONSONANT if digits.endswith("0") and digits != "0" else _DIGITS[digits[-1]]
    if len(last) == 1 and last.isascii() and last.isalpha():
        return _LETTERS.get(last.lower(), _VOWEL)
    if _SYLLABLES[0] <= ord(last[-1]) <= _SYLLABLES[1]:
        final = (ord(last[-1]) - _SYLLABLES[0]) % 28  # the syllable's final consonant
        return _VOWEL if final == 0 else _RIEUL if final == 8 else _CONSONANT
    return _WORDS.get(last.lower())


def with_particle(name: str, pair: str) -> str:
    """`name` followed by the one of `pair` ("을/를", "이/가", "은/는", "과/와",
    "으로/로") that reads after it; both, as Korean writes an unknown word's
    ("을(를)", "(으)로"), when how it ends is not known."""
    after_consonant, _, after_vowel = pair.partition("/")
    if not after_consonant or not after_vowel:
        raise ValueError(f"a particle is written as a pair (consonant/vowel), not {pair!r}")
    ending = _ending(name)
    # 으로/로: the one pair whose consonant form is the vowel form with a syllable
    # before it, and which ㄹ takes as a vowel ("F7로").
    linking = after_consonant[: -len(after_vowel)] if after_consonant.endswith(after_vowel) else ""
    if ending is None:
        if linking:
            return name + "(" + linking + ")" + after_vowel
        return name + after_consonant + "(" + after_vowel + ")"
    if ending == _VOWEL or (linking and ending == _RIEUL):
        return name + after_vowel
    return name + after_consonant


class KeyName(str):
    """A key's name in a template: its format (`{key_for[back]:을/를}`) is the
    particle that follows it in Korean."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return with_particle(str(self), spec) if spec else str(self)


class BoundKeys:
    """What `{key_for[...]}` looks up: the key this kiosk has for a binding id."""

    def __getitem__(self, binding_id: str) -> KeyName:
        return KeyName(key_named(binding_id))
