"""A printable handout for a scenario (`kiosk demo NAME --handout > file.html`):
the customer's data card, the steps with what each screen asks, and the result to
expect; in Korean, English, or both side by side. Resident numbers are masked and
no password, PIN or account password is printed: a handout leaves the room."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence

from kiosk.core.i18n import Language, current_language, set_language, tr
from kiosk.core.keys import USUAL_KEYS, key_named
from kiosk.people import demo_customers
from kiosk.people.rrn import mask
from kiosk.training.captions import CAPTIONS
from kiosk.training.scenario_files import Scenario, ScenarioStep

_DOCUMENTS = {
    "resident_card": "주민등록증",
    "driver_licence": "운전면허증",
    "passport": "여권",
    "alien_card": "외국인등록증",
}
_METHODS = {"sms": "SMS", "otp": "OTP", "ars": "ARS", "security_card": "보안카드"}
_MEDIA = {"hdd": "하드디스크", "usb": "USB"}

# What the customer does in each kind of step (keys and codes are the kiosk's own).
_DOES = {
    "start": "처음 화면에서 {service}을(를) 고릅니다.",
    "identify": "{document}을(를) 보고 이름·주민등록번호와 신분증 정보를 입력합니다.",
    "identify_by_fincert": (
        "신분증 대신 금융인증서로({key_for[other_way]}): 이름·주민등록번호를 넣고 보안 키패드로 PIN을 입력합니다."
    ),
    "agree": "약관에 모두 동의합니다.",
    "choose_product": "{choice}번 인증서를 고릅니다.",
    "authenticate": "{method}(으)로 인증합니다.",
    "choose_medium": "저장매체로 {medium}을(를) 고릅니다.",
    "set_password": "인증서 비밀번호를 두 번 입력합니다.",
    "confirm": "{choice}번 계좌로 확인합니다(수수료가 있으면 계좌 비밀번호).",
    "choose_cert": "{choice}번 인증서를 고릅니다.",
    "open_cert": "{choice}번 인증서를 고르고 비밀번호로 엽니다.",
    "vid_check": "주민등록번호를 입력합니다.",
    "revoke_reason": "폐기 사유 {choice}번을 고르고 한 번 더 눌러 확인합니다.",
    "account_check": "주민등록번호와 계좌번호를 넣고 {by}(으)로 확인합니다.",
    "find_cert": "{choice}번 인증서를 고르고 비밀번호로 엽니다.",
    "confirm_enter": "내용을 확인하고 Enter를 누릅니다.",
    "pick_file": "{choice}번 인증서를 고릅니다.",
    "change_password": "지금 비밀번호와 새 비밀번호(두 번)를 입력합니다.",
    "copy_to": "{medium}(으)로 복사합니다.",
    "export_to_phone": "휴대폰({key_for[phone]})의 '인증서 가져오기'가 보여 주는 인증번호를 키오스크에 입력합니다.",
    "import_from_phone": (
        "저장매체로 {medium}을(를) 고르고, 키오스크의 인증번호와 인증서 비밀번호를 "
        "휴대폰({key_for[phone]})의 '인증서 내보내기'에 입력합니다."
    ),
    "phone_check": "통신사·휴대폰 번호를 넣고 문자로 받은 인증번호를 입력합니다.",
    "new_pin": "보안 키패드로 새 PIN 6자리를 두 번 입력합니다.",
    "enter_pin": "보안 키패드로 PIN 6자리를 입력합니다.",
    "wait_for": "화면이 바뀌기를 기다립니다.",
    "press": "키를 누릅니다: {keys}",
    "type": "화면의 칸에 입력합니다.",
    "read_code": "{source}에서 인증번호를 읽습니다.",
    "type_code": "읽은 인증번호를 입력합니다.",
    "type_code_wrong": "틀린 인증번호를 입력합니다.",
    "wait_refusal": "은행의 답을 기다립니다.",
    "take_call": "휴대폰({key_for[phone]})에 걸려온 전화의 말을 읽고 끊습니다. 인증번호는 누구에게도 불러 주지 않습니다.",
    "heed_warning": "{answer}",
}
_ANSWERS = {
    "stop": "1(재발급을 멈춥니다)을 고릅니다.",
    "go_on": "2(직접 원하는 재발급이라 계속합니다)를 고릅니다.",
}
_BY = {"pin": "계좌 비밀번호", "one_won": "1원 이체"}
_SOURCES = {"sms": "휴대폰 문자", "otp": "OTP 단말기"}
_OUTCOMES = {
    "issued": "인증서가 발급됩니다.",
    "refused": "거절됩니다.",
    "registered": "인증서가 등록됩니다.",
    "unregistered": "등록이 해제됩니다.",
    "revoked": "인증서가 폐기됩니다.",
    "password_changed": "인증서 비밀번호가 바뀝니다.",
    "copied": "인증서가 복사됩니다.",
    "deleted": "인증서 파일이 지워집니다.",
    "exported": "인증서가 휴대폰으로 복사됩니다.",
    "imported": "휴대폰의 인증서가 키오스크로 복사됩니다.",
    "fincert_issued": "금융인증서가 발급됩니다.",
    "fincert_reissued": "금융인증서가 재발급됩니다.",
    "fincert_renewed": "금융인증서가 갱신됩니다.",
    "fincert_pin_reset": "금융인증서 PIN이 다시 설정됩니다.",
    "fincert_deleted": "금융인증서가 삭제됩니다.",
    "fincert_opened": "금융인증서 정보를 봅니다.",
    "fincert_registered": "다른 은행의 금융인증서가 이 은행에 등록됩니다.",
    "scam_stopped": "고객이 은행의 사기 예방 경고에서 재발급을 멈춥니다. 인증서는 그대로입니다.",
}
_LABELS = {
    "title": "교육 시나리오",
    "card": "고객 정보 카드",
    "name": "이름",
    "rrn": "주민등록번호",
    "phone": "휴대폰",
    "documents": "신분증",
    "accounts": "계좌",
    "steps": "진행 단계",
    "screen": "화면",
    "asks": "화면이 묻는 것",
    "does": "할 일",
    "result": "기대하는 결과",
    "rule": "규칙",
}

_CSS = """
body { font-family: "Noto Sans CJK KR", "Nanum Gothic", sans-serif; margin: 1.5em; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
.columns { display: flex; gap: 2em; }
.columns > section { flex: 1; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
th, td { border: 1px solid #444; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
.card { border: 2px solid #000; padding: 0.5em 1em; border-radius: 0.4em; }
@media print {
  body { margin: 0; font-size: 10pt; }
  .columns { gap: 1em; }
  tr, .card { break-inside: avoid; }
  @page { size: A4 landscape; margin: 12mm; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _does(step: ScenarioStep, service_label: str) -> str:
    key = (
        "type_code_wrong" if step.action == "type_code" and step.args.get("wrong") else step.action
    )
    values: dict[str, object] = {"service": service_label}
    for name, value in step.args.items():
        if name == "document":
            values[name] = tr(_DOCUMENTS[str(value)])
        elif name == "method":
            values[name] = tr(_METHODS[str(value)])
        elif name == "medium":
            values[name] = tr(_MEDIA[str(value)])
        elif name == "by":
            values[name] = tr(_BY[str(value)])
        elif name == "source":
            values[name] = tr(_SOURCES[str(value)])
        elif name == "answer":
            values[name] = tr(_ANSWERS[str(value)])
        elif name == "keys" and isinstance(value, tuple):
            values[name] = " ".join(_key_named(key) for key in value)
        else:
            values[name] = value
    text = tr(_DOES[key], **{k: v for k, v in values.items() if "{" + k + "}" in _DOES[key]})
    if step.repeat > 1:
        text += f" (×{step.repeat})"
    return text


def _key_named(key: str) -> str:
    """A key of a scenario file's `press` step as the sheet names it: a file writes
    the usual keys ("f1", "f8"); one that is a single binding's usual key is named as
    the printing kiosk has it (kiosk.toml [bindings], the browser room's keys)."""
    shown = key.upper() if key[:1] == "f" and key[1:].isdigit() else key
    ids = [binding_id for binding_id, usual in USUAL_KEYS.items() if usual == shown]
    return key_named(ids[0]) if len(ids) == 1 else shown


def _column(scenario: Scenario) -> Iterator[str]:
    """One language's half of the handout, in the language now set."""
    language = current_language()
    person = demo_customers.find(scenario.customer)
    label = {key: tr(words) for key, words in _LABELS.items()}
    yield f'<section lang="{language.value}">'
    yield f"<h1>{_e(label['title'])}: {_e(scenario.name)}</h1>"
    yield f"<p class='summary'>{_e(scenario.summary.shown(language))}</p>"
    yield f"<h2>{_e(label['card'])}</h2><div class='card'><table>"
    yield f"<tr><th>{_e(label['name'])}</th><td>{_e(person.name)}</td></tr>"
    yield f"<tr><th>{_e(label['rrn'])}</th><td class='rrn'>{_e(mask(person.rrn))}</td></tr>"
    if person.phone is not None:
        yield f"<tr><th>{_e(label['phone'])}</th><td>{_e(person.phone[0])} {_e(person.phone[1])}</td></tr>"
    documents = ", ".join(document.kind.label for document in person.documents)
    yield f"<tr><th>{_e(label['documents'])}</th><td>{_e(documents)}</td></tr>"
    accounts = ", ".join(
        f"{account.number} ({tr(account.product)}, {account.balance:,})"
        for account in person.accounts
    )
    yield f"<tr><th>{_e(label['accounts'])}</th><td>{_e(accounts)}</td></tr>"
    yield "</table></div>"
    yield f"<h2>{_e(label['steps'])}</h2><table class='steps'>"
    yield (
        f"<tr><th>#</th><th>{_e(label['screen'])}</th><th>{_e(label['asks'])}</th>"
        f"<th>{_e(label['does'])}</th></tr>"
    )
    for number, step in enumerate(scenario.steps, start=1):
        screen = step.screen
        shown = "" if screen is None else screen.label
        if step.action == "take_call":
            shown = tr("휴대폰({key_for[phone]})")
        asks = (
            step.caption.shown(language)
            if step.caption
            else ("" if screen is None else tr(CAPTIONS[screen]))
        )
        yield (
            f"<tr><td>{number}</td><td>{_e(shown)}</td><td>{_e(asks)}</td>"
            f"<td>{_e(_does(step, scenario.service.label))}</td></tr>"
        )
    yield "</table>"
    yield f"<h2>{_e(label['result'])}</h2><p class='result'>{_e(tr(_OUTCOMES[scenario.expect.outcome]))}"
    if scenario.expect.rule is not None:
        yield f"<br>{_e(label['rule'])}: {_e(scenario.expect.rule.shown(language))}"
    yield "</p></section>"


def handout(scenario: Scenario, languages: Sequence[Language]) -> str:
    """The handout as one HTML page, a column per language."""
    was = current_language()
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{languages[0].value}"><head><meta charset="utf-8">',
        f"<title>{_e(scenario.name)}</title><style>{_CSS}</style></head><body>",
        "<div class='columns'>",
    ]
    try:
        for language in languages:
            set_language(language)
            parts.extend(_column(scenario))
    finally:
        set_language(was)
    parts.append("</div></body></html>")
    return "\n".join(parts)
