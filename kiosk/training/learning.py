"""A learner's run of a scenario (guided, practice, test): which step comes next,
what counts as an error and of which kind, and the score at the end.

The scenario's steps are explicit (kiosk/training/scenario_files.py): each one is
done on one screen. The kiosk tells a run which screen it reached, what the
customer chose on the screen just left (product, method, medium, customer), each
refusal, and how the visit ended; the run matches these against the steps. Plain
Python, with the time passed in as seconds, so it is tested without a screen.

Errors are classified as the class report shows them:
- wrong_step: another service than the scenario's, another choice than the step's
  (product, authentication method, medium), or a key guided mode did not ask for;
- input_error: a refusal of what was typed (a wrong code, a weak password, ...);
- timeout: a code or call that expired, or the kiosk's walk-away reset;
- gave_up: the visit left mid-way (처음으로) or stopped by the trainer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.bankside.classroom import LearnerError, LearnerResult, StepTime
from kiosk.certs.products import ISSUABLE
from kiosk.core.i18n import Phrase
from kiosk.core.refusal import RefusalCode
from kiosk.people import demo_customers
from kiosk.training.captions import CAPTIONS
from kiosk.training.scenario_files import Scenario, ScenarioStep
from kiosk.visit.flows import Service, Step

GUIDED, PRACTICE, TEST = "guided", "practice", "test"
LEARNER_MODES = (GUIDED, PRACTICE, TEST)
WRONG_STEP, INPUT_ERROR, TIMEOUT, GAVE_UP = "wrong_step", "input_error", "timeout", "gave_up"

# Refusals that mean time ran out rather than that something was typed wrong.
TIMEOUT_CODES = frozenset(
    {
        RefusalCode.AUTH_EXPIRED.value,
        RefusalCode.ARS_EXPIRED.value,
        RefusalCode.ONE_WON_EXPIRED.value,
        RefusalCode.COPY_CODE_EXPIRED.value,
    }
)

MODE_WORDS = {GUIDED: "안내", PRACTICE: "연습", TEST: "평가"}
KIND_WORDS = {
    WRONG_STEP: "다른 단계",
    INPUT_ERROR: "입력 오류",
    TIMEOUT: "시간 초과",
    GAVE_UP: "중단",
}


def classify_refusal(code: str) -> str:
    return TIMEOUT if code in TIMEOUT_CODES else INPUT_ERROR


def expected_choices(step: ScenarioStep) -> dict[str, str]:
    """What the customer must have chosen once `step` is done, as the kiosk reports
    its session: product (code), method, medium, customer (name)."""
    if step.action == "choose_product":
        return {"product": ISSUABLE[step.number("choice") - 1].code}
    if step.action == "authenticate":
        return {"method": step.text("method")}
    if step.action == "choose_medium":
        return {"medium": step.text("medium")}
    if step.action in (
        "identify",
        "identify_by_fincert",
        "vid_check",
        "account_check",
        "phone_check",
    ):
        return {"customer": step.text("customer")}
    if step.action == "heed_warning":
        return {"warning": "stopped" if step.text("answer") == "stop" else "continued"}
    return {}


@dataclass(frozen=True)
class DataCard:
    """What the learner reads to type: the scenario's customer, as a card in hand.
    Training data of a fictional customer (kiosk/people/demo_customers.py)."""

    name: str
    rrn: str
    phone: str
    password: str
    pin: str
    document: Phrase  # the ID the scenario's customer shows, with what the kiosk asks of it
    account: str  # the account and its password (fees, 본인확인 by account)
    cloud: bool = False  # a 금융인증서 service: a PIN, no certificate password
    pin_too: bool = False  # a 공동인증서 service whose 본인확인 is by 금융인증서: both

    def line(self) -> Phrase:
        """One line under the screen (it shares a small screen): what this
        scenario's steps ask for, no more.

        The resident number is shown whole, unlike anywhere else on the kiosk: the
        learner has to type it, and it is a fictional person's. The card says so, is
        never spoken and never reaches the dashboard; the printed handout, which
        leaves the room, masks it."""
        if self.cloud:
            secret = Phrase("PIN {pin}", pin=self.pin)
        elif self.pin_too:
            secret = Phrase(
                "인증서 비밀번호 {password} · PIN {pin}", password=self.password, pin=self.pin
            )
        else:
            secret = Phrase("인증서 비밀번호 {password}", password=self.password)
        return Phrase(
            "가상 고객 카드: {name} · 주민등록번호 {rrn} · {document} · 휴대폰 {phone} · "
            "계좌 {account} · {secret}",
            name=self.name,
            rrn=self.rrn,
            document=self.document,
            phone=self.phone,
            account=self.account,
            secret=secret,
        )


def _document(person: demo_customers.DemoCustomer, kind: str) -> Phrase:
    """The ID the learner holds: what the kiosk asks of it (issue date, or number
    and expiry), as printed on it."""
    documents = {d.kind.name.lower(): d for d in person.documents}
    shown = documents.get(kind) or person.documents[0]
    if shown.issue_date:
        return Phrase("{kind} 발급일 {date}", kind=Phrase(shown.kind.value), date=shown.issue_date)
    return Phrase(
        "{kind} {number} (만료 {date})",
        kind=Phrase(shown.kind.value),
        number=shown.number or "-",
        date=shown.expiry_date or "-",
    )


def data_card(scenario: Scenario) -> DataCard:
    person = demo_customers.find(scenario.customer)
    password = demo_customers.DEMO_PASSWORD
    pin = demo_customers.DEMO_PIN
    screen: Step | None = None
    document = "resident_card"
    for step in scenario.steps:
        screen = step.screen or screen
        if step.action == "identify":
            document = step.text("document")
        if step.action == "set_password":
            password = step.text("password")
        elif step.action == "type" and screen is Step.PASSWORD:
            password = step.text("text")  # the customer's own choice, weak or not
        elif step.action == "new_pin":
            pin = step.text("pin")
    phone = "-" if person.phone is None else f"{person.phone[1]} ({person.phone[0]})"
    account = person.accounts[0]
    return DataCard(
        person.name,
        person.rrn,
        phone,
        password,
        pin,
        _document(person, document),
        f"{account.number} ({account.pin})",
        scenario.service.is_cloud,
        any(step.action == "identify_by_fincert" for step in scenario.steps),
    )


def what_to_do(scenario: Scenario, step: ScenarioStep) -> Phrase:
    """The step in a learner's words: what to do here (hints and explanations)."""
    action = step.action
    if action == "start":
        return Phrase("처음 화면에서 '{service}'을(를) 고릅니다.", service=scenario.service.label)
    if action == "identify":
        return Phrase("고객 카드의 이름과 주민등록번호, 신분증 정보를 입력합니다.")
    if action == "identify_by_fincert":
        return Phrase(
            "{key_for[other_way]:을/를} 눌러 금융인증서로 본인확인합니다: 고객 카드의 이름과 주민등록번호를 넣고, "
            "PIN을 보안 키패드로 입력합니다."
        )
    if action == "agree":
        return Phrase("1을 눌러 약관에 모두 동의합니다.")
    if action == "choose_product":
        product = ISSUABLE[step.number("choice") - 1]
        return Phrase(
            "{number}번 '{product}'을(를) 고릅니다.",
            number=step.number("choice"),
            product=Phrase(product.name),
        )
    if action == "authenticate":
        return Phrase(
            "추가인증은 '{method}'(으)로 합니다. 코드는 {key_for[phone]} 휴대폰·OTP에서 봅니다.",
            method=step.text("method").upper(),
        )
    if action in ("choose_medium", "copy_to"):
        medium = "하드디스크" if step.text("medium") == "hdd" else "USB"
        return Phrase("저장매체는 '{medium}'입니다.", medium=Phrase(medium))
    if action in ("set_password", "change_password", "open_cert", "find_cert"):
        return Phrase("고객 카드의 인증서 비밀번호를 입력하고 Enter를 누릅니다.")
    if action in ("new_pin", "enter_pin"):
        return Phrase("고객 카드의 PIN을 보안 키패드로 입력합니다.")
    if action == "take_call":
        return Phrase(
            "{key_for[phone]:으로/로} 휴대폰을 봅니다(번호를 물으면 고객 카드의 휴대폰 번호). "
            "걸려온 전화의 말을 읽고 {key_for[back]:으로/로} 끊습니다."
        )
    if action == "heed_warning":
        if step.text("answer") == "stop":
            return Phrase("전화로 시킨 재발급입니다: 1을 눌러 재발급을 멈춥니다.")
        return Phrase("고객이 직접 원한 재발급입니다: 2를 눌러 계속합니다.")
    if action in ("confirm", "choose_cert", "revoke_reason", "pick_file"):
        return Phrase("{number}번을 고르고 확인합니다.", number=step.number("choice"))
    screen = step.screen
    if screen is not None and screen in CAPTIONS:
        return Phrase(CAPTIONS[screen])
    return Phrase("화면의 안내를 따릅니다.")


