"""쉬운 모드's one question per screen (issue #21): a screen that asks several things
at once shows them one at a time, each under a line saying which question of how
many it is and what it asks, in the plain words of the easy catalog's [questions].

The screen keeps which question is on show and what comes next (its rules stay its
own); this only shows the one row, words it, focuses its field and says it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.widgets import Input, OptionList, RadioSet, Static

from kiosk.core.i18n import easy_mode, easy_question, tr

if TYPE_CHECKING:
    from screens.base import KioskScreen

# Under the question: how to answer it and how to go back a question.
EASY_HINT = "다 쓰셨으면 Enter를 누르세요. 앞 질문으로 돌아가려면 {key_for[back]:을/를} 누르세요."


def easy_hint() -> str:
    """EASY_HINT naming the key that goes back on this kiosk (kiosk.toml [bindings]),
    with the particle that reads after it."""
    return tr(EASY_HINT)


# Under a list asked as a question of its own.
EASY_LIST_HINT = "번호를 누르거나, ↑ ↓ 로 고르고 Enter를 누르세요."


class Questions:
    """The rows of one screen that 쉬운 모드 asks one by one."""

    # Every screen's questions, so a test can check the catalog has words for each.
    every: ClassVar[list[Questions]] = []

    def __init__(self, step: str, rows: Mapping[str, str]) -> None:
        """`rows`: each row's widget id → its question's name in the catalog, where
        it is `step.name`."""
        self.step = step
        self.rows = dict(rows)
        Questions.every.append(self)

    def catalog_keys(self) -> list[str]:
        return [f"{self.step}.{name}" for name in self.rows.values()]

    def words(self, row: str) -> str:
        return easy_question(f"{self.step}.{self.rows[row]}")

    @staticmethod
    def line() -> Static:
        """Where the question is written (composed in 쉬운 모드 only)."""
        return Static("", id="question", classes="question")

    def show(
        self, screen: KioskScreen[Any], asked: Sequence[str], index: int, *, say: bool = True
    ) -> None:
        """On `screen`, only the row `asked[index]` of these rows, its question above
        it and its field focused; said aloud when `say`, as a new screen is (the
        first question is said with the screen itself)."""
        on_show = asked[index]
        for row in self.rows:
            for widget in screen.query(f"#{row}"):
                widget.display = row == on_show
        line = screen.query_one("#question", Static)
        line.display = True
        line.update(
            tr(
                "질문 {number}/{count} — {question}",
                number=index + 1,
                count=len(asked),
                question=self.words(on_show),
            )
        )
        if say:
            screen.kiosk.say(type(screen).__name__, str(line.render()))
        shown = screen.query_one(f"#{on_show}")
        # A row is a field with its label, or a list to choose from by itself.
        if isinstance(shown, (Input, RadioSet, OptionList)):
            shown.focus()
        elif fields := shown.query("Input, RadioSet, OptionList"):
            fields.first().focus()
        # The question and its field in view together, on a terminal that scrolls.
        screen.call_after_refresh(screen.keep_in_view)

    def hide(self, screen: KioskScreen[Any]) -> None:
        """No question on show (a list to choose from comes first)."""
        for row in self.rows:
            for widget in screen.query(f"#{row}"):
                widget.display = False
        screen.query_one("#question", Static).display = False


class BackAQuestion:
    """For a step screen that keeps `question` and shows one with `_ask` (listed
    first among its bases, before the screen class): in 쉬운 모드 Esc goes back a
    question, and from the first out of the step."""

    question: int

    if TYPE_CHECKING:

        def clear_message(self) -> None: ...

        def _ask(self, question: int) -> None: ...

    def back_inside(self) -> bool:
        if not easy_mode() or self.question == 0:
            return False
        self.clear_message()
        self._ask(self.question - 1)
        return True
