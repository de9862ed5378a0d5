"""Scenario files: the built-ins read back, a trainer's file checked field by field,
and the handout printed from one (masked, both languages)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from kiosk.core.i18n import Language
from kiosk.training.handout import handout
from kiosk.training.scenario_files import ScenarioError, builtins, load_dir, parse
from kiosk.training.stages import brought, in_cloud, own
from kiosk.visit.flows import Service, Step

GOOD = """\
name = "my-issue"
service = "issue"
customer = "김민준"
summary.ko = "김민준: 은행용 발급 연습"
summary.en = "김민준: practice a banking certificate"

[expect]
outcome = "issued"

[[steps]]
name = "start"
do = "start"

[[steps]]
name = "identify"
do = "identify"
document = "driver_licence"
caption = { ko = "운전면허증으로 본인확인", en = "ID check with a driver's license" }

[[steps]]
name = "product"
do = "choose_product"
choice = 1
"""


def test_every_builtin_is_a_file_with_steps_and_an_expectation() -> None:
    scenarios = builtins()
    assert len(scenarios) == 33 and "issue-bank" in scenarios
    bank = scenarios["issue-bank"]
    assert bank.service is Service.ISSUE and bank.expect.outcome == "issued"
    assert [step.action for step in bank.steps][:2] == ["start", "identify"]
    assert bank.steps[1].screen is Step.IDENTITY
    refusals = [s for s in scenarios.values() if s.expect.outcome == "refused"]
    assert refusals and all(s.expect.rule is not None for s in refusals)


def test_a_trainer_file_reads_with_defaults_and_both_languages() -> None:
    scenario = parse(GOOD, "mine.toml")
    identify = scenario.steps[1]
    assert identify.args == {"customer": "김민준", "document": "driver_licence"}
    assert identify.caption is not None
    assert identify.caption.shown(Language.ENGLISH) == "ID check with a driver's license"
    assert scenario.summary.shown(Language.KOREAN) == "김민준: 은행용 발급 연습"
    # A key is named by its id, as the kiosk that shows the words has it.
    keyed = parse(GOOD.replace("은행용 발급 연습", "{key_for[phone]:으로/로} 연습"), "mine.toml")
    assert keyed.summary.shown(Language.KOREAN) == "김민준: F7로 연습"


@pytest.mark.parametrize(
    ("change", "line", "where", "words"),
    [
        (('do = "identify"', 'do = "idntify"'), 16, "steps[2].do", "idntify"),
        (("choice = 1", 'choice = "one"'), 23, "steps[3].choice", "1"),
        (('customer = "김민준"', 'customer = "홍길동"'), 3, "customer", "홍길동"),
        (('outcome = "issued"', 'outcome = "refused"'), 7, "expect.reason", ""),
        (
            ('document = "driver_licence"', 'document = "library_card"'),
            17,
            "steps[2].document",
            "library_card",
        ),
        (('summary.en = "김민준: practice a banking certificate"\n', ""), 1, "summary.en", ""),
        (("choice = 1", "choice = 1\ncolour = 3"), 24, "steps[3].colour", ""),
        # A key named by an id kiosk.toml [bindings] does not know.
        (
            ('ko = "운전면허증으로', 'ko = "{key_for[fone]} 운전면허증으로'),
            18,
            "steps[2].caption.ko",
            "fone",
        ),
        (('name = "product"', 'name = "product'), 21, "TOML", ""),
    ],
)
def test_a_wrong_field_is_named_with_its_line(
    change: tuple[str, str], line: int, where: str, words: str
) -> None:
    text = GOOD.replace(*change)
    with pytest.raises(ScenarioError) as raised:
        parse(text, "mine.toml")
    message = raised.value.phrase.render()
    assert message.startswith(f"mine.toml {line}행, {where}: "), message
    assert words in message and "\n" not in message


def test_a_folder_of_files_and_two_with_one_name(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    assert list(load_dir(tmp_path)) == ["my-issue"]
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_dir(tmp_path)
    assert raised.value.phrase.render().startswith("b.toml 1행, name:")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.sections: list[str] = []
        self.rrn = False
        self.rrns: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.sections.append(str(found.get("lang")))
        self.rrn = found.get("class") == "rrn"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.rrn:
            self.rrns.append(data)
            self.rrn = False


def test_the_handout_has_the_card_masked_the_steps_and_the_rule_in_both_languages() -> None:
    scenario = builtins()["refuse-expired-id"]
    page = handout(scenario, list(Language))
    parsed = _Text()
    parsed.feed(page)
    text = " ".join(parsed.text)
    assert parsed.sections == ["ko", "en"]
    assert parsed.rrns == ["780122-1******", "780122-1******"]
    assert "780122-1123453" not in page and "1123453" not in page
    assert "고객 정보 카드" in text and "Customer data card" in text
    assert "본인확인" in text and "Identity check" in text  # the screen the step is on
    assert "여권을(를) 보고" in text and "From the Passport" in text
    assert "유효기간이 지난 신분증" in text and "An expired ID cannot prove" in text
    assert "@media print" in page


def test_every_builtin_has_a_handout_naming_its_outcome() -> None:
    for name, scenario in builtins().items():
        page = handout(scenario, list(Language))
        assert f"<title>{name}</title>" in page
    page = handout(builtins()["fincert-register-other-bank"], list(Language))
    assert "다른 은행의 금융인증서가 이 은행에 등록됩니다." in page
    assert "Financial Certificate is registered at this bank." in page


def test_the_handout_in_one_language() -> None:
    page = handout(parse(GOOD, "mine.toml"), [Language.ENGLISH])
    parsed = _Text()
    parsed.feed(page)
    assert parsed.sections == ["en"]
    text = " ".join(parsed.text)
    assert "ID check with a driver's license" in text and "The certificate is issued." in text


def test_the_builtin_stages_are_what_the_trainer_prepared_before() -> None:
    scenarios = builtins()
    assert scenarios["register-other"].stage == brought("김민준", "kica-general", encoding="PBES2")
    assert scenarios["register-expired"].stage == brought("김민준", "crosscert-bank", days_ago=400)
    assert scenarios["unregister"].stage == brought("김민준", "kica-general", registered=True)
    assert scenarios["renew"].stage == own(355)
    assert scenarios["fincert-pin-reset"].stage == in_cloud(100, locked=True)
    # A certificate brought from elsewhere is a month old unless the file says otherwise.
    text = GOOD.replace(
        "[expect]", '[stage]\nkind = "brought"\nproduct = "kica-general"\n\n[expect]'
    )
    assert parse(text, "mine.toml").stage.days_ago == 30


def test_a_staged_scam_call_is_a_phone_number() -> None:
    scam = builtins()["scam-call-reissue"]
    assert scam.stage.call == "070-4812-5530" and scam.expect.outcome == "scam_stopped"
    assert [s.action for s in scam.steps][:1] == ["take_call"]
    assert [s.screen for s in scam.steps if s.action == "heed_warning"] == [Step.FRAUD_WARNING]
    text = GOOD.replace(
        "[expect]", '[stage]\nkind = "own"\nproduct = "bank"\ncall = "call me"\n\n[expect]'
    )
    with pytest.raises(ScenarioError) as raised:
        parse(text, "mine.toml")
    message = raised.value.phrase.render()
    assert message.startswith("mine.toml 10행, stage.call: ") and "전화번호" in message
