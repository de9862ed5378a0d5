"""A step that starts from the certificates on the kiosk's media (renewal, 등록, 인증서 관리).

The list is rescanned while the screen is open, so a USB stick plugged in
now shows up by itself. Subclasses say what picking one means."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.certs.found_certs import (
    USB_PULLED_MESSAGE,
    FoundCertificate,
    ensure_still_there,
    survey,
)
from kiosk.core.i18n import Phrase, easy_mode, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.terminal.media import Medium, UsbChange
from kiosk.visit.session import Session
from screens.base import StepR, StepScreen, held_hint
from screens.guard import contained
from screens.messages import UsbChanged
from screens.questions import EASY_LIST_HINT, Questions, easy_hint

if TYPE_CHECKING:
    from kiosk.bankside.service import BankService


_ROWS = ("found", "password-row")


class MediaCertScreen(StepScreen[StepR]):
    """쉬운 모드 asks the certificate (the list) and its password one at a time: the
    list goes away while the password is asked, the one chosen named above it."""

    HINT = "하드디스크와 USB에서 찾은 인증서입니다."
    NEEDS_PASSWORD = True
    # 쉬운 모드's two questions, in the catalog under the step's name.
    QUESTIONS: Questions | None = None
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.found: list[FoundCertificate] = []
        self.selected: FoundCertificate | None = None

    def compose_body(self) -> ComposeResult:
        self.survey = survey(self.terminal.media)
        self.found = self.survey.found
        if self.asks_one_by_one:
            yield Questions.line()
        yield OptionList(*self._options(), id="found")
        yield Static(tr(self.HINT), classes="hint", id="open-hint")
        if self.asks_one_by_one:
            yield Static("", id="picked", classes="picked")
        with Horizontal(classes="row", id="password-row"):
            yield Label(tr("인증서 비밀번호"), classes="field-label")
            yield Input(id="cert-password", password=True, max_length=56)
        if self.asks_one_by_one:
            yield Static("", id="easy-hint", classes="hint")
        else:
            yield held_hint()

    @property
    def asks_one_by_one(self) -> bool:
        """쉬운 모드, where the list is followed by a password."""
        return easy_mode() and self.NEEDS_PASSWORD and self.QUESTIONS is not None

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> dt.datetime:
        # The bank's date, against which the list says what has expired.
        return bank.now()

    def _options(self) -> list[Option]:
        from kiosk.npki.crl import status_from_crls

        now = cast(dt.datetime, self.known)
        data_dir = self.terminal.data_dir
        options = []
        for n, found in enumerate(self.found, 1):
            # As a relying party sees it: the issuer's published CRL.
            status = status_from_crls(data_dir, found.info.certificate)
            revoked = status is not None and status.revoked
            options.append(Option(f"{n}. {found.list_label(now, revoked=revoked)}", id=str(n)))
        return options

    def on_mount(self) -> None:
        self.refresh_language()
        self.query_one(OptionList).focus()
        self._tell_about_media()
        self.set_interval(2.0, self._rescan)

    def _tell_about_media(self) -> None:
        """What the customer should know about the media, most urgent first."""
        problem = self.survey.problem()
        if problem is not None:
            self.show_refusal(problem)
        elif not self.found:
            self.show_error(
                "저장매체에서 인증서를 찾지 못했습니다. USB를 연결해 주세요.",
                RefusalCode.NO_CERT_FOUND,
            )
        elif len(self.survey.on(Medium.USB)) > 1:
            self.show_info(
                Phrase(
                    "USB에 인증서가 {count}개 있습니다. 사용할 인증서의 번호를 눌러 주세요.",
                    count=len(self.survey.on(Medium.USB)),
                )
            )
        else:
            self.clear_message()

    def on_screen_resume(self) -> None:
        self._rescan()  # the stick may have come or gone while a later step was on show

    def on_usb_changed(self, message: UsbChanged) -> None:
        """The stick came or went: the list follows at once."""
        self._rescan()
        selected = self.selected
        if (
            message.change is UsbChange.PULLED
            and selected is not None
            and selected.medium is Medium.USB
        ):
            self._unselect()
            self.show_error(USB_PULLED_MESSAGE, RefusalCode.USB_PULLED)

    def refresh_language(self, *, say: bool = False) -> None:
        asking = self.NEEDS_PASSWORD and self.selected is not None
        if self.asks_one_by_one:
            self._ask(1 if asking else 0, say=say)
            return
        self.query_one("#password-row").display = asking
        self.hold_list(asking)
        if asking:
            self.query_one("#cert-password", Input).focus()

    def _ask(self, question: int, *, say: bool) -> None:
        """쉬운 모드: the list, or the password of the certificate chosen from it."""
        assert self.QUESTIONS is not None
        self.QUESTIONS.show(self, _ROWS, question, say=say)
        on_list = question == 0
        self.query_one("#open-hint").display = on_list
        picked = self.query_one("#picked", Static)
        picked.display = not on_list
        if self.selected is not None:
            index = self.found.index(self.selected) if self.selected in self.found else None
            label = (
                str(self.query_one(OptionList).get_option_at_index(index).prompt)
                if index is not None
                else self.selected.info.owner_name
            )
            picked.update(tr("고르신 인증서: {label}", label=label.split(". ", 1)[-1]))
        self.query_one("#easy-hint", Static).update(tr(EASY_LIST_HINT) if on_list else easy_hint())

    def _unselect(self, *, say: bool = False) -> None:
        """No certificate chosen: the list, not the password field, takes the keys."""
        self.selected = None
        self.query_one("#cert-password", Input).value = ""
        self.refresh_language(say=say)

    def back_inside(self) -> bool:
        if self.selected is None or not self.NEEDS_PASSWORD:
            return False
        self.clear_message()
        self._unselect(say=True)
        return True

    @contained
    def _rescan(self) -> None:
        now = survey(self.terminal.media)
        if now == self.survey:
            return
        self.survey, self.found = now, now.found
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(self._options())
        if self.selected is None:
            self._tell_about_media()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if self.query_one("#cert-password", Input).has_focus or index >= len(self.found):
            return
        found, media = self.found[index], self.terminal.media

        def check() -> None:
            ensure_still_there(found, media)
            self.check_on_sight(found)

        self.call_bank(check, lambda _: self._sighted(found), self._refused_on_sight)

    def _refused_on_sight(self, refused: Refused) -> None:
        self._unselect()
        self.refused_on_sight(refused)

    def _sighted(self, found: FoundCertificate) -> None:
        self.selected = found
        self.clear_message()
        if not self.NEEDS_PASSWORD:
            self._pick(found, None)
            return
        self.query_one("#cert-password", Input).value = ""
        self.refresh_language(say=True)

    @on(Input.Submitted, "#cert-password")
    def _password_submitted(self, event: Input.Submitted) -> None:
        if self.selected is None:
            return
        self._pick(self.selected, event.value, event.input)

    def _pick(
        self, found: FoundCertificate, password: str | None, field: Input | None = None
    ) -> None:
        media = self.terminal.media

        def pick() -> StepR:
            ensure_still_there(found, media)
            return self.picked(found, password)

        def refused(refusal: Refused) -> None:
            if field is not None:
                field.value = ""
            self.show_refusal(refusal)

        self.call_bank(pick, self.finish, refused)

    # --- what subclasses decide ------------------------------------------------

    def check_on_sight(self, found: FoundCertificate) -> None:
        """Refuse (a Refused) what is wrong before any password is asked. Runs in a
        thread (it may ask the bank): touches no widget."""

    def refused_on_sight(self, refused: Refused) -> None:
        self.show_refusal(refused)

    def picked(self, found: FoundCertificate, password: str | None) -> StepR:
        """The customer chose `found` (and typed its password, if NEEDS_PASSWORD):
        the step's result, or a Refused. Runs in a thread (it may ask the bank, and
        opening a key stretches its password): touches no widget."""
        raise NotImplementedError
