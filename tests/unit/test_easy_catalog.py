"""쉬운 모드's catalog: plain words for real messages, in both languages, and a word
of explanation for every step."""

from __future__ import annotations

import re
import string

from kiosk.core.i18n import Language, easy_catalog, english_catalog
from kiosk.visit.flows import Step
from screens.app import screen_for
from screens.questions import Questions

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_plain_words_and_explanations() -> None:
    korean, english = easy_catalog(Language.KOREAN), easy_catalog(Language.ENGLISH)
    assert set(korean["words"]) == set(english["words"])
    assert set(korean["steps"]) == set(english["steps"])
    assert set(korean["questions"]) == set(english["questions"])


def test_plain_words_replace_real_messages_with_the_same_placeholders() -> None:
    for language in Language:
        for key, plain in easy_catalog(language)["words"].items():
            assert key in english_catalog(), key  # a message the kiosk shows
            assert plain.strip() and plain != key, key
            assert _fields(plain) == _fields(key), key
            assert (language is Language.KOREAN) == bool(HANGUL.search(plain)), plain


def test_every_step_and_the_home_screen_are_explained() -> None:
    for language in Language:
        steps = easy_catalog(language)["steps"]
        assert set(steps) == {step.value for step in Step} | {"home"}
        assert all(text.strip() for text in steps.values())


def test_every_question_asked_one_at_a_time_has_plain_words_in_both_languages() -> None:
    for step in Step:
        screen_for(step)  # every step's screen loaded: their questions are known
    asked = {key for questions in Questions.every for key in questions.catalog_keys()}
    assert {"identity.name", "phone_check.code", "account_check.pin"} <= asked
    for language in Language:
        questions = easy_catalog(language)["questions"]
        assert set(questions) == asked
        for text in questions.values():
            assert (language is Language.KOREAN) == bool(HANGUL.search(text)), text