def why(step: ScenarioStep) -> str:
    """The step's caption, or what its screen is for."""
    if step.caption is not None:
        return step.caption.shown()
    screen = step.screen
    if screen is not None and screen in CAPTIONS:
        return Phrase(CAPTIONS[screen]).render()
    return ""


@dataclass
class _Timing:
    step: str
    since: float
    errors: int = 0


class LearnerRun:
    """One learner, one scenario, one mode: fed what the kiosk does, it keeps the
    errors and the time per step, and gives the result at the end."""

    def __init__(self, scenario: Scenario, mode: str, learner: str, started: float) -> None:
        if mode not in LEARNER_MODES:
            raise ValueError(f"not a learner mode: {mode!r}")
        self.scenario = scenario
        self.mode = mode
        self.learner = learner
        self.started = started
        self.screen: Step | None = None  # where the kiosk is (None: home)
        self.errors: list[LearnerError] = []
        self.hints = 0
        self._timings: list[_Timing] = []
        self.result: LearnerResult | None = None
        # What the scenario does on purpose is no error of the learner's: codes typed
        # wrong (a lockout lesson), the clock moved on (an expiry lesson), 처음으로.
        self.meant_to_fail: set[Step] = set()
        self.goes_home = False
        screen: Step | None = None
        for step in scenario.steps:
            screen = step.screen or screen
            keys = step.args.get("keys", ())
            if step.action == "press" and isinstance(keys, tuple):
                self.goes_home = self.goes_home or "f1" in keys
                if "f8" in keys and screen is not None:
                    self.meant_to_fail.add(screen)
            if step.action == "type_code" and step.args.get("wrong") and screen is not None:
                self.meant_to_fail.add(screen)
            if step.action == "enter_pin" and step.text("pin") != demo_customers.DEMO_PIN:
                self.meant_to_fail.add(Step.FIN_PIN)  # wrong PINs: the lockout lesson

    @property
    def finished(self) -> bool:
        return self.result is not None

    def current_step(self) -> ScenarioStep:
        """The scenario's step for the screen the kiosk shows (the first at home)."""
        return self.step_on(self.screen)

    def step_on(self, screen: Step | None) -> ScenarioStep:
        """The scenario's step done on `screen` (the first step for home or a screen
        the scenario does not name)."""
        if screen is not None:
            for step in self.scenario.steps:
                if step.screen is screen:
                    return step
        return self.scenario.steps[0]

    def hint(self) -> Phrase:
        """Practice: what to do now and why (counted in the result)."""
        self.hints += 1
        step = self.current_step()
        return Phrase("힌트: {what} {why}", what=what_to_do(self.scenario, step), why=why(step))

    def _error(self, kind: str, code: str = "") -> LearnerError:
        error = LearnerError(kind, "" if self.screen is None else self.screen.value, code)
        self.errors.append(error)
        if self._timings:
            self._timings[-1].errors += 1
        return error

    def service_started(self, service: Service) -> LearnerError | None:
        if service is self.scenario.service:
            return None
        return self._error(WRONG_STEP, f"service:{service.value}")

    def moved(
        self, screen: Step | None, chosen: Mapping[str, str], at: float
    ) -> LearnerError | None:
        """The kiosk went to `screen`; `chosen` is what its session holds now. A
        choice on the screen left that is not the scenario's is a wrong step."""
        error = None
        left = self.screen
        if left is not None and screen is not left:
            for step in self.scenario.steps:
                if step.screen is not left:
                    continue
                for key, wanted in expected_choices(step).items():
                    if key in chosen and chosen[key] != wanted and error is None:
                        error = self._error(WRONG_STEP, f"{key}:{chosen[key]}")
        if screen is not None and (not self._timings or self._timings[-1].step != screen.value):
            self._timings.append(_Timing(screen.value, at))
        self.screen = screen
        return error

    def wrong_key(self, expected: str) -> LearnerError:
        """Guided: a key that was not the one asked for (not acted on). In a field
        being typed it is an input error, elsewhere a wrong step."""
        return self._error(INPUT_ERROR if expected.startswith("text:") else WRONG_STEP, expected)

    def refused(self, code: str) -> LearnerError | None:
        """A refusal; the one a refusal scenario teaches is its end, not an error."""
        if self.expects_refusal(code) or self.screen in self.meant_to_fail:
            return None
        return self._error(classify_refusal(code), code)

    def expects_refusal(self, code: str) -> bool:
        expect = self.scenario.expect
        return expect.outcome == "refused" and expect.reason == code

    def finish(self, outcome: str, completed: bool, at: float, *, why: str = "") -> LearnerResult:
        """The run's end: `outcome` as the kiosk reports it. A run stopped before its
        end gets one error saying how (gave_up or timeout)."""
        if self.result is not None:
            return self.result
        if why in (GAVE_UP, TIMEOUT):
            self._error(why)
        elif not completed and outcome not in ("unfinished",):
            # The kiosk finished, with another result than the scenario's.
            self._error(WRONG_STEP, f"outcome:{outcome}")
        steps = []
        for index, timing in enumerate(self._timings):
            until = self._timings[index + 1].since if index + 1 < len(self._timings) else at
            steps.append(StepTime(timing.step, max(0, round(until - timing.since)), timing.errors))
        self.result = LearnerResult(
            learner=self.learner,
            scenario=self.scenario.name,
            mode=self.mode,
            completed=completed,
            outcome=why or outcome,
            seconds=max(0, round(at - self.started)),
            steps=tuple(steps),
            errors=tuple(self.errors),
            hints=self.hints,
        )
        return self.result


