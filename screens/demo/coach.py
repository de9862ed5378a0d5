"""The learner modes on the kiosk: a learner plays a scenario's customer with their
own keys (kiosk/training/learning.py keeps the score).

- guided: the learner's keys go to the guide first (GuidedDriver): the one the
  scenario asks for next is acted on, any other is not, and is explained;
- practice: the kiosk is the learner's; F9 (or Ctrl+G) explains the current
  step, and each error (a refusal, another choice than the scenario's) is explained;
- test: the same kiosk, no hints and no explanations; a score at the end.

The customer's data card stays in the caption under every screen, so the learner
can type it. The finished run goes to the bank (BankService.record_learner_result)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import events

from kiosk.bankside.classroom import LearnerError, LearnerResult
from kiosk.core.i18n import Phrase, tr
from kiosk.core.refusal import Refused
from kiosk.terminal.browser_keys import room_key
from kiosk.training import learning
from kiosk.training.learning import GUIDED, PRACTICE, TEST, LearnerRun
from kiosk.training.scenario_files import Scenario
from kiosk.visit.flows import Service
from kiosk.visit.session import IssuanceState
from screens.demo.driver import Driver, ScenarioStopped, ScenarioStuck, workers_done
from screens.key_names import keys_for, written

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from screens.app import KioskApp

# Keys a learner in guided mode uses beside the guide's: the trainer's and the
# display's (F2 panel, F4 language, F10 operator, Ctrl+G help), and F1 to give up;
# wherever kiosk.toml or the browser room put them.
PASS_IDS = ("home", "trainer", "language", "operator", "help")


class Coach:
    """One learner's run on this kiosk, from start to score."""

    def __init__(self, app: KioskApp, scenario: Scenario, mode: str, learner: str) -> None:
        self.app = app
        self.scenario = scenario
        self.mode = mode
        self.learner = learner
        self.run = LearnerRun(scenario, mode, learner, app.learner_ticks())
        self.card = learning.data_card(scenario)
        self.guidance = ""  # what the caption says now, under the data card
        self.keys: asyncio.Queue[events.Key | None] = asyncio.Queue()
        self.stopped = False
        self.recorded: Refused | None = None  # why the bank did not keep the result
        # Guided: the key the guide waits for now ("" while none, or one is on its way).
        self.waiting_for = ""

    @property
    def pass_keys(self) -> frozenset[str]:
        return frozenset(key for id_ in PASS_IDS for key in keys_for(self.app, id_))

    @property
    def guiding(self) -> bool:
        return self.mode == GUIDED and not self.run.finished

    def caption(self) -> str:
        """The data card, then the guidance (as markup: keys are shown in brackets)."""
        lines = [self.card.line().render()]
        if self.guidance:
            lines.append(f"▶ {self.guidance}")
        return escape("\n".join(lines))

    def say(self, words: Phrase | str) -> None:
        self.guidance = words.render() if isinstance(words, Phrase) else tr(words)
        self.app.show_caption(self.app.caption)

    def begin(self) -> None:
        mode = Phrase(learning.MODE_WORDS[self.mode]).render()
        if self.mode == GUIDED:
            self.say(Phrase("{mode}: 화면 아래 안내대로 키를 누르세요.", mode=mode))
        elif self.mode == PRACTICE:
            self.say(
                Phrase(
                    "{mode}: '{service}'을(를) 해 보세요. 막히면 힌트 키 {key_for[call_staff]:을/를} 누르세요.",
                    mode=mode,
                    service=self.scenario.service.label,
                )
            )
        else:
            self.say(
                Phrase(
                    "{mode}: '{service}'을(를) 해 보세요. 힌트 없이 채점합니다.",
                    mode=mode,
                    service=self.scenario.service.label,
                )
            )

    # --- what the kiosk tells the coach -------------------------------------------

    def _explain(self, error: LearnerError | None, message: str = "") -> None:
        if error is None or self.mode == TEST:
            return  # test: no explanations; the score names the errors
        self.say(learning.explain(self.run, error, message))

    def service_started(self, service: Service) -> None:
        if not self.run.finished:
            self._explain(self.run.service_started(service))

    def moved(self) -> None:
        if self.run.finished:
            return
        session = self.app.session
        chosen: dict[str, str] = {}
        issuing = session.state if isinstance(session.state, IssuanceState) else None
        if issuing is not None and issuing.product is not None:
            chosen["product"] = issuing.product.code
        if session.factors:
            chosen["method"] = session.factors[-1].value
        if issuing is not None and issuing.medium is not None:
            chosen["medium"] = issuing.medium.value
        customer = session.customer or session.claimed
        if customer is not None:
            chosen["customer"] = customer.name
        if issuing is not None and issuing.warning_answer is not None:
            chosen["warning"] = issuing.warning_answer
        error = self.run.moved(session.step, chosen, self.app.learner_ticks())
        if error is not None:
            self._explain(error)
        elif self.mode == PRACTICE and session.step is not None:
            self.say(
                Phrase(
                    "{service}: {step}",
                    service=self.scenario.service.label,
                    step=session.step.label,
                )
            )
        machine = self.app.machine
        if machine is not None and machine.finished:
            self.finish_with_outcome()

    def refused(self, code: str, message: str) -> None:
        if self.run.finished:
            return
        if self.run.expects_refusal(code):
            self.finish_with_outcome()
            return
        self._explain(self.run.refused(code), message)

    def hint(self) -> None:
        """F9 in practice: what to do now and why."""
        if self.run.finished:
            return
        if self.mode == PRACTICE:
            self.say(self.run.hint())
        elif self.mode == TEST:
            self.say("평가 중에는 힌트가 없습니다.")
        else:
            self.say(self.guidance)

    def left(self, *, timed_out: bool) -> None:
        """The visit ended before the scenario's end: walked away, or 처음으로."""
        if self.run.finished:
            return
        if not timed_out and self.app.session.service is not self.scenario.service:
            return  # leaving another service than the scenario's is putting it right
        if not timed_out and self.run.goes_home:
            return  # the scenario itself goes home and starts again (a lockout lesson)
        why = learning.TIMEOUT if timed_out else learning.GAVE_UP
        self._done(self.run.finish(why, False, self.app.learner_ticks(), why=why))
        self.stopped = True
        self.keys.put_nowait(None)  # a guide waiting for a key stops
        if self.mode == GUIDED:
            self.app.autoplay_stopped = True  # and one waiting for a screen

    def finish_with_outcome(self) -> None:
        from screens.demo.play import outcome

        report = outcome(self.app, self.scenario, None)
        completed = self.scenario.expect.met_by(report)
        self._done(self.run.finish(str(report.get("outcome")), completed, self.app.learner_ticks()))

    def _done(self, result: LearnerResult) -> None:
        bank, station = self.app.bank, self.app.station

        def unrecorded(refused: Refused) -> None:
            self.recorded = refused  # the score is shown; the report waits for the bank

        self.app.tell_bank(
            "learner result", lambda: bank.record_learner_result(station, result), unrecorded
        )
        self.say(Phrase("{score} — {key_for[home]}: 처음으로", score=learning.score_line(result)))
        self.app.report_station()

    # --- guided: the learner's keys -------------------------------------------------

    def take_key(self, event: events.Key) -> bool:
        """Guided: True when the learner's key was taken by the guide (not acted on
        by the kiosk until it is the one asked for)."""
        if not self.guiding or event.key in self.pass_keys:
            return False
        self.waiting_for = ""
        self.keys.put_nowait(event)
        return True

    async def next_key(self) -> events.Key:
        event = await self.keys.get()
        if event is None or self.stopped:
            raise ScenarioStopped
        return event


