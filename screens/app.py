"""The kiosk App: owns the visit (Session) and walks the service's steps."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import importlib
import logging
import math
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.widgets import Static
from textual.worker import (
    NoActiveWorker,
    Worker,
    WorkerFailed,
    WorkerState,
    get_current_worker,
)

from kiosk.core.i18n import (
    DEFAULT_LANGUAGE,
    Language,
    Phrase,
    current_language,
    easy_mode,
    set_easy,
    set_language,
    tr,
)
from kiosk.core.keys import set_key_namer
from kiosk.core.refusal import RefusalCode, Refused
from kiosk.speech.voice import Voice
from kiosk.storage.faults import storage_fault
from kiosk.terminal.link import KioskLink
from kiosk.terminal.media import Medium, UsbChange, UsbWatch
from kiosk.visit.flows import Service, Step, Submenu
from kiosk.visit.session import Refusal, Session
from screens.bank_calls import HELD, SERVICE, bank_busy, bank_settled, call_bank, pending
from screens.guard import Contained, contain, contained
from screens.home import HomeScreen, SubmenuScreen
from screens.key_names import key_in_words
from screens.messages import UsbChanged
from screens.voice import Say
from screens.widgets.frame import MessageLine, TrainerPanel

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from kiosk.bankside.bank import Bank
    from kiosk.bankside.devices import CustomerDevices
    from kiosk.bankside.service import BankService
    from kiosk.certs.phone_store import PhoneWallet
    from kiosk.people.customers import Customer, Phone
    from kiosk.training.scenario_files import Scenario
    from kiosk.visit.machine import VisitMachine
    from kiosk.visit.results import StepEnd
    from screens.base import StandIn, StepScreen
    from screens.demo.coach import Coach

log = logging.getLogger("kiosk")

R = TypeVar("R")

# Each step's screen, imported when first shown: the screens of a service pull
# in cryptography, which an idle kiosk on its home screen does not need.
SCREEN_FOR_STEP: dict[Step, str | type[StepScreen[Any]]] = {
    Step.IDENTITY: "screens.steps.identity:IdentityScreen",
    Step.CONSENT: "screens.steps.consent:ConsentScreen",
    Step.PRODUCT: "screens.steps.product:ProductScreen",
    Step.CHOOSE_CERT: "screens.steps.choose_cert:ChooseCertScreen",
    Step.OPEN_CERT: "screens.steps.open_cert:OpenCertScreen",
    Step.VID_CHECK: "screens.steps.vid_check:VidCheckScreen",
    Step.AUTH: "screens.steps.auth:AuthScreen",
    Step.MEDIUM: "screens.steps.medium:MediumScreen",
    Step.PASSWORD: "screens.steps.password:PasswordScreen",
    Step.CONFIRM: "screens.steps.confirm:ConfirmScreen",
    Step.REVOKE_CONFIRM: "screens.steps.revoke_confirm:RevokeConfirmScreen",
    Step.ACCOUNT_CHECK: "screens.steps.account_check:AccountCheckScreen",
    Step.FIND_CERT: "screens.steps.find_cert:FindCertScreen",
    Step.SECURITY_MEDIUM: "screens.steps.auth:SecurityMediumScreen",
    Step.REGISTER_CONFIRM: "screens.steps.registration:RegisterConfirmScreen",
    Step.CHOOSE_REGISTERED: "screens.steps.registration:ChooseRegisteredScreen",
    Step.UNREGISTER_CONFIRM: "screens.steps.registration:UnregisterConfirmScreen",
    Step.PICK_FILE: "screens.steps.manage:PickFileScreen",
    Step.CERT_DETAILS: "screens.steps.manage:CertDetailsScreen",
    Step.CHANGE_PASSWORD: "screens.steps.manage:ChangePasswordScreen",
    Step.COPY_TARGET: "screens.steps.manage:CopyScreen",
    Step.PHONE_EXPORT: "screens.steps.phone_copy:ExportToPhoneScreen",
    Step.PHONE_IMPORT: "screens.steps.phone_copy:ImportFromPhoneScreen",
    Step.DELETE_CONFIRM: "screens.steps.manage:DeleteConfirmScreen",
    Step.PHONE_CHECK: "screens.steps.fincert:PhoneCheckScreen",
    Step.FIN_NEW_PIN: "screens.steps.fincert:NewPinScreen",
    Step.FIN_PIN: "screens.steps.fincert:PinScreen",
    Step.FIN_DETAILS: "screens.steps.fincert:CloudDetailsScreen",
    Step.FIN_DELETE_CONFIRM: "screens.steps.fincert:CloudDeleteConfirmScreen",
    Step.FIN_CHOOSE: "screens.steps.fincert:ChooseCloudScreen",
    Step.FRAUD_WARNING: "screens.steps.fraud_warning:FraudWarningScreen",
    Step.RESULT: "screens.steps.result:ResultScreen",
}


# The kiosk's look beyond the home screen's (kiosk.tcss): the steps, the staff boxes,
# the phone. Added to the stylesheet before any screen but home is pushed.
SERVICES_CSS = Path(__file__).with_name("services.tcss")

# Embedded, how often the kiosk runs the bank's timed jobs (reminders, CRLs).
BANK_ROUND_SECONDS = 60

# What a customer sees when something no rule foresaw went wrong.
APOLOGY = (
    "죄송합니다. 처리 중 문제가 생겨 처음 화면으로 돌아왔습니다. "
    "다시 시도하시거나 {key_for[call_staff]:을/를} 눌러 직원을 호출해 주세요."
)


def screen_for(step: Step) -> type[StepScreen[Any]]:
    entry = SCREEN_FOR_STEP[step]
    if not isinstance(entry, str):
        return entry
    module_name, class_name = entry.split(":")
    screen_class: type[StepScreen[Any]] = getattr(importlib.import_module(module_name), class_name)
    SCREEN_FOR_STEP[step] = screen_class
    return screen_class


def _current_worker() -> Worker[object] | None:
    try:
        return get_current_worker()
    except NoActiveWorker:
        return None


# The terminal title a browser room's page takes for "the visit ended" (a count follows).
ROOM_VISIT_ENDED = "kiosk:visit-ended:"


class KioskApp(App[None], metaclass=Contained):
    CSS_PATH = "kiosk.tcss"
    TITLE = "한빛은행 인증센터"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "home", "처음으로", id="home", priority=True),
        Binding("escape", "go_back", "이전", id="back", priority=True),
        Binding("f4", "toggle_language", "English", id="language", priority=True),
        Binding("f2", "toggle_trainer", "교육용", id="trainer", priority=True),
        Binding("f3", "toggle_usb", "USB 연결/분리", show=False, id="usb", priority=True),
        Binding("f7", "phone", "휴대폰", id="phone", priority=False),
        Binding("f8", "skip_time", "시간 +1분", show=False, id="skip_time", priority=True),
        Binding("f9", "call_staff", "직원 호출", id="call_staff", priority=True),
        Binding("f10", "operator", "운영자", show=False, id="operator", priority=True),
        # Kiosk mode: the keys that would end or expose the program only say who can.
        Binding("ctrl+s", "toggle_voice", "음성", show=False, id="voice", priority=True),
        Binding("ctrl+g", "help", "도움말", show=False, id="help", priority=True),
        Binding("ctrl+r", "voice_replay", show=False, id="voice_replay", priority=True),
        Binding("ctrl+x", "voice_stop", show=False, id="voice_stop", priority=True),
        Binding("ctrl+up", "voice_volume(1)", show=False, id="voice_louder", priority=True),
        Binding("ctrl+down", "voice_volume(-1)", show=False, id="voice_softer", priority=True),
        Binding("ctrl+right", "voice_rate(1)", show=False, id="voice_faster", priority=True),
        Binding("ctrl+left", "voice_rate(-1)", show=False, id="voice_slower", priority=True),
        # Its own id: the browser room gives it a room key (Chrome on Linux quits on Ctrl+Q).
        Binding("ctrl+q", "quit_key", show=False, priority=True, id="quit"),
        Binding("ctrl+c", "quit_key", show=False, priority=True),
        Binding("ctrl+p", "nothing", show=False, priority=True),
    ]

    # What the header and the trainer panel show: they watch these, nothing polls.
    time_left: var[int | None] = var(None)  # whole seconds until a walk-away reset
    staff_called = var(False)
    trainer_visible = var(False)

    def __init__(
        self,
        bank: Bank | KioskLink,
        *,
        kiosk_mode: bool = True,
        idle_seconds: float | None = None,
        idle_warning_seconds: float = 30,
        language: Language = DEFAULT_LANGUAGE,
        ticks: Callable[[], float] = time.monotonic,
        voice: Voice | None = None,
    ) -> None:
        super().__init__()
        from screens.display import DEFAULT_THEME, HIGH_CONTRAST, NORMAL

        # Before the first paint: a theme set once the App runs parses and applies
        # the whole stylesheet a second time (a third of the start-up).
        self.register_theme(NORMAL)
        self.register_theme(HIGH_CONTRAST)
        # Set without its watcher, which would parse the stylesheet again once the
        # App runs; the stylesheet, not parsed yet, takes the theme's variables.
        self.set_reactive(App.theme, DEFAULT_THEME)
        self.update_classes({f"-theme-{DEFAULT_THEME}": True}, update=False)
        self.stylesheet.set_variables(self.get_css_variables())
        # Silent unless `--voice` or `--speech-log` made one that is on (Ctrl+S too).
        self.voice = voice if voice is not None else Voice(engine=None)
        # Seconds since the last key, from a source tests can move by hand: the
        # walk-away rule is about time passing, not about waiting for it.
        self._ticks = ticks
        # The kiosk's own language; a customer may switch (F4) for their visit.
        self.language = language
        set_language(language)
        # The domain's words name keys by binding id; this kiosk's keymap names them
        # (read when shown: --browser-keys may replace the terminal's config).
        set_key_namer(lambda binding_id: key_in_words(self.terminal.config.bindings, binding_id))
        # The bank is reached through its service only (in-process, or over HTTP);
        # the kiosk's own things (media, key pool, settings, receipts) are the terminal's.
        self.link = bank if isinstance(bank, KioskLink) else KioskLink.embedded(bank)
        self.terminal = self.link.terminal
        self.session = Session()
        self.machine: VisitMachine | None = None  # the service in progress, if any
        # Its step screens so far (installed: 이전 shows the one before as it was
        # left), and the one the service runner waits for.
        self._shown: list[StepScreen[Any]] = []
        self._awaited: StepScreen[Any] | None = None
        self._from_menu: Submenu | None = None  # the list the service was picked from
        self.kiosk_mode = kiosk_mode
        self._recovering = False
        # Walk-away reset: None turns it off (tests and scripted demos).
        self.idle_seconds = idle_seconds
        self.idle_warning_seconds = min(idle_warning_seconds, idle_seconds or 0)
        self._last_activity = self._ticks()
        # Autoplay (`kiosk demo` on screen): a caption per step; the trainer's Space
        # pauses, → steps one step while paused, Esc stops the demo.
        self.autoplay = False
        self.autoplay_paused = False
        self.autoplay_step_once = False  # →: pause again at the next step
        self.autoplay_stopped = False
        # "start" or "end": the summary, or the end caption, stays until a key.
        self.autoplay_waiting = ""
        self.caption = ""
        # The class dashboard: this kiosk (a terminal, a browser tab) as the bank
        # lists it, with what its learner is doing (kiosk/bankside/classroom.py).
        # As secrets.token_hex(4) makes it, without loading hashing (hmac) for the start.
        self.station = os.urandom(4).hex()
        self.learner = ""
        self.scenario = ""
        self.mode = "free"  # "demo" while a scenario plays; guided, practice, test
        # A learner's run of a scenario (screens/demo/coach.py), from start to score.
        self.coach: Coach | None = None
        self._walking_away = False
        self.errors = 0  # refusals seen at this kiosk so far
        # The customer's phone as F7 shows it: its certificate store (and a number
        # it shows while it waits for a copy) outlive the modal; which phone is in
        # hand, when the visit knows no customer (인증서 관리), the trainee says once.
        self.phone_wallets: dict[str, PhoneWallet] = {}
        self.phone_in_hand: str | None = None
        self._reported = False
        # The scenarios the trainer's picker (F10, 7) offers: the built-ins, or
        # those `kiosk demo --dir` read.
        self.scenarios: dict[str, Scenario] = {}
        self.demo_task: asyncio.Task[None] | None = None
        # Keys the autopilot sent, told apart from the trainer's; and those kept
        # from a staff box (F10) the autopilot did not open.
        self.autopilot_keys: list[events.Key | events.Paste] = []
        self.autopilot_kept: list[events.Key | events.Paste] = []
        self._visits_ended = 0
        # What the bank is told and nobody waits for (audit entries, the station's
        # status, a visit ended): sent in order by one thread, off the UI thread.
        self._notes: ThreadPoolExecutor | None = None
        self._last_note: Future[None] | None = None
        self._every_screen_styled = False  # services.tcss added (style_every_screen)

    @property
    def bank(self) -> BankService:
        """The bank, reached when a service first needs it (not by an idle kiosk)."""
        return self.link.bank

    @property
    def devices(self) -> CustomerDevices:
        return self.link.devices

    def fit_to_size(self, size: Size | None = None) -> None:
        """The size classes of kiosk.tcss, for the terminal as it is (or `size`)."""
        from screens.display import size_classes

        width, height = size or self.size
        for name, on in size_classes(width, height).items():
            self.set_class(on, name)

    def get_default_screen(self) -> HomeScreen:
        """The home screen, at the bottom of the stack from the start. Pushed from
        on_mount instead, it was laid out and drawn while Textual's start-up batch
        held the output, thrown away, and laid out and drawn again: a fifth of the
        time from Mount to the first frame."""
        self.fit_to_size()
        # kiosk.toml [bindings]: this terminal's keypad has its own keys.
        self.set_keymap(self.terminal.config.bindings)
        return HomeScreen()

    def style_every_screen(self) -> None:
        """The rest of the kiosk's look (services.tcss), for every screen but home:
        its first frame parses only kiosk.tcss. Added once, before the first screen
        is pushed over home (a scenario's autopilot may push one at Ready) or once
        home is drawn, whichever comes first; parsed on its own, the rest from
        Textual's cache. Its rules come after kiosk.tcss's, as they did in one file,
        and style nothing on the home screen, which is not styled again for them."""
        if self._every_screen_styled:
            return
        self._every_screen_styled = True
        self.stylesheet.read(SERVICES_CSS)
        self.stylesheet.parse()

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        self.style_every_screen()
        return super().push_screen(*args, **kwargs)

    def switch_screen(self, *args: Any, **kwargs: Any) -> Any:
        self.style_every_screen()
        return super().switch_screen(*args, **kwargs)

    def on_mount(self) -> None:
        if self.idle_seconds is not None:
            self.set_interval(0.5, self.check_walk_away)
        # The customer's stick comes and goes at any moment: the screens are told.
        self.usb_watch = UsbWatch(self.terminal.media)
        self.set_interval(0.5, self.check_usb)
        if self.link.timed_jobs is not None:
            self.set_interval(BANK_ROUND_SECONDS, self.bank_round)

    def on_ready(self) -> None:
        """The home screen is drawn. If the entry point paused the cyclic garbage
        collector for start-up (kiosk_cli/main.py), what start-up made is set
        aside for good (gc.freeze: it lives as long as the kiosk, and later
        collections need not walk it) and the collector runs again."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        # Ready comes before the home screen's first frame is out (Textual's writer
        # thread writes it): what start-up leaves for later waits until the screen
        # is idle, drawn, rather than hold the writing up.
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.style_every_screen()  # here, while idle, rather than on the first key
        self.sweep_media()  # what a kiosk killed mid-write left behind
        # The embedded bank `kiosk` opens now, off the UI thread (KioskLink.embedded_later);
        # books it cannot open end the kiosk, which then says why (kiosk_cli/main.py).
        if self.link.opening is not None:
            loop = asyncio.get_running_loop()

            def opened(bank: Future[Bank]) -> None:
                if bank.exception() is not None and not loop.is_closed():
                    loop.call_soon_threadsafe(self.exit, None, 2)

            self.link.opening.start().add_done_callback(opened)

    def on_unmount(self) -> None:
        if self._notes is not None:
            # What is still queued for the bank is sent before the program ends.
            self._notes.shutdown(wait=True)

    def tell_bank(
        self,
        what: str,
        work: Callable[[], None],
        refused: Callable[[Refused], None] | None = None,
        done: Callable[[], None] | None = None,
    ) -> None:
        """Tell the bank something no screen waits for, in order and off the UI
        thread; a bank out of reach costs only a line in the kiosk's log (and
        `refused` hears of it, on the UI thread; `done`, that it was told)."""
        if self._notes is None:
            # Imported here: the home screen's first paint needs no thread pool.
            from concurrent.futures import ThreadPoolExecutor

            self._notes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bank-notes")
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:  # told before the App runs: nobody to hear of a refusal
            loop = None

        def send() -> None:
            try:
                work()
            except Refused as refusal:
                log.warning("%s not told to the bank (%s)", what, refusal.code)
                if refused is not None and loop is not None and not loop.is_closed():
                    loop.call_soon_threadsafe(refused, refusal)
                return
            except Exception:  # a note lost is logged; the kiosk goes on
                log.exception("%s not told to the bank", what)
                return
            if done is not None and loop is not None and not loop.is_closed():
                loop.call_soon_threadsafe(done)

        self._last_note = self._notes.submit(send)

    def bank_busy(self) -> bool:
        """A call to the bank is still on its way (a screen's request, a note), or
        the service is on its way to its next step."""
        note = self._last_note
        return (note is not None and not note.done()) or bank_busy(self) or self.moving_on()

    async def bank_settled(self) -> None:
        """Until every call to the bank made so far, and what its answer set off in
        turn, is done: the scenarios' driver waits for this before the next key."""
        while self.bank_busy():
            note = self._last_note
            if note is not None and not note.done():
                await asyncio.wrap_future(note)
            await bank_settled(self)
            await asyncio.sleep(0)  # the service runner pushes its next step

    def bank_round(self) -> None:
        """Embedded: the bank's timed jobs, off the UI thread (a round in progress
        is not started twice)."""
        jobs = self.link.timed_jobs
        if jobs is None:
            return

        def run() -> None:
            try:
                jobs()
            except Exception:  # the next round tries again; no customer is concerned
                log.exception("the bank's timed jobs failed")

        self.run_worker(run, thread=True, group="bank-round", exclusive=True, exit_on_error=False)

    # --- the machine: activity, walk-aways, staff ------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Resize):
            # The terminal's new size (a larger font, a resized window): the
            # layout classes change with it, before the screens are laid out again.
            self.fit_to_size(event.size)
        if isinstance(event, (events.Key, events.MouseDown)):
            self._last_activity = self._ticks()
        if isinstance(event, events.Key) and event.is_printable and self.voice.on:
            from screens.voice import keys_are_secret

            if keys_are_secret(self.focused):
                # A tone per key of a PIN, password or code: heard, never said.
                self.voice.tone(type(self.screen).__name__, current_language())
        if self.autoplay and isinstance(event, events.Paste) and not self._autopilot_event(event):
            return
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and self.coach is not None
            and not self.autoplay
        ):
            if any(sent is event for sent in self.autopilot_keys):
                self.autopilot_keys = [sent for sent in self.autopilot_keys if sent is not event]
            elif not self.staff_on_top() and self.coach.take_key(event):
                return  # guided: the guide decides whether it is the key asked for
        if (
            isinstance(event, events.Paste)
            and self.coach is not None
            and self.coach.guiding
            and not self.staff_on_top()
        ):
            self.coach.say("안내 모드에서는 한 글자씩 눌러 입력합니다.")
            return  # a paste would type past the guide's letter-by-letter count
        if isinstance(event, events.Key) and self.autoplay and not self._autoplay_key(event):
            return
        if (
            isinstance(event, (events.Key, events.Paste))
            and not event.is_forwarded
            and self.screen_stack
            and (pending(self.screen) or self.moving_on())
        ):
            # A request of this screen is with the bank: the kiosk's own keys (F1,
            # F4, F9, ...) still work; what would go to the screen is dropped, so
            # Enter pressed twice is one request, and nothing typed lands meanwhile.
            if isinstance(event, events.Key):
                bound = self.active_bindings.get(event.key)
                if bound is not None and bound.binding.priority:
                    await self.run_action(bound.binding.action, bound.node)
            return
        await super().on_event(event)

    def _autoplay_key(self, event: events.Key) -> bool:
        """Autoplay: whether the key goes on to the kiosk. The autopilot's keys do,
        unless a staff box is on top; the trainer's Space, → and Esc are the demo's."""
        if any(sent is event for sent in self.autopilot_keys):
            return self._autopilot_event(event)
        if self.staff_on_top():
            return True  # the trainer's own box (F10): Esc closes it, keys type into it
        if event.key == "escape":
            self.stop_autoplay()
            return False
        if self.autoplay_waiting:
            if event.key in ("f10", "f4"):
                return True
            if event.key == "right":
                self.autoplay_step_once = True
            self.autoplay_waiting = ""
            self.show_caption(self.caption)
            return False
        if event.key == "space":
            self.action_toggle_pause()
            return False
        if event.key == "right" and self.autoplay_paused:
            self.autoplay_step_once = True
            self.autoplay_paused = False
            self.show_caption(self.caption)
            return False
        return True

    def _autopilot_event(self, event: events.Key | events.Paste) -> bool:
        """Whether a key or paste of the autopilot's goes on: not into a staff box."""
        self.autopilot_keys = [sent for sent in self.autopilot_keys if sent is not event]
        if self.staff_on_top():
            self.autopilot_kept.append(event)
            return False
        return True

    def offered_scenarios(self) -> dict[str, Scenario]:
        from kiosk.training.scenario_files import builtins

        return self.scenarios or builtins()

    def play_scenario(self, scenario: Scenario, pace: float = 0.6) -> None:
        """The trainer's picker: stage what the scenario needs (in a thread: the
        bank does it), then play it here, on screen; when it ends (or Esc stops
        it) the kiosk is a kiosk again."""
        from kiosk.training.stages import stage_remotely

        if self.autoplay:
            self.notify(tr("시연 중입니다. Esc로 멈춘 뒤 고르세요."))
            return
        self.go_home()
        link = self.link

        def refused(refusal: Refused) -> None:  # a bank without --training, or not answering
            self.notify(refusal.message, severity="error")

        call_bank(
            self.screen,
            lambda: stage_remotely(link, scenario.stage),
            lambda _: self._play(scenario, pace),
            refused,
        )

    def _play(self, scenario: Scenario, pace: float) -> None:
        from textual.pilot import Pilot

        from screens.demo.play import autopilot

        async def run() -> None:
            self.autoplay = True
            # As the class dashboard lists this kiosk while the scenario plays.
            self.scenario, self.mode = scenario.name, "demo"
            try:
                pilot: Pilot[object] = Pilot(self)  # type: ignore[arg-type]
                await autopilot(self, pilot, scenario, pace=pace)
            finally:
                self.autoplay = False
                self.autoplay_paused = False
                self.scenario, self.mode = "", "free"
                if self.screen_stack:  # not when the program is closing under it
                    self.end_visit()
                    self.show_caption("")

        self.demo_task = asyncio.get_running_loop().create_task(run())

    @property
    def marks_autopilot(self) -> bool:
        """Keys sent by the autopilot (autoplay) or the guide are told apart."""
        return self.autoplay or (self.coach is not None and self.coach.guiding)

    @property
    def captions_on(self) -> bool:
        return self.autoplay or self.coach is not None

    def learner_ticks(self) -> float:
        return self._ticks()

    def start_learning(
        self, scenario: Scenario, mode: str, learner: str, *, auto: bool = False
    ) -> None:
        """A learner plays `scenario` in `mode` (guided, practice, test) on this kiosk,
        once the bank has staged what it needs: in a thread (the bank makes keys and
        certificates), the home screen saying 잠시만 기다려 주세요 meanwhile; the
        run begins (`coach`) when the bank is done."""
        from kiosk.training.stages import stage_remotely

        if self._learning_busy():
            return
        self.go_home()
        link = self.link

        def refused(refusal: Refused) -> None:  # a bank without --training, or not answering
            self.notify(refusal.message, severity="error")

        def staged(_: object) -> None:
            self.begin_learning(scenario, mode, learner, auto=auto)

        call_bank(self.screen, lambda: stage_remotely(link, scenario.stage), staged, refused)

    def _learning_busy(self) -> bool:
        if self.autoplay or (self.coach is not None and not self.coach.run.finished):
            self.notify(tr("진행 중인 시나리오가 있습니다. 끝난 뒤 고르세요."))
            return True
        return False

    def begin_learning(
        self, scenario: Scenario, mode: str, learner: str, *, auto: bool = False
    ) -> Coach | None:
        """The learner's run of `scenario`, staged already; `auto`: a headless
        check's learner, who presses what the guide asks."""
        from textual.pilot import Pilot

        from screens.demo.coach import Coach, guide

        if self._learning_busy():
            return None
        self.go_home()
        self.coach = coach = Coach(self, scenario, mode, learner)
        self.autoplay_stopped = False
        self.scenario, self.mode, self.learner = scenario.name, mode, learner
        self.errors = 0
        self._reported = True  # the dashboard lists the learner from the start
        coach.begin()
        self.report_station()
        if mode == "guided":
            pilot: Pilot[object] = Pilot(self)  # type: ignore[arg-type]
            self.demo_task = asyncio.get_running_loop().create_task(
                guide(self, pilot, coach, auto=auto)
            )
        return coach

    def end_learning(self) -> None:
        """The run is over and the learner has left it: a kiosk again."""
        self.coach = None
        self.scenario, self.mode = "", "free"
        self.show_caption("")

    def staff_on_top(self) -> bool:
        from screens.modals.operator import StaffModal

        return bool(self.screen_stack) and isinstance(self.screen, StaffModal)

    def autoplay_held(self) -> bool:
        """The autopilot waits: paused, a summary on show, or a staff box open."""
        if not self.autoplay:
            return False  # the tests' own typing, into any box they open
        return self.autoplay_paused or bool(self.autoplay_waiting) or self.staff_on_top()

    def stop_autoplay(self) -> None:
        """Esc: the autopilot presses nothing more; it ends the visit where it stands."""
        self.autoplay_stopped = True
        self.autoplay_paused = False
        self.autoplay_waiting = ""
        self.show_caption("시연을 멈춥니다.")

    def shows(self, step: Step) -> bool:
        """The kiosk is at `step`, its screen on top."""
        return self.session.step is step and isinstance(self.screen, screen_for(step))

    def seconds_left(self) -> float | None:
        """Until the visit is wiped for inactivity; None on the home screen or when off."""
        if self.idle_seconds is None or self._at_rest():
            return None
        # 쉬운 모드 gives twice the time (the warning still comes as long before).
        limit = self.idle_seconds * (2 if easy_mode() else 1)
        return limit - (self._ticks() - self._last_activity)

    def _at_rest(self) -> bool:
        return isinstance(self.screen, HomeScreen) and self.session.service is None

    def _on_the_phone(self) -> bool:
        return any(getattr(screen, "call_in_progress", False) for screen in self.screen_stack)

    @contained
    def check_walk_away(self) -> None:
        """Twice a second: the time left in the header, the warning, or the reset."""
        from screens.modals.idle import IdleWarning

        if not self.screen_stack:
            return  # the program is closing: its timers can outlive the screens

        if self._on_the_phone():
            # The customer is answering the bank's ARS call on the phone: no key is
            # pressed at the kiosk meanwhile, and the visit must not end under them.
            self._last_activity = self._ticks()
            if isinstance(self.screen, IdleWarning):
                self.screen.dismiss()
        left = self.seconds_left()
        self.time_left = None if left is None else max(0, int(left))
        if left is None:
            self._last_activity = self._ticks()
            return
        if left <= 0:
            self.audit("idle", "reset")
            self._walking_away = True  # a learner's run ends as a timeout
            try:
                self.end_visit()
            finally:
                self._walking_away = False
            home = self.screen
            if isinstance(home, HomeScreen):
                home.show_info(
                    "입력이 없어 처음 화면으로 돌아왔습니다. 입력하신 내용은 지웠습니다."
                )
            return
        if left <= self.idle_warning_seconds:
            # Over a box too (the phone, a question): the visit is wiped all the same.
            if isinstance(self.screen, IdleWarning):
                self.screen.show_left(math.ceil(left))
            elif not self.moving_on():  # a box opened between two steps would end up under the next
                self.push_screen(IdleWarning(math.ceil(left)))

    # --- display settings (switched on the home screen, kept for the visit) ----------

    def action_toggle_contrast(self) -> None:
        from screens.display import DEFAULT_THEME, HIGH_CONTRAST

        high = self.theme != HIGH_CONTRAST.name
        self.theme = HIGH_CONTRAST.name if high else DEFAULT_THEME
        self.notify(tr("고대비 화면을 켰습니다." if high else "고대비 화면을 껐습니다."))

    def action_toggle_large_text(self) -> None:
        from screens.display import LARGE_TEXT_CLASS

        self.toggle_class(LARGE_TEXT_CLASS)
        large = self.has_class(LARGE_TEXT_CLASS)
        self.notify(tr("큰 글씨 화면을 켰습니다." if large else "큰 글씨 화면을 껐습니다."))

    async def action_toggle_easy(self) -> None:
        """쉬운 모드: plain words, a word of explanation on each step and twice the time,
        for this visit (the home screen's F5; it ends with the visit)."""
        set_easy(not easy_mode())
        await self.relocalize()
        self.notify(tr("쉬운 모드를 켰습니다." if easy_mode() else "쉬운 모드를 껐습니다."))
        self.announce(self.screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Home has nowhere to go back to, and the display keys belong to home
        # alone (a box over home would otherwise list them too): this keeps the
        # key bar to the keys that do something, within 80 columns.
        at_home = type(self.screen) is HomeScreen
        if action in ("home", "go_back"):
            return not at_home
        if action in ("toggle_contrast", "toggle_large_text", "toggle_easy"):
            return at_home
        return True

    async def action_toggle_language(self) -> None:
        english = current_language() is Language.KOREAN
        set_language(Language.ENGLISH if english else Language.KOREAN)
        await self.relocalize()
        self.notify(tr("한국어 화면입니다." if not english else "English screens are on."))

    async def relocalize(self) -> None:
        """Every screen of the stack again in the visit's language, as the customer left it."""
        from screens.relocalize import relocalize

        for screen in list(self.screen_stack):
            await relocalize(screen)

    def end_visit(self) -> None:
        """The customer is done (or walked away): home, and the display as it was."""
        from screens.display import DEFAULT_THEME, LARGE_TEXT_CLASS

        self.voice.visit_ended()  # the next customer hears the default volume and rate
        self.go_home()
        self.theme = DEFAULT_THEME
        self.remove_class(LARGE_TEXT_CLASS)
        if current_language() is not self.language or easy_mode():
            set_language(self.language)
            set_easy(False)
            self.call_later(self.relocalize)

    def bank_gone(self, message: str | Phrase, code: RefusalCode) -> None:
        """Mid-visit, the bank stopped answering: home, with the message, where the
        next service tries the bank again. What the bank confirmed stays done, and
        nothing it did not confirm was kept (kiosk/certs/issuance.py)."""
        self.record_refusal(code, message)
        self.go_home()
        home = self.screen
        if isinstance(home, HomeScreen):
            home.query_one(MessageLine).error(message)

    def recover(self, error: Exception, where: str) -> None:
        """An error no rule foresaw (screens/guard.py): into the log and the audit log,
        an apology, and home — the kiosk stays up for the next customer."""
        # The frames only: an exception's text can carry what the customer typed.
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("unexpected %s in %s\n%s", type(error).__name__, where, frames)
        session = self.session
        service = "kiosk" if session.service is None else session.service.value
        try:
            self.audit(service, "error", session.customer or session.claimed, type(error).__name__)
        except Exception:  # the audit log itself failing must not stop the kiosk either
            log.exception("audit entry for an unexpected error not recorded")
        if self._recovering:
            return  # going home failed too: what is on screen stays, the log has both
        self._recovering = True
        try:
            try:
                self.end_visit()
            except Exception:  # the same fault closing the bank's visit: home all the same
                log.exception("visit not closed after an unexpected error")
            home = self.screen
            if isinstance(home, HomeScreen):
                # A full disk or a read-only medium is named: staff know what to fix.
                apology = Phrase(APOLOGY)
                home.query_one(MessageLine).error(storage_fault(error) or apology)
        finally:
            self._recovering = False

    def action_call_staff(self) -> None:
        if self.coach is not None and not self.coach.run.finished:
            self.coach.hint()  # a learner's F9: the hint key (practice), or why none (test)
            return
        self.staff_called = True
        self.audit("staff_call", "called", self.session.customer)
        self.notify(
            tr("직원을 호출했습니다. 잠시만 기다려 주세요."), title=tr("직원 호출"), timeout=15
        )

    def action_operator(self) -> None:
        from screens.modals.operator import OperatorPinScreen, OperatorScreen

        if isinstance(self.screen, OperatorPinScreen | OperatorScreen) or self.moving_on():
            return  # between two steps: the next one would cover the box
        self.push_screen(OperatorPinScreen())

    def action_quit_key(self) -> None:
        if not self.kiosk_mode:
            self.exit()
            return
        self.notify(
            tr(
                "키오스크 모드입니다. 도움이 필요하시면 "
                "{key_for[call_staff]:을/를} 눌러 직원을 호출해 주세요."
            )
        )

    def action_toggle_pause(self) -> None:
        self.autoplay_paused = not self.autoplay_paused
        self.show_caption(self.caption)

    def show_caption(self, text: str) -> None:
        """Autoplay: what the customer does now and why, under the screen's title."""
        self.caption = text
        for widget in self.screen.query("#caption"):
            widget.display = self.captions_on
            if isinstance(widget, Static):
                widget.update(self.caption_text())

    def caption_text(self) -> str:
        from kiosk.terminal.browser_keys import name_room_keys

        # A lesson's words name the usual keys; in the browser room, their room keys too.
        return name_room_keys(self._caption_words(), self.terminal.config.bindings)

    def _caption_words(self) -> str:
        if self.coach is not None and not self.autoplay:
            return self.coach.caption()
        if not self.caption:
            return ""
        if self.autoplay_waiting == "start":
            hint = tr("  [Enter: 시작 · →: 한 단계씩 · Esc: 중지]")
        elif self.autoplay_waiting == "end":
            hint = tr("  [아무 키나 누르면 끝납니다]")
        elif self.autoplay_paused:
            hint = tr("  [일시정지 — Space를 누르면 계속, →: 한 단계, Esc: 중지]")
        else:
            hint = ""
        return f"▶ {tr(self.caption)}{hint}"

    def action_nothing(self) -> None:
        """Keys Textual would give a meaning (the command palette) do nothing at a kiosk."""

    def audit(
        self, service: str, outcome: str, customer: Customer | None = None, reason: str = ""
    ) -> None:
        bank = self.bank
        # The bank is out of reach: the kiosk goes on; its log keeps the code.
        self.tell_bank(
            f"audit entry {service} {outcome}",
            lambda: bank.audit(service, outcome, customer, reason),
        )

    # --- the voice ------------------------------------------------------------------

    def announce(self, screen: Screen[object]) -> None:
        """Say the screen now on show (a screen calls this when it comes on top)."""
        from screens.voice import field_words, screen_words

        words = screen_words(screen)
        focused = screen.focused
        if focused is not None:
            # The field the cursor is in, last: what the customer does first.
            field = field_words(focused)
            words += ". " + field if field else ""
        screen.announced = True  # type: ignore[attr-defined]
        left = self.seconds_left() if screen is self.screen else None
        if left is not None:
            # The time limit is heard as well as seen (the header shows it).
            whole = max(0, int(left))
            words += ". " + tr(
                "남은 시간 {minutes}분 {seconds}초", minutes=whole // 60, seconds=whole % 60
            )
        self.say(type(screen).__name__, words)

    def say(self, where: str, text: str) -> None:
        self.voice.say(where, text, current_language())

    def on_say(self, message: Say) -> None:
        self.say(message.where, message.text)

    def on_message_line_shown(self, message: MessageLine.Shown) -> None:
        # Errors and refusals are said where they are shown.
        self.say(type(self.screen).__name__, message.text)

    def action_toggle_voice(self) -> None:
        self.voice.on = not self.voice.on
        if not self.voice.on:
            self.voice.stop()
            self.notify(tr("음성 안내를 껐습니다."))
            return
        if not self.voice.audible:
            self.notify(tr("음성 엔진이 없어 소리를 낼 수 없습니다. 직원을 불러 주세요."))
        self.say("voice", tr("음성 안내를 켰습니다."))
        self.announce(self.screen)

    def action_help(self) -> None:
        """도움말: what the step on show is for and what to press, shown and said."""
        from screens.base import KioskScreen

        below = [screen for screen in self.screen_stack if isinstance(screen, KioskScreen)]
        if not below:
            return
        guidance = below[-1].explanation()
        self.notify(f"{guidance}\n{self._keys_listed()}".strip(), title=tr("도움말"), timeout=20)
        self.say("help", guidance)

    def _keys_listed(self) -> str:
        """Every key the screen answers to with its name: a small terminal's key bar
        leaves some off (KioskFooter), and the help lists them all."""
        from kiosk.core.i18n import SWITCH_LABEL

        names = []
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if not enabled or not binding.description:
                continue
            name = (
                SWITCH_LABEL[current_language()]
                if binding.action == "toggle_language"
                else tr(binding.description)
            )
            shown = f"{self.get_key_display(binding)} {name}"
            if shown not in names:
                names.append(shown)
        return tr("키: {keys}", keys=" · ".join(names)) if names else ""

    def action_voice_replay(self) -> None:
        self.voice.replay()

    def action_voice_stop(self) -> None:
        self.voice.stop()

    def action_voice_volume(self, steps: int) -> None:
        volume = self.voice.louder(steps)
        self.say("voice", tr("음량 {volume}", volume=volume))

    def action_voice_rate(self, steps: int) -> None:
        rate = self.voice.faster(steps)
        self.say("voice", tr("속도 {rate}", rate=rate))

    # --- the flow -------------------------------------------------------------

    def _settle_unconfirmed(self) -> list[int]:
        """Files set aside when the bank stopped answering mid-delivery are settled
        as soon as it answers again: a visit has just opened, so it does. In the
        thread that opened the visit (the bank is asked about each)."""
        from kiosk.certs.issuance import settle_unconfirmed

        try:
            return settle_unconfirmed(self.terminal.media, self.bank.delivery_recorded)
        except Refused as refused:
            log.warning("unconfirmed deliveries left for later (%s)", refused.code)
        except OSError as error:  # a stick pulled meanwhile: the next visit tries again
            log.warning("unconfirmed deliveries left for later (%s)", type(error).__name__)
        return []

    def start_service(self, service: Service) -> None:
        """Begin `service` from its first step (from home, or switching mid-visit):
        the bank opens the visit (in a thread), then the first step shows."""
        if self.coach is not None and self.coach.run.finished:
            self.end_learning()  # the next visit is a customer's own
        menu = self.screen if isinstance(self.screen, SubmenuScreen) else None
        if not isinstance(self.screen, HomeScreen):
            self.go_home()
        from screens.base import KioskScreen

        home = self.screen
        assert isinstance(home, KioskScreen)

        def open_visit() -> tuple[str, list[int]]:
            # The bank reached here, in the thread: an embedded bank still opening
            # (a first start makes its CAs) is waited for off the UI thread.
            visit = self.bank.open_visit(service)
            return visit, self._settle_unconfirmed()

        home.call_bank(
            open_visit,
            lambda opened: self._visit_opened(service, menu, *opened),
            lambda refused: home.show_error(refused.phrase, refused.code),
        )

    def _visit_opened(
        self, service: Service, menu: SubmenuScreen | None, visit: str, placed: list[int]
    ) -> None:
        for serial in placed:
            self.audit("issue", "delivered_late", reason=str(serial))
        # 이전 on the first step goes back to the list the service was picked from.
        self._from_menu = None if menu is None else menu.submenu
        # Keys are made in the background while the customer works through the
        # steps, so 확인 → 완료 never waits for RSA key generation.
        self.terminal.keys.prime()
        self.run_service(service, visit)

    @work(exclusive=True, group=SERVICE, name="service", exit_on_error=False)
    async def run_service(self, service: Service, visit: str) -> None:
        """One service, from its first step to its last, as one worker: the screen of
        the machine's step is pushed and waited for (`push_screen_wait`), and what
        it ends with goes to the machine, which names the next step. 처음으로, a
        walk-away or another service cancels the worker (go_home); an error no
        rule foresaw ends it, and the App's guard sends the kiosk home
        (on_worker_state_changed)."""
        # With the first service: the steps' results are not needed for the home screen.
        from kiosk.visit.machine import VisitMachine
        from kiosk.visit.results import Back, Home
        from screens.base import ServiceBackdrop, StandIn

        machine = VisitMachine(service, visit)
        await self.push_screen(ServiceBackdrop(machine.session))
        # The visit is under way with its first step on show, not before (F10
        # pressed in between would open a box that the step then closes).
        self.machine, self.session = machine, machine.session
        if self.coach is not None:
            self.coach.service_started(service)
        shown = self._shown  # the step screens so far, one per step: 이전 shows them again
        screen: StepScreen[Any] | None = None
        while True:
            if screen is None:
                if machine.finished:
                    # 완료, or the details a 보기 service ends on: after the receipt.
                    await self._service_done()
                screen = await self._step_screen(machine)
                if screen is None:
                    return  # the bank refused what the step shows (said, and handled)
            ended = await self._show_step(screen)
            screen = None
            if isinstance(ended, StandIn):
                self._discard(shown.pop())
                screen = ended.screen
                self.install_screen(screen, f"step-{id(screen)}")
                shown.append(screen)
            elif isinstance(ended, Back):
                self._discard(shown.pop())
                if machine.back() is None:
                    self._leave_service()
                    return
                screen = shown[-1]
            elif isinstance(ended, Home):
                self.end_visit()
                return
            else:
                machine.apply(ended)  # out of order raises: the guard sends the visit home

    async def _step_screen(self, machine: VisitMachine) -> StepScreen[Any] | None:
        """The screen of the machine's step, with what it shows that only the bank
        knows (`ask_bank`, in a thread). Refused: the customer is back on the step
        before, which says why (home when the bank is gone, or from the first step)."""
        from screens.base import BANK_GONE, StepScreen

        session = machine.session
        step = session.step
        assert step is not None
        screen_class = screen_for(step)
        known: object = None
        if screen_class.ask_bank.__func__ is not StepScreen.ask_bank.__func__:  # type: ignore[attr-defined]
            bank = self.bank
            try:
                known = await self._in_thread(lambda: screen_class.ask_bank(bank, session))
            except Refused as refused:
                if refused.code in BANK_GONE or machine.back() is None:
                    self.bank_gone(refused.phrase, refused.code)
                    return None
                earlier = self._shown[-1]
                earlier.show_refusal(refused)
                return earlier
        screen = screen_class(session)
        screen.known = known
        self.install_screen(screen, f"step-{id(screen)}")
        self._shown.append(screen)
        return screen

    async def _show_step(self, screen: StepScreen[Any]) -> StepEnd | StandIn:
        """Push the step's screen and wait for how it ends."""
        while isinstance(self.screen, ModalScreen):
            self.pop_screen()  # the trainee's phone closes when the kiosk moves on
        # The kiosk moved on (by itself too, as when the ARS call passed): the
        # customer gets the whole time for the new step.
        self._last_activity = self._ticks()
        if self.coach is not None:
            self.coach.moved()
        self.report_station()
        if screen.is_mounted:
            from screens.relocalize import relocalize

            await relocalize(screen)  # F4 may have been pressed while a later step was on show
        self._awaited = screen
        try:
            return await self.push_screen_wait(screen)
        finally:
            self._awaited = None

    async def _in_thread(self, work: Callable[[], R]) -> R:
        """`work` (the bank) in a thread, waited for as the screens' calls are
        (bank_settled); what it raises is raised here."""
        worker = self.run_worker(
            work, name="service bank call", group=HELD, thread=True, exit_on_error=False
        )
        try:
            return await worker.wait()
        except WorkerFailed as failed:
            raise failed.error from None

    def _discard(self, screen: StepScreen[Any]) -> None:
        """A step screen left for good (이전 from it, or another screen stood in)."""
        self.uninstall_screen(screen)
        # After Textual's own pop: one popped while installed is kept, and goes here.
        self.call_later(self._remove_screen, screen)

    def _remove_screen(self, screen: StepScreen[Any]) -> None:
        # `display` is False once Textual is closing or pruning it (a screen is never
        # hidden otherwise): removed already, not to be removed twice.
        if screen.is_attached and screen not in self.screen_stack and screen.display:
            screen.remove()

    def _leave_service(self) -> None:
        """이전 on the first step: back to the list the service was picked from."""
        menu = self._from_menu
        self.go_home()
        if menu is not None:
            self.push_screen(SubmenuScreen(menu))

    def moving_on(self) -> bool:
        """Between two steps of a service: one step's screen has ended and the
        next one is not on show yet (the bank is asked what it shows)."""
        worker = self._service_worker()
        if worker is None:
            return False
        awaited = self._awaited
        return awaited is None or awaited not in self.screen_stack

    def _service_worker(self) -> Worker[None] | None:
        for worker in self.workers:
            if worker.group == SERVICE and not worker.is_finished and not worker.is_cancelled:
                return worker
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The service runner's unexpected error: the guard's apology, home.
        error = event.worker.error
        if (
            event.worker.group == SERVICE
            and event.state is WorkerState.ERROR
            and isinstance(error, Exception)
        ):
            contain(self, error, "KioskApp.run_service")

    def report_station(self) -> None:
        """Tell the bank where this kiosk's learner is, for the trainer's dashboard.
        Not before the first service: an idle kiosk does not reach for the bank."""
        service = self.session.service
        if service is None and not self._reported:
            return
        self._reported = True
        step = self.session.step
        from kiosk.bankside.audit import masked_customer
        from kiosk.bankside.classroom import StationStatus

        status = StationStatus(
            learner=self.learner,
            customer=masked_customer(self.session.customer or self.session.claimed),
            scenario=self.scenario,
            mode=self.mode,
            service="" if service is None else service.value,
            step="" if step is None or service is None else step.value,
            errors=self.errors if self.coach is None else len(self.coach.run.errors),
        )
        bank, station = self.bank, self.station
        # The dashboard waits; the customer does not.
        self.tell_bank("station status", lambda: bank.report_station(station, status))

    async def _service_done(self) -> None:
        """A finished service: into the audit log, and a 처리결과 확인서 from the
        printer (the bank's time and the kiosk's name on it asked in a thread)."""
        session = self.session
        assert session.service is not None
        if session.scam_stopped:
            return  # nothing was done: the bank recorded the stop, no receipt
        self.audit(session.service.value, "done", session.customer)
        bank = self.bank

        def stamp() -> tuple[dt.datetime, str]:
            return bank.now(), bank.kiosk_id()

        try:
            stamped = await self._in_thread(stamp)
        except Refused:
            return  # done at the bank when it does not answer: the printer waits for the bank
        self._print_receipt(session, *stamped)

    def _print_receipt(self, session: Session, now: dt.datetime, kiosk_id: str) -> None:
        from kiosk.terminal import receipts

        assert session.service is not None
        receipt = receipts.for_session(session, now, kiosk_id)
        if receipt is None:
            return
        try:
            session.receipt = receipts.save(self.terminal.data_dir, receipt, session.service.value)
        except OSError as error:
            # The service is done at the bank: a full disk must not turn it into an
            # apology. The result screen shows no receipt.
            log.warning("receipt not saved: %s", error.strerror)
        self.print_receipt(receipt.text, session.service.value)

    def print_receipt(self, text: str, service: str) -> Refused | None:
        """On the terminal's printer; a failure is told and audited, never undoes the
        service (the receipt stays in receipts/ for staff to reprint, F10)."""
        try:
            self.terminal.printer.print_text(text)
        except Refused as refused:
            self.session.receipt_problem = refused.phrase
            self.audit(service, "receipt_not_printed", self.session.customer, refused.code)
            return refused
        return None

    def go_home(self) -> None:
        """처음으로: everything the customer entered is dropped, modals included."""
        visit = self.session.visit
        if self.coach is not None and visit is not None:
            self.coach.left(timed_out=self._walking_away)  # a run left before its end
        self.machine = None
        self.session = Session()
        self.phone_in_hand = None
        service = self._service_worker()
        if service is not None and service is not _current_worker():
            service.cancel()  # it waits for a step that is gone
        shown, self._shown = self._shown, []
        while len(self.screen_stack) > 1:  # the home screen is the bottom one
            self.pop_screen()
        for screen in shown:
            self._discard(screen)
        # Last: what the customer entered is gone even if the bank cannot be told.
        if visit is not None:
            # An unreachable bank ends it by itself.
            bank = self.bank
            self.tell_bank("visit ended", lambda: bank.end_visit(visit))
        if self.coach is not None:
            self.show_caption(self.caption)  # the home screen shows the learner's line too
        self.report_station()
        self._tell_the_room_the_visit_ended()

    def _tell_the_room_the_visit_ended(self) -> None:
        """In a browser room, the page's text size goes back to 100 % for the next
        customer (kiosk_cli/room_pages/app_index.html): the page hears it as the
        terminal's title, the one thing a terminal program can tell xterm.js."""
        driver = self._driver
        if driver is not None and self.is_web:
            self._visits_ended += 1
            driver.write(f"\x1b]2;{ROOM_VISIT_ENDED}{self._visits_ended}\x07")

    def action_home(self) -> None:
        self.go_home()

    def action_go_back(self) -> None:
        """이전: one step back; from the first step or a finished service, home."""
        if isinstance(self.screen, ModalScreen):
            self.screen.dismiss()
            return
        if self.machine is None:
            self.go_home()
            return
        from kiosk.visit.results import Back
        from screens.base import StepScreen

        if pending(self.screen) or self.moving_on():
            return  # the bank has the step's request: its answer decides where to go
        screen = self.screen
        if not isinstance(screen, StepScreen):
            return
        if screen.busy:
            return  # issuing: the certificate is being made and cannot be abandoned halfway
        if screen.back_inside():
            return  # out of the field beside a list, back to the list
        screen.end(Back())

    def record_refusal(self, code: RefusalCode, message: str | Phrase) -> None:
        self.errors += 1
        refusal = Refusal(self.session.step, code, Phrase.of(message))
        self.session.last_refusal = refusal
        # Codes only: messages can echo what the customer typed.
        log.info("refusal step=%s code=%s", refusal.step, code)
        service = self.session.service
        self.audit(
            "home" if service is None else service.value,
            "refused",
            self.session.customer or self.session.claimed,
            code,
        )
        if self.coach is not None and not self.staff_on_top():
            self.coach.refused(code, refusal.message)  # the trainer's PIN is not the learner's
        self.report_station()

    # --- trainer tools --------------------------------------------------------

    def action_toggle_trainer(self) -> None:
        self.trainer_visible = not self.trainer_visible

    def action_phone(self) -> None:
        """The trainee picks up the customer's phone (and OTP token)."""
        if isinstance(self.screen, ModalScreen):
            return
        from screens.modals.phone import PhoneScreen

        known = self.session.customer or self.session.claimed
        devices, in_hand = self.devices, self.phone_in_hand

        def look_up() -> tuple[Customer | None, Phone | None]:
            customer = known
            if customer is None and in_hand is not None:
                customer = devices.customer_by_phone(in_hand)
            return customer, None if customer is None else devices.phone_of(customer.id)

        def picked_up(found: tuple[Customer | None, Phone | None]) -> None:
            customer, phone = found
            if isinstance(self.screen, ModalScreen) or self.moving_on():
                return  # a box came up meanwhile (the walk-away warning), or the step ended
            self.push_screen(
                PhoneScreen(
                    devices,
                    None if phone is None else phone.number,
                    None if customer is None else customer.id,
                    self.phone_wallet,
                )
            )

        # A bank serving real customers has no simulated phones: its refusal is shown.
        call_bank(self.screen, look_up, picked_up)

    def phone_wallet(self, phone_number: str) -> PhoneWallet:
        """The certificates the customer's phone keeps (beside the kiosk's data, as
        `kiosk phone` on the same data directory keeps them)."""
        from kiosk.certs.phone_store import PhoneWallet

        wallet = self.phone_wallets.get(phone_number)
        if wallet is None:
            wallet = PhoneWallet.of(self.terminal.data_dir, phone_number)
            self.phone_wallets[phone_number] = wallet
        self.phone_in_hand = phone_number
        return wallet

    def action_skip_time(self) -> None:
        """Trainer: move the kiosk's clock a minute on, to show codes and calls expiring."""
        bank = self.bank

        def moved() -> None:
            self.notify(tr("[교육용] 시간을 1분 앞당겼습니다."))

        def refused(refusal: Refused) -> None:
            self.notify(refusal.message, severity="error")

        # In order with what the kiosk tells the bank, never lost to a screen's call.
        self.tell_bank("clock moved", lambda: bank.advance_clock(60), refused, moved)

    def action_toggle_usb(self) -> None:
        media = self.terminal.media
        if media.real_usb:
            # A real port ([devices] usb): only the customer's hand plugs and pulls.
            self.notify(tr("이 키오스크는 실제 USB 포트를 씁니다. USB를 직접 꽂거나 뽑아 주세요."))
            return
        if media.is_present(Medium.USB):
            media.pull_usb()
        else:
            media.insert_usb()
        self.check_usb()

    def sweep_media(self, medium: Medium | None = None) -> None:
        """Leftovers of interrupted writes, dropped off the UI thread."""
        media = self.terminal.media

        def sweep() -> None:
            try:
                media.sweep_leftovers(medium)
            except Exception:  # left over is swept the next time; no customer is concerned
                log.exception("the media's leftovers were not swept")

        self.run_worker(sweep, thread=True, group="sweep", exit_on_error=False)

    @contained
    def check_usb(self) -> None:
        """Twice a second (and after F3): a stick put in or pulled out is said, and the
        screen on show sees it at once (its list, its selection, its medium choice)."""
        if not self.screen_stack:
            return
        change = self.usb_watch.poll()
        if change is None:
            return
        if change is UsbChange.INSERTED:
            self.sweep_media(Medium.USB)  # what a pull mid-write left on it
            self.notify(tr("USB를 연결했습니다."))
        else:
            self.notify(tr("USB를 분리했습니다."))
        self.screen.post_message(UsbChanged(change))
        for panel in self.screen.query(TrainerPanel):
            panel.refresh_content()