def explain(run: LearnerRun, error: LearnerError, message: str = "") -> Phrase:
    """Practice and guided: what went wrong, in a learner's words, and what to do."""
    # The step where it happened: a wrong choice is seen once the kiosk has moved on.
    where = Step(error.step) if error.step else None
    step = run.step_on(where) if where is not None else run.current_step()
    todo = what_to_do(run.scenario, step)
    if error.kind == WRONG_STEP and error.code.startswith("service:"):
        return Phrase(
            "이 연습은 '{service}'입니다. {key_for[home]:으로/로} 처음 화면에 가서 다시 고르세요.",
            service=run.scenario.service.label,
        )
    if error.kind == WRONG_STEP and error.code == "warning:continued":
        return Phrase(
            "전화로 재촉받은 재발급을 계속했습니다. 은행·경찰·검찰은 전화로 재발급이나 "
            "인증번호를 요구하지 않습니다. 계속하면 곧 문자 인증번호가 오고, 사기범은 그 번호를 "
            "불러 달라고 합니다. {key_for[back]:으로/로} 돌아가 1(재발급을 멈춥니다)을 고르세요."
        )
    if error.kind == WRONG_STEP:
        return Phrase(
            "시나리오와 다른 선택입니다. 이전({key_for[back]})으로 돌아가세요. {todo}", todo=todo
        )
    if error.kind == TIMEOUT:
        return Phrase(
            "시간이 지났습니다: {message} 새 코드를 받아 다시 입력하세요.", message=message
        )
    return Phrase("입력이 맞지 않습니다: {message} {todo}", message=message, todo=todo)


def score_line(result: LearnerResult) -> Phrase:
    """The end of a run, on the kiosk: completed or not, time, errors by kind."""
    counts = ", ".join(
        f"{Phrase(KIND_WORDS[kind]).render()} {result.count(kind)}"
        for kind in KIND_WORDS
        if result.count(kind)
    )
    return Phrase(
        "{mode} 결과 — {done} · {seconds}초 · 오류 {errors}회{detail}",
        mode=Phrase(MODE_WORDS[result.mode]),
        done=Phrase("완료" if result.completed else "미완료"),
        seconds=result.seconds,
        errors=len(result.errors),
        detail=f" ({counts})" if counts else "",
    )