class GuidedDriver(Driver):
    """The scenario's keys, each one waiting for the learner to press it (with
    `auto`, a learner who always presses the right one: headless checks)."""

    def __init__(
        self, app: KioskApp, pilot: Pilot[object], coach: Coach, *, auto: bool = False
    ) -> None:
        super().__init__(app, pilot, 0.0)
        self.coach = coach
        self.auto = auto
        self.typing = ""  # the text being typed, for the guide's words
        self.typed = 0
        self.step_what: Phrase | None = None
        self.told: Phrase | None = None  # where the code being typed comes from

    def tell(self, words: Phrase) -> None:
        """Where a code comes from: part of the guidance while it is typed."""
        self.told = words
        self.coach.say(words)

    async def type(self, text: str) -> None:
        self.typing, self.typed = text, 0
        try:
            await self.press(*text)
        finally:
            self.typing, self.told = "", None

    def _ask(self, key: str, wrong: str = "") -> None:
        why = self.step_caption or ""
        if self.typing:
            asked = Phrase(
                "'{text}'을(를) 입력합니다 — 다음 글자: {key}",
                text=self.typing,
                key=written(key),
            )
        else:
            asked = Phrase("다음 키: [{key}]", key=written(key))
        what = self.told if self.told is not None and self.typing else self.step_what
        words = Phrase("{asked}  {what} {why}", asked=asked, what=what or "", why=why)
        if wrong:
            words = Phrase(
                "[{wrong}]은(는) 지금 누를 키가 아닙니다. {words}",
                wrong=written(wrong),
                words=words,
            )
        self.coach.say(words)

    async def _send(self, key: str) -> bool:
        wrong = ""
        # In the browser room the learner is asked for the room key (F6 → Alt+O).
        room = room_key(self.app.terminal.config.bindings, key)
        while not self.auto:
            self._ask(room or key, wrong)
            self.coach.waiting_for = room or key
            pressed = await self.coach.next_key()
            if (len(key) == 1 and pressed.character == key) or pressed.key in (key, room):
                break
            expected = f"text:{key}" if self.typing else key
            self.coach.run.wrong_key(expected)
            self.app.report_station()
            wrong = pressed.key if pressed.character is None else pressed.character
        if self.typing:
            self.typed += 1
        return await super()._send(key)


async def guide(app: KioskApp, pilot: Pilot[object], coach: Coach, *, auto: bool) -> None:
    """Guided mode: the scenario's steps, key by key, from the learner."""
    from screens.demo.scenarios import perform

    driver = GuidedDriver(app, pilot, coach, auto=auto)
    try:
        for step in coach.scenario.steps:
            driver.step_caption = None if step.caption is None else step.caption.shown()
            driver.step_what = learning.what_to_do(coach.scenario, step)
            if step.screen is not None:
                await driver.at(step.screen)
            for _ in range(step.repeat):
                await perform(driver, coach.scenario, step)
    except ScenarioStopped:
        return
    except ScenarioStuck:
        if coach.run.finished:
            return  # the learner left while the guide waited for the next screen
        raise
    finally:
        app.autoplay_stopped = False  # the guide is done; nothing else is stopped
    # The last step done: the kiosk's own end (완료, or the refusal taught) scores it.
    await workers_done(app)
    if not coach.run.finished:
        coach.finish_with_outcome()
