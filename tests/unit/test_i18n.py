"""tr(): the visit's language, Korean text as the key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.core.i18n import Language, english_catalog, set_language, tr


@pytest.fixture(autouse=True)
def _korean_after() -> Iterator[None]:
    yield
    set_language(Language.KOREAN)


def test_korean_is_the_text_as_written() -> None:
    assert tr("직원 호출됨") == "직원 호출됨"
    assert tr("남은 시간 {time}", time="1:05") == "남은 시간 1:05"


def test_english_comes_from_the_catalog_with_values_filled_in() -> None:
    set_language(Language.ENGLISH)
    assert tr("직원 호출됨") == english_catalog()["직원 호출됨"] == "Staff called"
    assert tr("남은 시간 {time}", time="1:05") == "Time left 1:05"


def test_values_that_are_messages_are_translated_too() -> None:
    set_language(Language.ENGLISH)
    assert tr("[교육용] USB: {state} ({usb} 연결/분리)", state="연결됨", usb="F3") == (
        "[Training] USB: plugged in (F3 plug/unplug)"
    )


def test_text_missing_from_the_catalog_stays_as_written() -> None:
    set_language(Language.ENGLISH)
    assert tr("김민준") == "김민준"
    assert tr("Already English") == "Already English"


def test_braces_in_a_message_without_values_are_left_alone() -> None:
    set_language(Language.ENGLISH)
    assert tr("{not a template}") == "{not a template}"
