"""약관 동의: the terms and 개인정보 수집·이용, agreed before anything is issued or sent."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import RefusalCode
from kiosk.visit.flows import Step
from kiosk.visit.results import Agreed
from screens.base import StepScreen

# What the customer agrees to, as the banks list it: each required (필수).
TERMS = (
    "[필수] 전자금융거래 기본약관 · 인증서 이용약관",
    "[필수] 개인정보 수집·이용: 이름, 주민등록번호, 휴대폰 번호, 계좌번호",
    "       목적 본인확인·인증서 발급과 관리 · 보유 거래 종료 후 5년",
    "[필수] 고유식별정보(주민등록번호) 처리",
)
# 휴대폰 본인인증 hands the number to the carrier: said where the service asks it.
PHONE_TERMS = "[필수] 휴대폰 본인확인 서비스(통신사) 이용"


class ConsentScreen(StepScreen[Agreed]):
    STEP = Step.CONSENT
    TITLE_TEXT = "약관 동의 — 내용을 확인하고 동의해 주세요"
    BINDINGS = [
        Binding("1", "agree", show=False),
        Binding("2", "decline", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        terms = [tr(line) for line in TERMS]
        if Step.PHONE_CHECK in self.session.steps:
            terms.append(tr(PHONE_TERMS))
        yield Static("\n".join(terms), id="terms")
        yield OptionList(
            Option(f"1. {tr('모두 동의합니다')}", id="agree"),
            Option(f"2. {tr('동의하지 않습니다')}", id="decline"),
            id="choices",
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "agree":
            self.action_agree()
        else:
            self.action_decline()

    def action_agree(self) -> None:
        bank, visit = self.bank, self.visit
        self.call_bank(lambda: bank.agree_terms(visit), lambda _: self.finish(Agreed()))

    def action_decline(self) -> None:
        self.show_error(
            Phrase(
                "동의하지 않으시면 이 업무를 이용할 수 없습니다. "
                "창구 상담은 {key_for[call_staff]:을/를} 눌러 직원을 호출해 주세요.",
            ),
            RefusalCode.CONSENT_MISSING,
        )
