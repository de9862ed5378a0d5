"""등록 확인, and 해제: choosing a registered certificate and ending its registration."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kiosk.certs.registration import RegisteredCertificate
from kiosk.core.i18n import tr
from kiosk.core.refusal import RefusalCode
from kiosk.visit.flows import Step
from kiosk.visit.results import Registered, RegistrationChosen, Unregistered
from kiosk.visit.session import Session
from screens.base import StepScreen

if TYPE_CHECKING:
    from kiosk.bankside.service import BankService
from screens.widgets.summary_lines import validity_line


class RegisterConfirmScreen(StepScreen[Registered]):
    STEP = Step.REGISTER_CONFIRM
    TITLE_TEXT = "확인 — 이 인증서를 한빛은행에 등록합니다"
    BINDINGS = [Binding("enter", "register", "등록")]

    def compose_body(self) -> ComposeResult:
        found = self.session.registering.found
        assert found is not None
        info = found.info
        lines = [
            tr("소유자    {owner}", owner=info.owner_name),
            tr(
                "구분      {product} ({ca})",
                product=info.product_name or "알 수 없는 용도",
                ca=found.ca_label,
            ),
            tr("일련번호  {serial}", serial=info.serial),
            validity_line(info.not_before, info.not_after),
            tr("저장위치  {medium}", medium=found.medium.label),
        ]
        yield Static("\n".join(lines), id="summary")
        yield Static(
            tr("Enter를 누르면 등록합니다. 인증서 파일은 고객님의 저장매체에 그대로 있습니다."),
            classes="hint",
        )

    def action_register(self) -> None:
        found = self.session.registering.found
        assert self.session.customer is not None and found is not None
        bank, visit, der = self.bank, self.visit, found.info.der
        self.call_bank(
            lambda: bank.register(visit, der), lambda done: self.finish(Registered(done))
        )


class ChooseRegisteredScreen(StepScreen[RegistrationChosen]):
    STEP = Step.CHOOSE_REGISTERED
    TITLE_TEXT = "인증서 선택 — 등록을 해제할 인증서를 선택해 주세요"
    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    registered: list[RegisteredCertificate]

    @classmethod
    def ask_bank(cls, bank: BankService, session: Session) -> list[RegisteredCertificate]:
        assert session.visit is not None
        return bank.registrations(session.visit)

    def compose_body(self) -> ComposeResult:
        customer = self.session.customer
        assert customer is not None
        self.registered = cast("list[RegisteredCertificate]", self.known)
        yield OptionList(
            *[
                Option(f"{n}. {reg.label}", id=f"reg-{reg.id}")
                for n, reg in enumerate(self.registered, 1)
            ],
            id="registered",
        )
        yield Static(
            tr("해제해도 인증서는 폐기되지 않고, 파일은 저장매체에 그대로 남습니다."),
            classes="hint",
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if not self.registered:
            self.show_error(
                "한빛은행에 등록된 타기관 인증서가 없습니다.", RefusalCode.NONE_REGISTERED
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        if index >= len(self.registered):
            return
        self.finish(RegistrationChosen(self.registered[index]))


class UnregisterConfirmScreen(StepScreen[Unregistered]):
    STEP = Step.UNREGISTER_CONFIRM
    TITLE_TEXT = "확인 — 이 인증서의 등록을 해제합니다"
    BINDINGS = [Binding("enter", "unregister", "해제")]

    def compose_body(self) -> ComposeResult:
        chosen = self.session.unregistering.registration
        assert chosen is not None
        lines = [
            tr("인증서    {product} ({ca})", product=chosen.product_name, ca=chosen.ca_name),
            tr("일련번호  {serial}", serial=chosen.serial),
            tr("만료일    {date}", date=f"{chosen.not_after:%Y-%m-%d}"),
            tr("등록일    {date}", date=f"{chosen.registered_at:%Y-%m-%d}"),
        ]
        yield Static("\n".join(lines), id="summary")
        # What is lost, before the key that does it (it cannot be undone here).
        yield Static(
            tr(
                "해제하면 이 인증서로 한빛은행 인터넷뱅킹·스마트뱅킹을 이용할 수 없습니다. "
                "다시 쓰려면 타기관 인증서 등록을 처음부터 해야 합니다."
            )
            + "\n"
            + tr("Enter를 누르면 해제합니다. Esc를 누르면 돌아갑니다."),
            classes="hint",
        )

    def action_unregister(self) -> None:
        chosen = self.session.unregistering.registration
        assert self.session.customer is not None and chosen is not None
        bank, visit, registration = self.bank, self.visit, chosen.id
        self.call_bank(
            lambda: bank.unregister(visit, registration),
            lambda done: self.finish(Unregistered(done)),
        )
