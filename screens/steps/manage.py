"""인증서 관리: pick a certificate on a medium, then view, change its password, copy or delete."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Never, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.certs import cert_files
from kiosk.certs.cert_files import CopyExists, FileAction, FileOutcome
from kiosk.certs.found_certs import FoundCertificate, unlock
from kiosk.core.i18n import Phrase, easy_mode, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.factors.password_rules import broken_rules
from kiosk.terminal.media import Medium
from kiosk.visit.flows import Service, Step
from kiosk.visit.results import CertificateFound, FilesChanged, Home
from kiosk.visit.session import Session
from screens.base import StepR, StepScreen
from screens.questions import BackAQuestion, Questions, easy_hint
from screens.steps.media_certs import MediaCertScreen
from screens.widgets.frame import pad

if TYPE_CHECKING:
    from kiosk.bankside.service import BankService

_HINTS = {
    Service.CERT_VIEW: "정보를 볼 인증서를 선택하세요.",
    Service.CERT_PASSWORD: "비밀번호를 바꿀 인증서를 선택하세요.",
    Service.CERT_COPY: "다른 저장매체로 복사할 인증서를 선택하세요.",
    Service.CERT_DELETE: "저장매체에서 삭제할 인증서를 선택하세요.",
    Service.CERT_EXPORT: "휴대폰으로 보낼 인증서를 선택하고 비밀번호를 입력하세요.",
}


class PickFileScreen(MediaCertScreen[CertificateFound]):
    STEP = Step.PICK_FILE
    TITLE_TEXT = "인증서 선택"
    NEEDS_PASSWORD = False
    # 쉬운 모드, for 복사 and 휴대폰으로 보내기 (the others ask no password here).
    QUESTIONS = Questions("pick_file", {"found": "cert", "password-row": "password"})

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        # 복사 puts the key on another medium: only its owner, who knows the
        # password, may take it (seed 003); the others ask it on their own screen
        # or need none (보기, 삭제 of files on the kiosk in front of the customer).
        self.NEEDS_PASSWORD = session.service in (Service.CERT_COPY, Service.CERT_EXPORT)

    def refresh_language(self, *, say: bool = False) -> None:
        super().refresh_language(say=say)
        service = self.session.service
        if service is not None and self.found:
            self.query_one("#open-hint", Static).update(tr(self.HINT) + " " + tr(_HINTS[service]))

    def picked(self, found: FoundCertificate, password: str | None) -> CertificateFound:
        if self.NEEDS_PASSWORD:
            assert password is not None
            unlock(found, password, self.session.password_attempts)  # Refused if wrong
        return CertificateFound(found)


class _FoundScreen(StepScreen[StepR]):
    @property
    def chosen(self) -> FoundCertificate:
        found = self.session.files.found
        assert found is not None
        return found

    def summary(self) -> str:
        info = self.chosen.info
        return (
            tr(
                "인증서    {owner} · {product} ({ca})",
                owner=info.owner_name,
                product=info.product_name or "알 수 없는 용도",
                ca=self.chosen.ca_label,
            )
            + "\n"
            + tr(
                "만료일    {expires}   저장위치 {medium}",
                expires=f"{info.not_after:%Y-%m-%d}",
                medium=self.chosen.medium.label,
            )
        )


class CertDetailsScreen(_FoundScreen[Never]):
    STEP = Step.CERT_DETAILS
    TITLE_TEXT = "인증서 정보"
    BINDINGS = [Binding("enter", "finish", "처음으로")]

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> dt.datetime:
        return bank.now()  # the bank's date: what has expired is said against it

    def compose_body(self) -> ComposeResult:
        now = cast(dt.datetime, self.known)
        rows = cert_files.details(self.chosen, now, self.terminal.data_dir)
        yield Static("\n".join(f"{pad(row.label, 14)}{row.value}" for row in rows), id="details")
        yield Static(
            tr("Enter를 누르면 처음 화면으로, Esc를 누르면 목록으로 돌아갑니다."), classes="hint"
        )

    def action_finish(self) -> None:
        self.end(Home())


_CHANGE_ROWS = ("old-row", "new-row", "new-confirm-row")


class ChangePasswordScreen(BackAQuestion, _FoundScreen[FilesChanged]):
    """쉬운 모드 asks the password in use, the new one and the new one again one at a
    time; a refusal takes the customer to the question it is about."""

    STEP = Step.CHANGE_PASSWORD
    TITLE_TEXT = "현재 비밀번호와 새 비밀번호를 입력해 주세요"
    BINDINGS = [Binding("f6", "toggle_show", "입력 보기", id="show_input")]
    QUESTIONS = Questions(
        "change_password", {"old-row": "old", "new-row": "new", "new-confirm-row": "confirm"}
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.question = 0  # 쉬운 모드: which of the three is on show

    def compose_body(self) -> ComposeResult:
        yield Static(self.summary(), id="summary")
        if easy_mode():
            yield Questions.line()
        with Horizontal(classes="row", id="old-row"):
            yield Label(tr("현재 비밀번호"), classes="field-label")
            yield Input(id="old-password", password=True, max_length=56)
        yield Static(
            tr("새 비밀번호: 10자리 이상, 영문·숫자·특수문자 포함 (' \" ₩ \\ | 제외)"),
            classes="hint",
        )
        with Horizontal(classes="row", id="new-row"):
            yield Label(tr("새 비밀번호"), classes="field-label")
            yield Input(id="new-password", password=True, max_length=56)
        with Horizontal(classes="row", id="new-confirm-row"):
            yield Label(tr("새 비밀번호 확인"), classes="field-label")
            yield Input(id="new-confirm", password=True, max_length=56)
        if easy_mode():
            yield Static(easy_hint(), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#old-password", Input).focus()
        self.refresh_language()

    def refresh_language(self) -> None:
        if easy_mode():
            self.QUESTIONS.show(self, _CHANGE_ROWS, self.question, say=False)

    def _ask(self, question: int, *, say: bool = True) -> None:
        self.question = question
        self.QUESTIONS.show(self, _CHANGE_ROWS, question, say=say)

    def action_toggle_show(self) -> None:
        for field in self.query(Input):
            field.password = not field.password
        shown = not self.query_one("#old-password", Input).password
        self.show_info("비밀번호가 화면에 보입니다. 주변을 확인하세요." if shown else "")
        self.refresh_bindings()  # the key bar names F6 for what it does now

    @on(Input.Submitted, "#old-password")
    def _old_done(self) -> None:
        if easy_mode():
            self.clear_message()
            self._ask(1)
        else:
            self.query_one("#new-password", Input).focus()

    @on(Input.Submitted, "#new-password")
    def _new_done(self) -> None:
        if not easy_mode():
            self.query_one("#new-confirm", Input).focus()
            return
        # 쉬운 모드: a rule the new password breaks is said on its own question.
        broken = broken_rules(self.query_one("#new-password", Input).value)
        if broken:
            self.show_error(
                Phrase.joined(" / ", (rule.phrase for rule in broken)), RefusalCode.PASSWORD_RULE
            )
            return
        self.clear_message()
        self._ask(2)

    @on(Input.Submitted, "#new-confirm")
    def submit(self) -> None:
        found, attempts = self.chosen, self.session.password_attempts
        old, new, confirm = (
            self.query_one(f"#{name}", Input).value
            for name in ("old-password", "new-password", "new-confirm")
        )
        # Opening the key and sealing it again under the new password (a key derived
        # from each, 2048 rounds apiece) in a thread: the screen says 잠시만 기다려
        # 주세요 and keeps its keys.
        self.call_bank(
            lambda: cert_files.change_password(found, old, new, confirm, attempts),
            lambda _: self._changed(),
            self._change_refused,
        )

    def _change_refused(self, refused: Refused) -> None:
        old = self.query_one("#old-password", Input)
        new = self.query_one("#new-password", Input)
        wrong_old = refused.code in (
            RefusalCode.CERT_PASSWORD_WRONG,
            RefusalCode.CERT_PASSWORD_LOCKED,
        )
        if easy_mode():
            # Said on the question it is about: the password in use, or the new one.
            self._ask(0 if wrong_old else 1, say=False)
        self.show_refusal(refused)
        (old if wrong_old else new).focus()
        if wrong_old:
            old.value = ""
        else:
            new.value = self.query_one("#new-confirm", Input).value = ""

    def _changed(self) -> None:
        info = self.chosen.info
        self.finish(
            FilesChanged(
                FileOutcome(
                    FileAction.PASSWORD_CHANGED, info.serial, info.directory, self.chosen.medium
                )
            )
        )


class CopyScreen(_FoundScreen[FilesChanged]):
    STEP = Step.COPY_TARGET
    TITLE_TEXT = "복사할 매체 — 어디로 복사할까요?"
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 3)]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.pending: Medium | None = None  # destination waiting for "overwrite?"

    @property
    def targets(self) -> list[Medium]:
        return [medium for medium in Medium if medium is not self.chosen.medium]

    def compose_body(self) -> ComposeResult:
        yield Static(self.summary(), id="summary")
        yield OptionList(
            *(self._target_options() if self.pending is None else self._overwrite_options()),
            id="targets",
        )
        yield Static(
            tr("USB는 {key_for[usb]:으로/로} 연결·분리합니다(교육용)."),
            classes="hint",
        )

    def _target_options(self) -> list[Option]:
        return [Option(f"{n}. {m.label}", id=m.value) for n, m in enumerate(self.targets, 1)]

    @staticmethod
    def _overwrite_options() -> list[Option]:
        return [
            Option(tr("1. 덮어쓰기"), id="overwrite"),
            Option(tr("2. 복사하지 않음"), id="keep"),
        ]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def refresh_language(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def _ask_overwrite(self, target: Medium) -> None:
        self.pending = target
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._overwrite_options())
        self.show_error(
            Phrase("{medium}에 같은 인증서가 이미 있습니다. 덮어쓸까요?", medium=target.phrase),
            RefusalCode.COPY_EXISTS,
        )

    def _back_to_targets(self) -> None:
        self.pending = None
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._target_options())

    def action_pick(self, index: int) -> None:
        if self.pending is not None:
            target = self.pending
            if index == 0:
                self._copy(target, overwrite=True)
            elif index == 1:
                self._back_to_targets()
                self.show_info("복사하지 않았습니다. 기존 인증서가 그대로 있습니다.")
            return
        if index < len(self.targets):
            self._copy(self.targets[index], overwrite=False)

    def _copy(self, target: Medium, *, overwrite: bool) -> None:
        try:
            destination = cert_files.copy(
                self.chosen, self.terminal.media, target, overwrite=overwrite
            )
        except CopyExists:
            self._ask_overwrite(target)
            return
        except Refused as refused:
            self._back_to_targets()
            self.show_refusal(refused)
            return
        outcome = FileOutcome(
            FileAction.COPIED, self.chosen.info.serial, destination, target, overwritten=overwrite
        )
        self.finish(FilesChanged(outcome))


class DeleteConfirmScreen(_FoundScreen[FilesChanged]):
    STEP = Step.DELETE_CONFIRM
    TITLE_TEXT = "확인 — 이 인증서를 저장매체에서 삭제합니다"
    BINDINGS = [Binding("enter", "delete", "삭제")]

    def compose_body(self) -> ComposeResult:
        yield Static(self.summary(), id="summary")
        yield Static(
            tr(
                "삭제한 인증서 파일은 되살릴 수 없습니다. "
                "다른 매체에 복사본이 없다면 재발급을 받아야 합니다."
            )
            + "\n"
            + tr("삭제는 인증서를 폐기하지 않습니다(분실했다면 폐기를 이용하세요).")
            + "\n"
            + tr("Enter를 누르면 삭제합니다. Esc를 누르면 돌아갑니다."),
            classes="hint",
        )

    def action_delete(self) -> None:
        found = self.chosen
        try:
            cert_files.delete(found)
        except Refused as refused:
            self.show_refusal(refused)
            return
        outcome = FileOutcome(
            FileAction.DELETED, found.info.serial, found.info.directory, found.medium
        )
        self.finish(FilesChanged(outcome))
