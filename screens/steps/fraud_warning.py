"""사기 예방 확인: the bank held the 재발급 (a call from an unknown number just
before, kiosk/bankside/fraud.py); the customer stops here or says it is their own."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.bankside.fraud import REPORT_NUMBER
from kiosk.core.i18n import tr
from kiosk.visit.flows import Step
from kiosk.visit.results import WarningAnswered
from screens.base import StepScreen


class FraudWarningScreen(StepScreen[WarningAnswered]):
    STEP = Step.FRAUD_WARNING
    TITLE_TEXT = "사기 예방 확인 — 전화를 받고 재발급하시나요?"
    BINDINGS = [
        Binding("1", "stop", show=False),
        Binding("2", "go_on", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        warning = self.session.issuance.fraud_warning
        assert warning is not None
        lines = [
            tr(
                "⚠ {minutes}분 전 모르는 번호({caller})의 전화를 받으셨습니다.",
                minutes=warning.minutes_ago,
                caller=warning.caller,
            ),
            tr(
                "은행·경찰·검찰·금융감독원은 전화로 인증서 재발급이나 인증번호를 요구하지 않습니다."
            ),
            tr(
                "재발급은 휴대폰 인증과 OTP(보안카드) 두 가지로 확인합니다: 인증번호는 누구에게도 불러 주지 마세요."
            ),
            tr(
                "누군가 시켜서 하는 재발급이면 멈추고 {number}(은행) 또는 112에 신고하세요.",
                number=REPORT_NUMBER,
            ),
        ]
        yield Static("\n".join(lines), id="fraud-warning")
        yield OptionList(
            Option(f"1. {tr('재발급을 멈춥니다 (취소)')}", id="stop"),
            Option(f"2. {tr('제가 직접 원하는 재발급입니다 (계속)')}", id="go_on"),
            id="choices",
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "stop":
            self.action_stop()
        else:
            self.action_go_on()

    def _answer(self, go_on: bool) -> None:
        bank, visit = self.bank, self.visit
        self.call_bank(
            lambda: bank.answer_fraud_warning(visit, go_on),
            lambda went_on: self.finish(WarningAnswered(stopped=not went_on)),
        )

    def action_stop(self) -> None:
        self._answer(False)

    def action_go_on(self) -> None:
        self._answer(True)
