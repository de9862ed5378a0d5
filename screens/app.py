"""The kiosk App: owns the visit (Session) and walks the service's steps."""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from kiosk.bank import Bank
from kiosk.flows import Service, Step
from kiosk.media import Medium
from kiosk.session import Refusal, Session
from screens.home import HomeScreen
from screens.widgets import TrainerPanel

if TYPE_CHECKING:
    from screens.base import StepScreen

log = logging.getLogger("kiosk")

# Each step's screen, imported when first shown: the screens of a service pull
# in cryptography, which an idle kiosk on its home screen does not need.
SCREEN_FOR_STEP: dict[Step, str | type[StepScreen]] = {
    Step.IDENTITY: "screens.identity:IdentityScreen",
    Step.PRODUCT: "screens.product:ProductScreen",
    Step.CHOOSE_CERT: "screens.choose_cert:ChooseCertScreen",
    Step.OPEN_CERT: "screens.open_cert:OpenCertScreen",
    Step.VID_CHECK: "screens.vid_check:VidCheckScreen",
    Step.AUTH: "screens.auth:AuthScreen",
    Step.MEDIUM: "screens.medium:MediumScreen",
    Step.PASSWORD: "screens.password:PasswordScreen",
    Step.CONFIRM: "screens.confirm:ConfirmScreen",
    Step.REVOKE_CONFIRM: "screens.revoke_confirm:RevokeConfirmScreen",
    Step.ACCOUNT_CHECK: "screens.account_check:AccountCheckScreen",
    Step.FIND_CERT: "screens.find_cert:FindCertScreen",
    Step.SECURITY_MEDIUM: "screens.auth:SecurityMediumScreen",
    Step.REGISTER_CONFIRM: "screens.registration:RegisterConfirmScreen",
    Step.CHOOSE_REGISTERED: "screens.registration:ChooseRegisteredScreen",
    Step.UNREGISTER_CONFIRM: "screens.registration:UnregisterConfirmScreen",
    Step.PICK_FILE: "screens.manage:PickFileScreen",
    Step.CERT_DETAILS: "screens.manage:CertDetailsScreen",
    Step.CHANGE_PASSWORD: "screens.manage:ChangePasswordScreen",
    Step.COPY_TARGET: "screens.manage:CopyScreen",
    Step.DELETE_CONFIRM: "screens.manage:DeleteConfirmScreen",
    Step.PHONE_CHECK: "screens.fincert:PhoneCheckScreen",
    Step.FIN_NEW_PIN: "screens.fincert:NewPinScreen",
    Step.FIN_PIN: "screens.fincert:PinScreen",
    Step.FIN_DETAILS: "screens.fincert:CloudDetailsScreen",
    Step.FIN_DELETE_CONFIRM: "screens.fincert:CloudDeleteConfirmScreen",
    Step.RESULT: "screens.result:ResultScreen",
}


def screen_for(step: Step) -> type[StepScreen]:
    entry = SCREEN_FOR_STEP[step]
    if not isinstance(entry, str):
        return entry
    module_name, class_name = entry.split(":")
    screen_class: type[StepScreen] = getattr(importlib.import_module(module_name), class_name)
    SCREEN_FOR_STEP[step] = screen_class
    return screen_class


class KioskApp(App[None]):
    CSS_PATH = "kiosk.tcss"
    TITLE = "한빛은행 인증센터"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "home", "처음으로", priority=True),
        Binding("escape", "go_back", "이전", priority=True),
        Binding("f2", "toggle_trainer", "교육용 패널", priority=True),
        Binding("f3", "toggle_usb", "USB 연결/분리", show=False, priority=True),
        Binding("f7", "phone", "고객 휴대폰", priority=False),
        Binding("f8", "skip_time", "시간 +1분", show=False, priority=True),
    ]

    def __init__(self, bank: Bank) -> None:
        super().__init__()
        self.bank = bank
        self.session = Session()
        self.trainer_visible = False

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    # --- the flow -------------------------------------------------------------

    def start_service(self, service: Service) -> None:
        """Begin `service` from its first step (from home, or switching mid-visit)."""
        if not isinstance(self.screen, HomeScreen):
            self.go_home()
        self.session = Session(service=service)
        # Keys are made in the background while the customer works through the
        # steps, so 확인 → 완료 never waits for RSA key generation.
        self.bank.keys.prime()
        self._push_current_step()

    def next_step(self) -> None:
        if not self._may_continue():
            return
        self.session.step_index += 1
        self._push_current_step()

    def _may_continue(self) -> bool:
        """금융인증서: once the customer is known, say at once if the service cannot
        be done for them (already has one, nothing to renew, PIN locked, ...)."""
        session = self.session
        service, customer = session.service, session.customer
        if service is None or not service.is_cloud or session.step is not Step.IDENTITY:
            return True
        assert customer is not None
        from kiosk.cloud_certs import CloudRefused

        try:
            self.bank.cloud.check_before(service, customer.id)
        except CloudRefused as refused:
            show_error = getattr(self.screen, "show_error", None)
            if show_error is not None:
                show_error(refused.message, refused.code)
            return False
        return True

    def _push_current_step(self) -> None:
        while isinstance(self.screen, ModalScreen):
            self.pop_screen()  # the trainee's phone closes when the kiosk moves on
        step = self.session.step
        if step is None:
            self.go_home()
            return
        self.push_screen(screen_for(step)())

    def go_home(self) -> None:
        """처음으로: everything the customer entered is dropped."""
        self.session = Session()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def action_home(self) -> None:
        self.go_home()

    def action_go_back(self) -> None:
        """이전: one step back; from the first step or a finished service, home."""
        if isinstance(self.screen, ModalScreen):
            self.screen.dismiss()
            return
        session = self.session
        if session.step is None or session.step_index == 0 or session.step is Step.RESULT:
            self.go_home()
            return
        if getattr(self.screen, "busy", False):
            return  # issuing: the certificate is being made and cannot be abandoned halfway
        session.step_index -= 1
        self.pop_screen()

    def record_refusal(self, code: str, message: str) -> None:
        refusal = Refusal(self.session.step, code, message)
        self.session.last_refusal = refusal
        # Codes only: messages can echo what the customer typed.
        log.info("refusal step=%s code=%s", refusal.step, code)

    # --- trainer tools --------------------------------------------------------

    def action_toggle_trainer(self) -> None:
        self.trainer_visible = not self.trainer_visible
        for panel in self.screen.query(TrainerPanel):
            panel.refresh_content()

    def action_phone(self) -> None:
        """The trainee picks up the customer's phone (and OTP token)."""
        if isinstance(self.screen, ModalScreen):
            return
        from screens.phone import PhoneScreen

        customer = self.session.customer or self.session.claimed
        phone = None if customer is None else self.bank.registry.phone(customer.id)
        self.push_screen(
            PhoneScreen(
                self.bank,
                None if phone is None else phone.number,
                None if customer is None else customer.id,
            )
        )

    def action_skip_time(self) -> None:
        """Trainer: move the kiosk's clock a minute on, to show codes and calls expiring."""
        self.bank.clock.advance(60)
        self.notify("[교육용] 시간을 1분 앞당겼습니다.")

    def action_toggle_usb(self) -> None:
        media = self.bank.media
        if media.is_present(Medium.USB):
            media.pull_usb()
            self.notify("USB를 분리했습니다.")
        else:
            media.insert_usb()
            self.notify("USB를 연결했습니다.")
        for panel in self.screen.query(TrainerPanel):
            panel.refresh_content()
