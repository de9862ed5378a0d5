"""Training scenarios as data: TOML files a trainer can read, copy and write.

A scenario names its customer (one of the demo customers), the service, what the
trainer stages beforehand, the outcome it must end with, and its steps. Each step
is one thing the customer does on one screen: an action from a fixed vocabulary
(ACTIONS) with its arguments, a name, and optionally a caption in Korean and
English. The steps are explicit so that a player can perform them (the autopilot
of `kiosk demo`), print them (the handout) or, later, wait for a learner to do them.

A file that is not right is refused as a whole with one line naming the file, the
line and the field: a trainer fixes it in an editor, so the line is what helps."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kiosk.core.i18n import Language, Phrase, current_language, name_keys
from kiosk.core.refusal import RefusalCode
from kiosk.people import demo_customers
from kiosk.training.stages import NOTHING, OTHER_BANKS, StageSpec
from kiosk.visit.flows import Service, Step

ArgValue = str | int | bool | tuple[str, ...]

DOCUMENTS = ("resident_card", "driver_licence", "passport", "alien_card")
AUTH_METHODS = ("sms", "otp", "ars", "security_card")
MEDIA = ("hdd", "usb")
CODE_SOURCES = ("sms", "otp")
OUTCOMES = (
    "issued",
    "refused",
    "registered",
    "unregistered",
    "revoked",
    "password_changed",
    "copied",
    "deleted",
    "exported",
    "imported",
    "fincert_issued",
    "fincert_reissued",
    "fincert_renewed",
    "fincert_pin_reset",
    "fincert_deleted",
    "fincert_opened",
    "fincert_registered",
    # The customer stopped a 재발급 at the bank's fraud warning (scam-call-reissue).
    "scam_stopped",
)
STAGE_KINDS = ("none", "own", "brought", "cloud", "phone")
SCREENS = tuple(step.value for step in Step)


@dataclass(frozen=True)
class Text:
    """Words for the room, in both languages the kiosk speaks."""

    ko: str
    en: str

    def shown(self, language: Language | None = None) -> str:
        """The words in `language`, a key they name (`{key_for[phone]}`) as this kiosk has it."""
        language = language or current_language()
        return name_keys(self.en if language is Language.ENGLISH else self.ko)


@dataclass(frozen=True)
class Param:
    kind: str  # text | number | flag | keys | choice | customer
    default: ArgValue | None = None
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Action:
    """One kind of step: the screen it is done on (None: the home menu, or any) and
    what it takes."""

    screen: Step | None
    params: Mapping[str, Param] = field(default_factory=dict)


_CUSTOMER = Param("customer")  # default: the scenario's customer
_CHOICE = Param("number", 1)
_PASSWORD = Param("text", demo_customers.DEMO_PASSWORD)
_PIN = Param("text", demo_customers.DEMO_PIN)

ACTIONS: Mapping[str, Action] = {
    # The home menu: the numbers leading to the scenario's service.
    "start": Action(None),
    "identify": Action(
        Step.IDENTITY,
        {"customer": _CUSTOMER, "document": Param("choice", "resident_card", choices=DOCUMENTS)},
    ),
    # 본인확인 by 금융인증서 (F6 on 본인확인, for the services that take it).
    "identify_by_fincert": Action(Step.IDENTITY, {"customer": _CUSTOMER, "pin": _PIN}),
    "agree": Action(Step.CONSENT),
    "choose_product": Action(Step.PRODUCT, {"choice": _CHOICE}),
    "authenticate": Action(
        Step.AUTH,
        {
            "method": Param("choice", required=True, choices=AUTH_METHODS),
            "screen": Param(
                "choice", Step.AUTH.value, choices=(Step.AUTH.value, Step.SECURITY_MEDIUM.value)
            ),
        },
    ),
    "choose_medium": Action(Step.MEDIUM, {"medium": Param("choice", "hdd", choices=MEDIA)}),
    "set_password": Action(Step.PASSWORD, {"password": _PASSWORD}),
    "confirm": Action(Step.CONFIRM, {"choice": _CHOICE}),
    "choose_cert": Action(Step.CHOOSE_CERT, {"choice": _CHOICE}),
    "open_cert": Action(Step.OPEN_CERT, {"choice": _CHOICE, "password": _PASSWORD}),
    "vid_check": Action(Step.VID_CHECK, {"customer": _CUSTOMER}),
    "revoke_reason": Action(Step.REVOKE_CONFIRM, {"choice": _CHOICE}),
    "account_check": Action(
        Step.ACCOUNT_CHECK,
        {"customer": _CUSTOMER, "by": Param("choice", "pin", choices=("pin", "one_won"))},
    ),
    "find_cert": Action(Step.FIND_CERT, {"choice": _CHOICE, "password": _PASSWORD}),
    "confirm_enter": Action(None, {"screen": Param("choice", required=True, choices=SCREENS)}),
    "pick_file": Action(Step.PICK_FILE, {"choice": _CHOICE, "password": Param("text")}),
    "change_password": Action(
        Step.CHANGE_PASSWORD, {"old": _PASSWORD, "new": Param("text", required=True)}
    ),
    "copy_to": Action(Step.COPY_TARGET, {"medium": Param("choice", "usb", choices=MEDIA)}),
    # 인증서 복사 with the phone: the phone (F7) and the kiosk, each showing or keying
    # the one-time 인증번호.
    "export_to_phone": Action(Step.PHONE_EXPORT),
    "import_from_phone": Action(
        Step.PHONE_IMPORT, {"medium": Param("choice", "hdd", choices=MEDIA), "password": _PASSWORD}
    ),
    "phone_check": Action(Step.PHONE_CHECK, {"customer": _CUSTOMER}),
    "new_pin": Action(Step.FIN_NEW_PIN, {"pin": _PIN}),
    "enter_pin": Action(Step.FIN_PIN, {"pin": _PIN}),
    # The scam-call lesson: the call staged on the customer's phone, read on the phone
    # (F7) and hung up; then the bank's warning, answered (stop: 1, go on: 2).
    "take_call": Action(None),
    "heed_warning": Action(
        Step.FRAUD_WARNING, {"answer": Param("choice", "stop", choices=("stop", "go_on"))}
    ),
    # Lower level: wait for a screen, press keys, type text, read and type a code.
    "wait_for": Action(None, {"screen": Param("choice", required=True, choices=SCREENS)}),
    "press": Action(None, {"keys": Param("keys", required=True)}),
    "type": Action(None, {"text": Param("text", required=True)}),
    "read_code": Action(None, {"source": Param("choice", required=True, choices=CODE_SOURCES)}),
    "type_code": Action(None, {"wrong": Param("flag", False)}),
    "wait_refusal": Action(None),
}


@dataclass(frozen=True)
class ScenarioStep:
    name: str
    action: str
    args: Mapping[str, ArgValue]
    caption: Text | None = None
    repeat: int = 1

    @property
    def screen(self) -> Step | None:
        """The screen this step is done on (None: the home menu, or keys anywhere)."""
        named = self.args.get("screen")
        if isinstance(named, str):
            return Step(named)
        return ACTIONS[self.action].screen

    def text(self, name: str) -> str:
        value = self.args[name]
        assert isinstance(value, str)
        return value

    def number(self, name: str) -> int:
        value = self.args[name]
        assert isinstance(value, int) and not isinstance(value, bool)
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.args.get(name)
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Expectation:
    outcome: str
    reason: str | None = None  # a refusal's code
    rule: Text | None = None  # the rule a refusal teaches, for the last caption

    def met_by(self, report: Mapping[str, object]) -> bool:
        if report.get("outcome") != self.outcome:
            return False
        return self.reason is None or report.get("reason") == self.reason


@dataclass(frozen=True)
class Scenario:
    name: str
    service: Service
    customer: str
    summary: Text
    expect: Expectation
    steps: tuple[ScenarioStep, ...]
    stage: StageSpec = NOTHING  # what the trainer prepares before the customer arrives
    source: Path | None = None


class ScenarioError(Exception):
    """A scenario file that cannot be played: where, and what is wrong."""

    def __init__(self, file: str, line: int, where: str, problem: Phrase) -> None:
        super().__init__(file, line, where)
        self.phrase = Phrase(
            "{file} {line}행, {where}: {problem}",
            file=file,
            line=line,
            where=where,
            problem=problem,
        )


# --- where a field is written, for messages -----------------------------------------

_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.\s]+?)\s*=")
_INNER = re.compile(r"([A-Za-z0-9_\-]+)\s*=")


def _locations(text: str) -> dict[tuple[str | int, ...], int]:
    """Line of each key written in the file: ("steps", 2, "do") -> 14."""
    found: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    arrays: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            name = line.strip("[] ")
            arrays[name] = arrays.get(name, -1) + 1
            table = (*name.split("."), arrays[name])
            found.setdefault(table, number)
            continue
        if line.startswith("["):
            table = tuple(line.strip("[] ").split("."))
            found.setdefault(table, number)
            continue
        match = _KEY.match(line)
        if match is None:
            continue
        key = (*table, *(part.strip().strip("\"'") for part in match.group(1).split(".")))
        found.setdefault(key, number)
        rest = line[match.end() :].strip()
        if rest.startswith("{"):
            for inner in _INNER.findall(rest):
                found.setdefault((*key, inner), number)
    return found


def _where(path: tuple[str | int, ...]) -> str:
    shown = ""
    for part in path:
        shown += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if shown else part)
    return shown


class _Reader:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = _locations(text)

    def fail(self, path: tuple[str | int, ...], problem: Phrase) -> ScenarioError:
        for cut in range(len(path), 0, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                break
        else:
            line = 1
        return ScenarioError(self.file, line, _where(path) or "-", problem)

    def table(self, data: object, path: tuple[str | int, ...]) -> Mapping[str, object]:
        if not isinstance(data, dict):
            raise self.fail(path, Phrase("표(table)여야 합니다."))
        return data

    def only(
        self, data: Mapping[str, object], path: tuple[str | int, ...], allowed: set[str]
    ) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(
                    (*path, key),
                    Phrase(
                        "알 수 없는 항목입니다(쓸 수 있는 것: {allowed}).",
                        allowed=", ".join(sorted(allowed)),
                    ),
                )

    def text(
        self,
        data: Mapping[str, object],
        path: tuple[str | int, ...],
        key: str,
        *,
        required: bool = True,
    ) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail((*path, key), Phrase("꼭 있어야 하는 항목이 없습니다."))
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail((*path, key), Phrase("비어 있지 않은 문자열이어야 합니다."))
        return value

    def choice(
        self,
        data: Mapping[str, object],
        path: tuple[str | int, ...],
        key: str,
        choices: tuple[str, ...],
        default: str | None = None,
    ) -> str:
        value = self.text(data, path, key, required=default is None)
        if value is None:
            assert default is not None
            return default
        if value not in choices:
            raise self.fail((*path, key), _one_of(value, choices))
        return value

    def number(
        self, data: Mapping[str, object], path: tuple[str | int, ...], key: str, default: int
    ) -> int:
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail((*path, key), Phrase("0 이상의 정수여야 합니다."))
        return value

    def bilingual(
        self,
        data: Mapping[str, object],
        path: tuple[str | int, ...],
        key: str,
        *,
        required: bool = True,
    ) -> Text | None:
        if key not in data:
            if required:
                raise self.fail((*path, key), Phrase("꼭 있어야 하는 항목이 없습니다."))
            return None
        where = (*path, key)
        words = self.table(data[key], where)
        self.only(words, where, {"ko", "en"})
        ko = self.text(words, where, "ko")
        en = self.text(words, where, "en")
        assert ko is not None and en is not None
        for language, text in (("ko", ko), ("en", en)):
            try:  # a key named as the kiosk's words name one, or none
                name_keys(text)
            except (ValueError, LookupError) as error:
                raise self.fail(
                    (*where, language),
                    Phrase(
                        "키는 {{key_for[phone]}}처럼 kiosk.toml [bindings]의 이름으로 적습니다"
                        "({problem}).",
                        problem=str(error),
                    ),
                ) from None
        return Text(ko, en)


def _one_of(value: str, choices: tuple[str, ...]) -> Phrase:
    return Phrase(
        "{value}: 다음 중 하나여야 합니다: {choices}", value=value, choices=", ".join(choices)
    )


_TOP = {"name", "service", "customer", "summary", "stage", "expect", "steps"}
_STEP_COMMON = {"name", "do", "caption", "repeat"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parse(text: str, file: str = "<scenario>", source: Path | None = None) -> Scenario:
    """A scenario from the text of its file; ScenarioError names what is wrong."""
    reader = _Reader(file, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) if found else 1
        detail = re.sub(r"\s*\(at line.*\)$", "", str(error))
        raise ScenarioError(
            file, line, "TOML", Phrase("문법 오류: {detail}", detail=detail)
        ) from None
    reader.only(data, (), _TOP)
    name = reader.text(data, (), "name")
    assert name is not None
    if not _NAME.match(name):
        raise reader.fail(
            ("name",), Phrase("영문 소문자·숫자·하이픈(-)만 씁니다: {name}", name=name)
        )
    service = Service(reader.choice(data, (), "service", tuple(s.value for s in Service)))
    customer = reader.text(data, (), "customer")
    assert customer is not None
    _check_customer(reader, ("customer",), customer)
    summary = reader.bilingual(data, (), "summary")
    assert summary is not None
    stage = _stage(reader, data.get("stage"))
    expect = _expectation(reader, data.get("expect"))
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise reader.fail(("steps",), Phrase("단계([[steps]])가 하나 이상 있어야 합니다."))
    parsed = tuple(_step(reader, raw, index, customer) for index, raw in enumerate(steps))
    return Scenario(name, service, customer, summary, expect, parsed, stage, source)


def _check_customer(reader: _Reader, path: tuple[str | int, ...], name: str) -> None:
    known = tuple(person.name for person in demo_customers.DEMO_CUSTOMERS)
    if name not in known:
        raise reader.fail(
            path,
            Phrase("데모 고객이 아닙니다: {name} ({known})", name=name, known=", ".join(known)),
        )


def _stage(reader: _Reader, raw: object) -> StageSpec:
    if raw is None:
        return NOTHING
    path = ("stage",)
    data = reader.table(raw, path)
    reader.only(
        data,
        path,
        {
            "kind",
            "owner",
            "product",
            "days_ago",
            "encoding",
            "registered",
            "locked",
            "bank",
            "call",
        },
    )
    kind = reader.choice(data, path, "kind", STAGE_KINDS)
    owner = reader.text(data, path, "owner", required=False) or NOTHING.owner
    _check_customer(reader, (*path, "owner"), owner)
    product = reader.text(data, path, "product", required=kind in ("own", "brought", "phone")) or ""
    if product:
        from kiosk.certs.products import ELSEWHERE, ISSUABLE

        codes = tuple(p.code for p in (*ISSUABLE, *ELSEWHERE))
        if product not in codes:
            raise reader.fail((*path, "product"), _one_of(product, codes))
    encoding = reader.choice(data, path, "encoding", ("seedCBCWithSHA1", "PBES2"), NOTHING.encoding)
    # cloud: the other bank that issued the 금융인증서 (none: this bank).
    bank = reader.choice(data, path, "bank", ("", *OTHER_BANKS), "") if kind == "cloud" else ""
    flags = {}
    for key in ("registered", "locked"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise reader.fail((*path, key), Phrase("true 또는 false여야 합니다."))
        flags[key] = value
    call = reader.text(data, path, "call", required=False) or ""
    if call and not re.fullmatch(r"0\d{1,3}-\d{3,4}-\d{4}", call):
        raise reader.fail(
            (*path, "call"),
            Phrase("전화번호 형식이어야 합니다(예: 070-4812-5530): {call}", call=call),
        )
    return StageSpec(
        kind,
        owner=owner,
        product=product,
        # A certificate brought from elsewhere is a month old unless said otherwise.
        days_ago=reader.number(data, path, "days_ago", 30 if kind == "brought" else 0),
        encoding=encoding,
        registered=flags["registered"],
        locked=flags["locked"],
        bank=bank,
        call=call,
    )


def _expectation(reader: _Reader, raw: object) -> Expectation:
    path = ("expect",)
    if raw is None:
        raise reader.fail(path, Phrase("꼭 있어야 하는 항목이 없습니다."))
    data = reader.table(raw, path)
    reader.only(data, path, {"outcome", "reason", "rule"})
    outcome = reader.choice(data, path, "outcome", OUTCOMES)
    reason = None
    if outcome == "refused":
        reason = reader.choice(data, path, "reason", tuple(code.value for code in RefusalCode))
    elif "reason" in data:
        raise reader.fail((*path, "reason"), Phrase("거절(refused)로 끝나는 시나리오에만 씁니다."))
    return Expectation(outcome, reason, reader.bilingual(data, path, "rule", required=False))


def _step(reader: _Reader, raw: object, index: int, customer: str) -> ScenarioStep:
    path: tuple[str | int, ...] = ("steps", index)
    data = reader.table(raw, path)
    name = reader.text(data, path, "name")
    assert name is not None
    action_name = reader.choice(data, path, "do", tuple(ACTIONS))
    action = ACTIONS[action_name]
    reader.only(data, path, _STEP_COMMON | set(action.params))
    args: dict[str, ArgValue] = {}
    for key, param in action.params.items():
        value = _argument(reader, data, (*path, key), key, param, customer)
        if value is not None:
            args[key] = value
    repeat = reader.number(data, path, "repeat", 1)
    if repeat < 1:
        raise reader.fail((*path, "repeat"), Phrase("1 이상의 정수여야 합니다."))
    caption = reader.bilingual(data, path, "caption", required=False)
    return ScenarioStep(name, action_name, args, caption, repeat)


def _argument(
    reader: _Reader,
    data: Mapping[str, object],
    path: tuple[str | int, ...],
    key: str,
    param: Param,
    customer: str,
) -> ArgValue | None:
    if key not in data:
        if param.required:
            raise reader.fail(path, Phrase("꼭 있어야 하는 항목이 없습니다."))
        return customer if param.kind == "customer" else param.default
    value = data[key]
    if param.kind in ("text", "customer", "choice"):
        if not isinstance(value, str) or not value:
            raise reader.fail(path, Phrase("비어 있지 않은 문자열이어야 합니다."))
        if param.kind == "customer":
            _check_customer(reader, path, value)
        if param.kind == "choice" and value not in param.choices:
            raise reader.fail(path, _one_of(value, param.choices))
        return value
    if param.kind == "number":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise reader.fail(path, Phrase("1 이상의 정수여야 합니다."))
        return value
    if param.kind == "flag":
        if not isinstance(value, bool):
            raise reader.fail(path, Phrase("true 또는 false여야 합니다."))
        return value
    if not isinstance(value, list) or not value or not all(isinstance(k, str) and k for k in value):
        raise reader.fail(path, Phrase('키 이름의 목록이어야 합니다(예: ["1", "enter"]).'))
    return tuple(value)


# --- where scenarios are found ----------------------------------------------------


def load(path: Path) -> Scenario:
    """A trainer's scenario file (OSError if it cannot be read)."""
    text = path.read_text(encoding="utf-8")
    return parse(text, path.name, path)


def load_dir(folder: Path) -> dict[str, Scenario]:
    """Every *.toml of a folder, by scenario name; the first bad file stops it."""
    found: dict[str, Scenario] = {}
    for path in sorted(folder.glob("*.toml")):
        scenario = load(path)
        if scenario.name in found:
            raise ScenarioError(
                path.name,
                _locations(path.read_text(encoding="utf-8")).get(("name",), 1),
                "name",
                Phrase("같은 이름의 시나리오가 이미 있습니다: {name}", name=scenario.name),
            )
        found[scenario.name] = scenario
    return found


def builtins() -> dict[str, Scenario]:
    """The scenarios shipped with the kiosk (kiosk/training/scenarios/*.toml), in
    the order of their files' numbers."""
    folder = resources.files("kiosk") / "training" / "scenarios"
    found: dict[str, Scenario] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            scenario = parse(entry.read_text(encoding="utf-8"), entry.name)
            found[scenario.name] = scenario
    return found
