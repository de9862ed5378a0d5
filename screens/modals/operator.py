"""Staff only: the operator PIN prompt and the operator screen behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from kiosk.bankside import audit_words
from kiosk.bankside.audit import masked_customer
from kiosk.bankside.operator import OPERATOR_MAX_FAILURES
from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.people.customers import Customer
from screens.bank_calls import call_bank
from screens.guard import Contained
from screens.widgets.frame import MessageLine

if TYPE_CHECKING:
    from kiosk.bankside.audit import AuditEntry
    from kiosk.training.scenario_files import Scenario
    from screens.app import KioskApp

R = TypeVar("R")


class StaffModal(ModalScreen[None], metaclass=Contained):
    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def show_error(self, message: str | Phrase, code: RefusalCode) -> None:
        self.query_one(MessageLine).error(message)
        self.kiosk.record_refusal(code, message)

    def show_refusal(self, refused: Refused) -> None:
        self.show_error(refused.phrase, refused.code)

    def call_bank(
        self,
        work: Callable[[], R],
        then: Callable[[R], None],
        refused: Callable[[Refused], None] | None = None,
    ) -> None:
        """Staff's requests go to the bank in a thread, as customers' do (screens/bank_calls.py)."""
        call_bank(self, work, then, refused)


class OperatorPinScreen(StaffModal):
    """운영자 PIN: the operator key opens this; the right PIN opens the operator screen."""

    def compose(self) -> ComposeResult:
        with Vertical(id="operator-box"):
            yield Static(
                tr("운영자 확인 — 운영자 PIN을 입력하세요 (Esc 닫기)"), classes="modal-title"
            )
            yield Input(password=True, id="operator-pin", max_length=12)
            yield MessageLine(id="operator-message")

    def on_mount(self) -> None:
        self.refresh_language()

    def refresh_language(self) -> None:
        self.query_one("#operator-pin", Input).focus()
        self.call_bank(self.kiosk.bank.operator_locked, self._if_locked)

    def _if_locked(self, locked: bool) -> None:
        if locked:
            self._locked()

    def _locked(self) -> None:
        self.query_one(MessageLine).error(
            Phrase(
                "운영자 PIN {limit}회 오류로 잠겼습니다. "
                "`kiosk operator-pin`으로 PIN을 다시 정해야 열립니다.",
                limit=OPERATOR_MAX_FAILURES,
            )
        )
        self.query_one("#operator-pin", Input).disabled = True

    @on(Input.Submitted, "#operator-pin")
    def _submitted(self, event: Input.Submitted) -> None:
        pin, bank = event.value, self.kiosk.bank
        event.input.value = ""

        def check() -> tuple[str | None, bool, int]:
            staff = bank.operator_check(pin)
            if staff is not None:
                return staff, False, 0
            return None, bank.operator_locked(), bank.operator_failures()

        self.call_bank(check, lambda checked: self._checked(*checked))

    def _checked(self, staff: str | None, locked: bool, failures: int) -> None:
        if staff is not None:
            self.kiosk.audit("operator", "opened")
            self.dismiss()
            self.kiosk.push_screen(OperatorScreen(staff))
            return
        self.kiosk.audit("operator", "refused", reason="operator_pin_wrong")
        if locked:
            self._locked()
            return
        self.query_one(MessageLine).error(
            Phrase(
                "운영자 PIN이 일치하지 않습니다(오류 {failures}/{limit}회).",
                failures=failures,
                limit=OPERATOR_MAX_FAILURES,
            )
        )


class OperatorScreen(StaffModal):
    """What staff can do at the kiosk: leave kiosk mode, unlock OTP, audit, reset,
    reprint the last receipt, quit, play a training scenario."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 8)]

    def __init__(self, staff: str) -> None:
        super().__init__()
        self.staff = staff  # the bank's token for this operator's PIN: staff-only calls carry it

    def compose(self) -> ComposeResult:
        with Vertical(id="operator-box"):
            yield Static(tr("운영자 화면 (Esc 닫기)"), classes="modal-title")
            yield OptionList(*self._options(), id="operator-menu")
            yield OptionList(id="otp-list")
            yield OptionList(id="scenario-list")
            yield OptionList(id="mode-list")
            yield Input(id="learner-name", max_length=64)
            yield MessageLine(id="operator-message")
            yield Static("", id="operator-detail")

    def _options(self) -> list[Option]:
        mode = "키오스크 모드 해제" if self.kiosk.kiosk_mode else "키오스크 모드 설정"
        return [
            Option("1. " + tr(mode), id="mode"),
            Option(tr("2. OTP 잠금 해제"), id="otp"),
            Option(tr("3. 감사 로그 보기"), id="audit"),
            Option(tr("4. 데모 데이터 초기화"), id="reset"),
            Option(tr("5. 확인서 재출력"), id="reprint"),
            Option(tr("6. 프로그램 종료"), id="quit"),
            Option(tr("7. 교육 시나리오 시연"), id="scenario"),
        ]

    def on_mount(self) -> None:
        self.kiosk.staff_called = False  # staff is here
        self._pending_reset = False
        self._locked_customers: list[Customer] = []
        self.refresh_language()

    def refresh_language(self) -> None:
        self.query_one("#operator-menu", OptionList).focus()
        self.query_one("#otp-list").display = False
        self.query_one("#scenario-list").display = False
        self.query_one("#mode-list").display = False
        self.query_one("#learner-name").display = False
        self._chosen: Scenario | None = None
        self._mode = "demo"

    @on(OptionList.OptionSelected, "#operator-menu")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        actions = (
            self._toggle_mode,
            self._unlock_otp,
            self._show_audit,
            self._reset,
            self._reprint,
            self._quit,
            self._pick_scenario,
        )
        if 0 <= index < len(actions):
            actions[index]()

    def _say(self, text: str) -> None:
        self.query_one(MessageLine).info(text)

    def _detail(self, text: str) -> None:
        self.query_one("#operator-detail", Static).update(text)

    def _toggle_mode(self) -> None:
        kiosk = self.kiosk
        kiosk.kiosk_mode = not kiosk.kiosk_mode
        kiosk.audit("operator", "kiosk_mode_on" if kiosk.kiosk_mode else "kiosk_mode_off")
        menu = self.query_one("#operator-menu", OptionList)
        menu.replace_option_prompt_at_index(0, self._options()[0].prompt)
        self._say(
            "키오스크 모드입니다: Ctrl+C·Ctrl+Q로 끝나지 않습니다."
            if kiosk.kiosk_mode
            else "키오스크 모드를 해제했습니다: Ctrl+Q로 프로그램을 끝낼 수 있습니다."
        )

    def _unlock_otp(self) -> None:
        bank, staff = self.kiosk.bank, self.staff
        self.call_bank(lambda: bank.locked_otp_customers(staff), self._list_locked)

    def _list_locked(self, locked: list[Customer]) -> None:
        self._detail("")
        if not locked:
            self._say("잠긴 OTP가 없습니다.")
            return
        self._locked_customers = locked
        listing = self.query_one("#otp-list", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(masked_customer(customer), id=f"otp-{customer.id}") for customer in locked
        )
        listing.display = True
        listing.highlighted = 0
        listing.focus()
        self._say("신분증으로 본인을 확인한 고객을 고르고 Enter를 누르세요.")

    @on(OptionList.OptionSelected, "#otp-list")
    def _unlock_chosen(self, event: OptionList.OptionSelected) -> None:
        customer = self._locked_customers[event.option_index]
        bank, staff = self.kiosk.bank, self.staff
        self.call_bank(
            lambda: bank.unlock_otp(staff, customer.id),
            lambda _: self._unlocked(customer, event.option_list),
        )

    def _unlocked(self, customer: Customer, event_list: OptionList) -> None:
        self.kiosk.audit("otp_unlock", "done", customer)
        event_list.display = False
        self.query_one("#operator-menu", OptionList).focus()
        self._say(
            tr("{customer} 고객의 OTP 잠금을 풀었습니다.", customer=masked_customer(customer))
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a list (locked tokens, scenarios) is open, number keys do not pick menu items.
        lists = ("#otp-list", "#scenario-list", "#mode-list", "#learner-name")
        return not (action == "pick" and any(self.query_one(name).display for name in lists))

    def _pick_scenario(self) -> None:
        """The trainer's scenario picker: the one chosen plays on this kiosk at once."""
        self._detail("")
        listing = self.query_one("#scenario-list", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(f"{scenario.name}: {scenario.summary.shown()}", id=f"scenario-{index}")
            for index, scenario in enumerate(self.kiosk.offered_scenarios().values())
        )
        listing.display = True
        listing.highlighted = 0
        listing.focus()
        self._say("시연할 시나리오를 고르고 Enter를 누르세요. 시연 중 Esc를 누르면 멈춥니다.")

    @on(OptionList.OptionSelected, "#scenario-list")
    def _scenario_chosen(self, event: OptionList.OptionSelected) -> None:
        """Then how: the autopilot shows it (시연), or a learner plays it."""
        self._chosen = list(self.kiosk.offered_scenarios().values())[event.option_index]
        event.option_list.display = False
        modes = self.query_one("#mode-list", OptionList)
        modes.clear_options()
        modes.add_options(
            Option(tr(words), id=f"mode-{mode}")
            for mode, words in (
                ("demo", "1. 시연 (자동으로 보여 주기)"),
                ("guided", "2. 안내 (누를 키를 알려 주고 기다림)"),
                ("practice", "3. 연습 ({key_for[call_staff]}: 힌트, 오류마다 설명)"),
                ("test", "4. 평가 (힌트 없이 채점)"),
            )
        )
        modes.display = True
        modes.highlighted = 0
        modes.focus()
        self._say("방식을 고르고 Enter를 누르세요.")

    @on(OptionList.OptionSelected, "#mode-list")
    def _mode_chosen(self, event: OptionList.OptionSelected) -> None:
        self._mode = ("demo", "guided", "practice", "test")[event.option_index]
        scenario = self._chosen
        assert scenario is not None
        if self._mode == "demo":
            self.kiosk.audit("operator", "scenario_played")
            self.dismiss()
            self.kiosk.play_scenario(scenario)
            return
        event.option_list.display = False
        name = self.query_one("#learner-name", Input)
        name.value = self.kiosk.learner
        name.display = True
        name.focus()
        self._say("학습자 이름을 입력하고 Enter를 누르세요(수업 보고서에 나옵니다).")

    @on(Input.Submitted, "#learner-name")
    def _learner_named(self, event: Input.Submitted) -> None:
        learner = event.value.strip()
        if not learner.isprintable():
            self.query_one(MessageLine).error("학습자 이름에 쓸 수 없는 글자가 있습니다.")
            return
        scenario = self._chosen
        assert scenario is not None
        self.kiosk.audit("operator", "scenario_learner")
        self.dismiss()
        self.kiosk.start_learning(scenario, self._mode, learner)

    def _show_audit(self) -> None:
        self._detail("")
        self.kiosk.push_screen(AuditScreen(self.staff))

    def _reset(self) -> None:
        if not self._pending_reset:
            self._pending_reset = True
            self._say("고객·인증서·잠금을 처음 상태로 되돌립니다. 한 번 더 4를 누르면 실행합니다.")
            return
        self._pending_reset = False
        bank, staff = self.kiosk.bank, self.staff
        self.call_bank(lambda: bank.reset_demo_data(staff), lambda _: self._was_reset())

    def _was_reset(self) -> None:
        self.kiosk.terminal.media.clear()
        self.kiosk.audit("operator", "demo_data_reset")
        self._say("데모 데이터를 초기화했습니다.")

    def _reprint(self) -> None:
        """The newest receipt in receipts/ again: after paper-out or an offline printer."""
        from kiosk.terminal import receipts

        latest = receipts.latest(self.kiosk.terminal.data_dir)
        if latest is None:
            self._say("보관된 처리결과 확인서가 없습니다.")
            return
        try:
            self.kiosk.terminal.printer.print_text(latest.read_text(encoding="utf-8"))
        except Refused as refused:
            self.kiosk.audit("operator", "receipt_not_printed", reason=refused.code)
            self.query_one(MessageLine).error(refused.phrase)
            return
        except OSError:
            self._say("보관된 처리결과 확인서를 읽지 못했습니다.")
            return
        self.kiosk.audit("operator", "receipt_reprinted")
        self._say(tr("처리결과 확인서를 다시 출력했습니다({file}).", file=latest.name))

    def _quit(self) -> None:
        self.kiosk.audit("operator", "quit")
        self.kiosk.exit()


ALL = "*"  # the filter that keeps every entry (no kiosk or code is called that)


class AuditScreen(StaffModal):
    """감사 로그: every entry, newest first, in a table that scrolls; filtered by
    kiosk and by code; codes shown as words in the visit's language."""

    def __init__(self, staff: str) -> None:
        super().__init__()
        self.staff = staff
        self.kiosk_filter = ALL
        self.code_filter = ALL
        self.listing = False  # the filters' options are being asked of the bank

    def compose(self) -> ComposeResult:
        with Vertical(id="audit-box"):
            yield Static(
                tr(
                    "감사 로그 (새 것부터) — Tab: 필터와 표 사이 이동, ↑↓ PgUp PgDn: 스크롤, Esc 닫기"
                ),
                classes="modal-title",
            )
            with Horizontal(id="audit-filters"):
                yield Select[str](
                    [(tr("모든 키오스크"), ALL)], allow_blank=False, value=ALL, id="audit-kiosk"
                )
                yield Select[str](
                    [(tr("모든 기록"), ALL)], allow_blank=False, value=ALL, id="audit-code"
                )
            yield Static("", id="audit-count")
            yield DataTable[str](id="audit-table", cursor_type="row", zebra_stripes=True)
            yield MessageLine(id="operator-message")

    def on_mount(self) -> None:
        self.refresh_language()

    def refresh_language(self) -> None:
        # Until the filters' options are back from the bank, a Select that says it
        # changed is a Select just composed (F4 redraws the screen), not the staff.
        self.listing = True
        bank, staff = self.kiosk.bank, self.staff
        self.call_bank(
            lambda: (bank.audit_kiosks(staff), bank.audit_codes(staff)),
            lambda listed: self._filters(*listed),
        )

    def _listed(self) -> None:
        self.listing = False

    def _filters(self, kiosks: list[str], codes: list[str]) -> None:
        # Reasons that are data (a serial number, a kiosk's name) are not filters.
        codes = [code for code in codes if audit_words.word(code) != code]
        kiosk_select = self.query_one("#audit-kiosk", Select)
        code_select = self.query_one("#audit-code", Select)
        words = sorted((audit_words.word(code), code) for code in codes)
        # New options reset a Select and say so (Changed): that is not the staff's
        # choice, and must not undo the filters chosen before F4 redrew the screen.
        with self.prevent(Select.Changed):
            kiosk_select.set_options(
                [(tr("모든 키오스크"), ALL), *((name, name) for name in kiosks)]
            )
            code_select.set_options([(tr("모든 기록"), ALL), *words])
            if self.kiosk_filter in (ALL, *kiosks):
                kiosk_select.value = self.kiosk_filter
            if self.code_filter in (ALL, *codes):
                code_select.value = self.code_filter
        table = self.query_one("#audit-table", DataTable)
        table.clear(columns=True)
        for heading in ("시각", "키오스크", "업무", "고객", "결과", "사유"):
            table.add_column(tr(heading))
        self._fill()
        table.focus()
        self.call_after_refresh(self._listed)

    def _fill(self) -> None:
        kiosk = None if self.kiosk_filter == ALL else self.kiosk_filter
        code = None if self.code_filter == ALL else self.code_filter
        bank, staff = self.kiosk.bank, self.staff
        self.call_bank(lambda: bank.audit_entries(staff, kiosk, code), self._show_entries)

    def _show_entries(self, entries: list[AuditEntry]) -> None:
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        for entry in entries:
            table.add_row(
                f"{entry.at:%m-%d %H:%M:%S}",
                entry.kiosk_id,
                audit_words.word(entry.service),
                entry.customer or "-",
                audit_words.word(entry.outcome),
                audit_words.reason_words(entry.reason) if entry.reason else "",
            )
        self.query_one("#audit-count", Static).update(
            tr("{count}건", count=len(entries)) if entries else tr("(기록 없음)")
        )

    @on(Select.Changed, "#audit-kiosk")
    def _kiosk_chosen(self, event: Select.Changed) -> None:
        if self.listing:
            return
        if isinstance(event.value, str) and event.value != self.kiosk_filter:
            self.kiosk_filter = event.value
            self._fill()

    @on(Select.Changed, "#audit-code")
    def _code_chosen(self, event: Select.Changed) -> None:
        if self.listing:
            return
        if isinstance(event.value, str) and event.value != self.code_filter:
            self.code_filter = event.value
            self._fill()
