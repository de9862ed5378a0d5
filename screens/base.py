"""What every step screen shares: the frame, the step indicator, the message line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.worker import Worker, WorkerState

from kiosk.core.i18n import Phrase, current_language, easy_explanation, easy_mode, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.visit.flows import Step
from screens.bank_calls import WAIT_TEXT, call_bank
from screens.guard import Contained, contain
from screens.voice import field_words
from screens.widgets.footer import KioskFooter
from screens.widgets.frame import (
    BankHeader,
    MessageLine,
    ScreenTitle,
    StepIndicator,
    TrainerPanel,
)

if TYPE_CHECKING:
    from kiosk.bankside.service import BankService
    from kiosk.terminal.link import Terminal
    from kiosk.visit.results import Back, Home, StepResult
    from kiosk.visit.session import Session
    from screens.app import KioskApp


P = ParamSpec("P")
R = TypeVar("R")
# What a screen hands back when it is dismissed.
ResultT = TypeVar("ResultT")
# What a step hands the visit machine when it is done (Never: a step that ends the
# visit by itself, as 완료).
StepR = TypeVar("StepR", bound="StepResult")


class Body(Vertical):
    """The screen's words and fields. Where they do not fit it scrolls; whenever its
    height or its content's changes (a row shown, a message taking lines from it)
    it scrolls back to what is being asked (`KioskScreen.keep_in_view`)."""

    # The body's size when it was last laid out: a content change at the same size
    # is one no Resize tells of.
    _sized: Size | None = None

    def on_resize(self, event: events.Resize) -> None:
        self._sized = self.outer_size
        self._keep_asked_in_view()

    def watch_virtual_size(self) -> None:
        # Words above the field growing after it was focused (추가인증's guide,
        # filled in when the bank answers) push it down without resizing the body:
        # no Resize comes, only the content's height changes. When the body's own
        # size changed too, its Resize follows and asks; asking here as well fed a
        # loop of layouts between two terminal sizes (a browser tab resized at start).
        resized = self.outer_size != self._sized
        self._sized = self.outer_size
        if not resized:
            self._keep_asked_in_view()

    def _keep_asked_in_view(self) -> None:
        screen = self.screen
        if isinstance(screen, KioskScreen):
            screen.call_after_refresh(screen.keep_in_view)


class KioskScreen(Screen[ResultT], metaclass=Contained):
    """A full-screen page of the kiosk with header, trainer panel and footer."""

    TITLE_TEXT = ""

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    @property
    def bank(self) -> BankService:
        return self.kiosk.bank

    @property
    def terminal(self) -> Terminal:
        return self.kiosk.terminal

    @property
    def visit(self) -> str:
        """The bank's id of the visit in progress (a step screen is always in one)."""
        visit = self.session.visit
        assert visit is not None
        return visit

    @property
    def session(self) -> Session:
        return self.kiosk.session

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A body that scrolls (a small terminal): the field just focused (often
        # one just shown) comes into view once it has been laid out.
        self.call_after_refresh(self.keep_in_view)
        # The field the focus moved to is said (its label, never its value); the
        # first one is said with the screen itself.
        if getattr(self, "announced", False):
            words = field_words(event.widget)
            if words:
                self.kiosk.say(type(self).__name__, words)

    def on_screen_resume(self) -> None:
        if self.kiosk.moving_on() or not self.is_active:
            return  # shown only between two steps of a service (or covered already)
        # On top now (pushed, or back from a box or a later step): said aloud when
        # the voice is on. After the refresh, so what is said is what is drawn.
        self.call_after_refresh(self.kiosk.announce, self)
        for caption in self.query("#caption").results(Static):
            caption.update(self.kiosk.caption_text())  # a step gone back to: the line as it is now

    def compose(self) -> ComposeResult:
        self.shown_language = current_language()
        self.shown_easy = easy_mode()
        yield BankHeader(id="bank-header")
        yield from self.compose_top()
        with Body(id="body"):
            yield ScreenTitle(self.title_text(), service=self.title_service())
            if easy_mode():
                # 쉬운 모드: what this step is for, in plain words, before what it asks.
                yield Static(self.explanation(), id="easy-explain", classes="hint")
            try:
                yield from self.compose_body()
            except Refused as refused:
                # What the screen needed from the bank did not come: say so here.
                self.call_after_refresh(self.show_refusal, refused)
            except Exception as error:
                where = f"{type(self).__qualname__}.compose_body"
                self.call_after_refresh(self.kiosk.recover, error, where)
        yield MessageLine(id="message")
        caption = Static(self.kiosk.caption_text(), id="caption")
        caption.display = self.kiosk.captions_on
        yield caption
        yield TrainerPanel(id="trainer")
        yield KioskFooter(compact=True)

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        # The body scrolls itself to what is asked (keep_in_view, on focus among
        # other times); Textual's own scroll on focus is an animated centring, worked
        # out before the newly shown rows are laid out, and it would finish after
        # keep_in_view and leave the field a row under the fold.
        in_body = widget is not None and any(a.id == "body" for a in widget.ancestors)
        super().set_focus(widget, scroll_visible and not in_body, from_app_focus)

    def keep_in_view(self) -> None:
        """What is asked now is in view (the body scrolls where it does not fit, as
        on a small terminal): 쉬운 모드's question with its field, or the field or
        list in use with its label; the field itself when both do not fit. Scrolled
        as little as that takes."""
        if not self.is_attached:
            return
        bodies = self.query("#body")
        if not bodies:
            return
        body = bodies.first()
        asked: list[Widget] = [line for line in self.query("#question") if line.display]
        focused = self.focused
        if focused is not None and body in focused.ancestors:
            row = focused
            while row.parent is not body and isinstance(row.parent, Widget):
                row = row.parent
            asked.append(row)
        if not asked:
            return
        region = asked[0].virtual_region_with_margin
        for part in asked[1:]:
            region = region.union(part.virtual_region_with_margin)
        body.scroll_to_region(region, animate=False, immediate=True)
        if focused is not None and body in focused.ancestors:
            focused.scroll_visible(animate=False, immediate=True)

    def title_text(self) -> str:
        return tr(self.TITLE_TEXT)

    def title_service(self) -> str:
        """The service the title names before `title_text` (dropped when it does not fit)."""
        return ""

    def explanation(self) -> str:
        """쉬운 모드's word on what this screen is for."""
        return easy_explanation("home")

    def compose_top(self) -> ComposeResult:
        return
        yield

    def compose_body(self) -> ComposeResult:
        return
        yield

    def show_error(self, message: str | Phrase, code: RefusalCode) -> None:
        self.query_one(MessageLine).error(message)
        self.kiosk.record_refusal(code, message)

    def call_bank(
        self,
        work: Callable[[], R],
        then: Callable[[R], None],
        refused: Callable[[Refused], None] | None = None,
        *,
        look: str | None = None,
        waiting: str | Phrase = WAIT_TEXT,
    ) -> None:
        """The bank (or any slow work: key generation, scrypt) in a thread, so the
        screen keeps drawing and taking F-keys: see screens/bank_calls.py."""
        call_bank(self, work, then, refused, look=look, waiting=waiting)

    def show_refusal(self, refused: Refused) -> None:
        self.show_error(refused.phrase, refused.code)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A worker started any other way: its error comes here instead of ending the App.
        error = event.worker.error
        if event.state is WorkerState.ERROR and isinstance(error, Exception):
            contain(self, error, f"{type(self).__qualname__} worker {event.worker.name}")

    def show_info(self, message: str | Phrase) -> None:
        self.query_one(MessageLine).info(message)

    def clear_message(self) -> None:
        self.query_one(MessageLine).clear()


class VisitScreen(KioskScreen[ResultT]):
    """A screen of a service in progress, given its visit by the App (not looked
    up): it shows what the visit holds when it was pushed, and is testable by itself."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session

    @property
    def session(self) -> Session:
        return self._session


class ServiceBackdrop(VisitScreen[None]):
    """Under a service's step screens, from its start to its end: what shows while
    the service moves on from one step to the next (the bank asked what the next
    one shows) is the service's frame saying 잠시만 기다려 주세요, not the menu."""

    def title_text(self) -> str:
        service = self.session.service
        return "" if service is None else tr(service.label)

    def explanation(self) -> str:
        return ""

    def on_mount(self) -> None:
        self.query_one(MessageLine).hold(WAIT_TEXT)


# Under a field beside a list (see `StepScreen.hold_list`).
HELD_HINT = "목록에서 다시 고르려면 {key_for[back]:을/를} 누르세요."


def held_hint() -> Static:
    hint = Static(classes="hint held-hint")
    hint.update(tr(HELD_HINT))
    hint.display = False
    return hint


# The bank did not answer, or no longer admits this kiosk: no step can go on.
BANK_GONE = (RefusalCode.BANK_UNREACHABLE, RefusalCode.KIOSK_NOT_ADMITTED)


@dataclass(frozen=True)
class StandIn:
    """The same step, shown by another screen from now on (신분증 instead of an
    account at 등록's 본인확인; the phone instead of a forgotten PIN)."""

    screen: StepScreen[Any]


class StepScreen(VisitScreen["StepR | Back | Home | StandIn"], Generic[StepR]):
    """A screen that is one step of a service's flow. The App's service runner
    pushes it and waits (`push_screen_wait`); the step ends by dismissing itself
    with what it got (`finish`), or with Back or Home, and never chooses the next
    step itself: the visit machine does (kiosk/visit/machine.py). Each screen
    declares the one result it produces (`StepScreen[IdentityVerified]`), so mypy
    checks what it hands back; the machine checks it again when it takes it."""

    STEP: Step
    # Set while the bank works on this step's request: 이전 cannot abandon it halfway.
    busy = False
    # What `ask_bank` answered, handed over before the screen is composed.
    known: Any = None

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> object:
        """What this step shows that only the bank knows (the customer's accounts,
        certificates, the bank's date), asked in a thread before the screen is
        pushed (KioskApp._step_screen) and kept as `known`: compose asks nothing.
        Runs in a thread: reads `session`, touches no widget."""
        return None

    def show_error(self, message: str | Phrase, code: RefusalCode) -> None:
        if code in BANK_GONE:
            self.kiosk.bank_gone(message, code)
            return
        super().show_error(message, code)

    def title_service(self) -> str:
        service = self.session.service
        return service.label if service is not None else ""

    def explanation(self) -> str:
        return easy_explanation((self.session.step or self.STEP).value)

    def compose_top(self) -> ComposeResult:
        # The session's step, not STEP: a screen can stand in for another step
        # (신분증 instead of an account at 등록's 본인확인).
        yield StepIndicator(self.session.steps, self.session.step or self.STEP, id="steps")

    def back_inside(self) -> bool:
        """이전 pressed: True when the screen took it itself (a field next to a list
        gives the list back) rather than leaving the step."""
        return False

    def key_label(self, action: str, description: str) -> str:
        """F6 says what it will do now: show the password, or hide it again."""
        if action == "toggle_show" and any(
            not field.password for field in self.query(Input) if field.id and "password" in field.id
        ):
            return "입력 숨기기"
        return description

    def hold_list(self, held: bool) -> None:
        """While a password or code is keyed, the list beside it is dimmed and takes
        no keys: a digit typed then belongs to the field, and the customer can see
        it does (Esc gives the list back)."""
        for option_list in self.query(OptionList):
            option_list.disabled = held
        for hint in self.query(".held-hint"):
            hint.display = held
        if not held:
            for option_list in self.query(OptionList):
                option_list.focus()
                break

    def finish(self, result: StepR) -> None:
        """This step is done: its result goes to the visit machine, which decides
        what comes next (screens never choose, and never write the visit)."""
        self.clear_message()
        self.end(result)

    def end(self, ended: StepR | Back | Home | StandIn) -> None:
        """Dismiss this step with `ended`, for the service runner (KioskApp.run_service)."""
        app = self.app
        if self not in app.screen_stack:
            return  # a step already left (이전, 처음으로): its late answer is for nobody
        while app.screen is not self:
            app.pop_screen()  # the trainee's phone (a box) closes when the kiosk moves on
        self.dismiss(ended)
