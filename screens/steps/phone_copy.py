"""인증서 관리 with the customer's smartphone: 휴대폰으로 내보내기 (the phone shows
an 인증번호, the customer keys it here) and 휴대폰에서 가져오기 (this kiosk shows
one, the customer keys it on the phone). The files travel sealed through the
bank's relay (kiosk/bankside/copy_relay.py, kiosk/certs/phone_copy.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.bankside.copy_relay import CopyTicket, split_code
from kiosk.certs.cert_files import FileAction, FileOutcome
from kiosk.certs.found_certs import ensure_still_there
from kiosk.certs.phone_copy import CertificateFiles, open_sealed, seal
from kiosk.core.i18n import tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.npki import reader
from kiosk.terminal.media import MediaBay, Medium, UsbChange
from kiosk.visit.flows import Step
from kiosk.visit.results import FilesChanged
from screens.base import StepScreen
from screens.guard import contained
from screens.key_names import key_name
from screens.messages import UsbChanged
from screens.steps.manage import _FoundScreen

_MEDIA = (Medium.HARD_DISK, Medium.USB)


class ExportToPhoneScreen(_FoundScreen[FilesChanged]):
    STEP = Step.PHONE_EXPORT
    TITLE_TEXT = "휴대폰에 보이는 인증번호를 입력해 주세요"

    def compose_body(self) -> ComposeResult:
        yield Static(self.summary(), id="summary")
        yield Static(
            tr("휴대폰 은행 앱에서 '인증서 가져오기'를 누르면 인증번호 16자리(8+8)가 나옵니다.")
            + "\n"
            + tr(
                "보내면 이 인증서가 휴대폰에도 저장되어 휴대폰에서 같은 비밀번호로 쓸 수 "
                "있습니다. 키오스크의 인증서는 그대로 남습니다."
            ),
            classes="hint",
            id="export-guide",
        )
        with Horizontal(classes="row"):
            yield Label(tr("인증번호"), classes="field-label")
            yield Input(id="copy-code", max_length=24)
        yield Static(
            tr("Enter를 누르면 보냅니다. {phone}: 휴대폰(교육용)", phone=key_name(self, "phone")),
            classes="hint",
        )

    def on_mount(self) -> None:
        self.query_one("#copy-code", Input).focus()

    def refresh_language(self) -> None:
        self.query_one("#copy-code", Input).focus()

    @on(Input.Submitted, "#copy-code")
    def send(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        code = event.value
        found = self.chosen
        try:
            relay_id, secret = split_code(code)
            ensure_still_there(found, self.terminal.media)  # a stick pulled since it was picked
            files = CertificateFiles.read(found.info.directory)
        except Refused as refused:
            self._refused(refused)
            return
        self.busy = True
        bank = self.bank

        def work() -> None:
            bank.copy_send(code, seal(files, secret, relay_id))

        self.call_bank(
            work, lambda _: self._sent(), self._refused, waiting="휴대폰으로 보내는 중입니다…"
        )

    def _refused(self, refused: Refused) -> None:
        self.busy = False
        field = self.query_one("#copy-code", Input)
        field.value = ""
        field.focus()
        self.show_refusal(refused)

    def _sent(self) -> None:
        self.busy = False
        info = self.chosen.info
        self.finish(
            FilesChanged(
                FileOutcome(FileAction.EXPORTED, info.serial, info.directory, self.chosen.medium)
            )
        )


class ImportFromPhoneScreen(StepScreen[FilesChanged]):
    STEP = Step.PHONE_IMPORT
    TITLE_TEXT = "휴대폰에서 가져온 인증서를 저장할 곳을 선택해 주세요"
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(_MEDIA) + 1)]

    def __init__(self, session: object) -> None:
        super().__init__(session)  # type: ignore[arg-type]
        self.ticket: CopyTicket | None = None
        self.target: Medium | None = None
        self.bank_now: dt.datetime | None = None  # the bank's time, as it last said

    def compose_body(self) -> ComposeResult:
        yield OptionList(*self._options(), id="media")
        yield Static(
            tr(
                "같은 인증서가 이미 있으면 휴대폰에서 받은 것으로 바뀝니다. "
                "USB에 저장할 때는 끝날 때까지 USB를 뽑지 마세요."
            ),
            classes="hint",
        )
        yield Static("", id="import-code")
        yield Static("", id="import-guide", classes="hint")

    def _options(self) -> list[Option]:
        options = []
        for n, medium in enumerate(_MEDIA, 1):
            state = ""
            if medium is Medium.USB:
                present = self.terminal.media.is_present(medium)
                state = " " + (tr("(연결됨)") if present else tr("(연결 안 됨)"))
            options.append(Option(f"{n}. {medium.label}{state}", id=medium.value))
        return options

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.set_interval(0.5, self.tick)
        self._show_ticket()

    def refresh_language(self) -> None:
        self._show_ticket()

    def on_usb_changed(self, message: UsbChanged) -> None:
        option_list = self.query_one(OptionList)
        for option in self._options():
            assert option.id is not None
            option_list.replace_option_prompt(option.id, option.prompt)
        if message.change is UsbChange.PULLED and self.target is Medium.USB and self.ticket:
            self.show_error(
                "USB가 분리되었습니다. 다시 연결하지 않으면 휴대폰에서 받은 인증서를 저장할 수 "
                "없습니다.",
                RefusalCode.USB_PULLED,
            )
        elif message.change is UsbChange.INSERTED:
            self.clear_message()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if self.ticket is not None or self.busy:
            return  # a number is on show: it is for the medium already chosen
        medium = _MEDIA[index]
        refused = self.terminal.media.write_refusal(medium)
        if refused is not None:
            self.show_error(refused.phrase, refused.code)
            return
        self.target = medium
        self.busy = True
        bank = self.bank
        self.call_bank(lambda: (bank.copy_receive(), bank.now()), self._waiting, self._refused)

    def _waiting(self, received: tuple[CopyTicket, dt.datetime]) -> None:
        self.busy = False
        self.ticket, self.bank_now = received
        self.clear_message()
        self._show_ticket()

    def _refused(self, refused: Refused) -> None:
        self.busy = False
        self.ticket = None
        self._show_ticket()
        self.show_refusal(refused)

    def _show_ticket(self) -> None:
        ticket = self.ticket
        code = self.query_one("#import-code", Static)
        guide = self.query_one("#import-guide", Static)
        self.query_one(OptionList).disabled = ticket is not None
        if ticket is None:
            code.update("")
            guide.update(tr("1 또는 2를 누르면 인증번호가 나옵니다."))
            return
        assert self.target is not None and self.bank_now is not None
        left = max(0, int((ticket.expires_at - self.bank_now).total_seconds()))
        code.update(tr("인증번호  {code}", code=ticket.shown))
        guide.update(
            tr(
                "휴대폰 은행 앱의 '인증서 내보내기'에서 보낼 인증서를 고르고 이 인증번호와 "
                "인증서 비밀번호를 입력하세요. 남은 시간 {minutes}분 {seconds}초 · 저장할 곳 "
                "{medium}",
                minutes=left // 60,
                seconds=f"{left % 60:02d}",
                medium=self.target.label,
            )
        )

    @contained
    def tick(self) -> None:
        ticket = self.ticket
        if ticket is None or self.busy:
            return
        bank = self.bank
        # A refusal: the three minutes are over.
        self.call_bank(
            lambda: (bank.now(), bank.copy_collect(ticket.relay_id)),
            lambda seen: self._collected(ticket, *seen),
            self._refused,
            look="collect",
        )

    def _collected(self, ticket: CopyTicket, now: dt.datetime, sealed: bytes | None) -> None:
        if self.ticket is not ticket:
            return  # refused or collected meanwhile
        self.bank_now = now
        if sealed is None:
            self._show_ticket()
            return
        self.ticket = None
        target, media = self.target, self.terminal.media
        assert target is not None
        # Opening the sealed copy stretches the number's secret (scrypt): in a thread.
        self.call_bank(
            lambda: _save(sealed, ticket, target, media),
            lambda saved: self._imported(target, *saved),
            self._refused,
        )

    def _imported(self, target: Medium, directory: Path, serial: int) -> None:
        self.finish(FilesChanged(FileOutcome(FileAction.IMPORTED, serial, directory, target)))


def _save(sealed: bytes, ticket: CopyTicket, target: Medium, media: MediaBay) -> tuple[Path, int]:
    """The phone's copy opened and written to `target`: where, and its serial."""
    files = open_sealed(sealed, ticket.secret, ticket.relay_id)
    if not media.is_present(target):
        # The number is used up: the phone sends again under a new one.
        raise Refused(
            RefusalCode.USB_PULLED,
            "USB가 분리되어 받은 인증서를 저장하지 못했습니다. USB를 연결하고 새 인증번호로 "
            "휴대폰에서 다시 보내 주세요.",
        )
    directory = files.write(media.root(target))
    return directory, reader.load(directory).serial
