"""The audit log's codes as words, for staff reading the log (the operator's F10
view): its services, outcomes and reasons. The log keeps codes (they never echo
what a customer typed); the words are looked up when shown, in the visit's
language. tests/unit/test_audit_words.py checks that every code written has one."""

from __future__ import annotations

from kiosk.core.i18n import tr
from kiosk.core.refusal import RefusalCode
from kiosk.visit.flows import SERVICE_LABELS

# What the kiosk, the operator and the bank's tools write besides a service.
_PLACES: dict[str, str] = {
    "home": "처음 화면",
    "kiosk": "키오스크",
    "operator": "운영자",
    "otp_unlock": "OTP 잠금 해제",
    "idle": "자리 비움",
    "staff_call": "직원 호출",
    "bank_api": "은행 서버 요청",
    "bank_admin": "은행 관리",
    "copy": "인증서 복사(스마트폰)",
}

OUTCOMES: dict[str, str] = {
    "done": "완료",
    "refused": "거절",
    "error": "오류",
    "opened": "열림",
    "called": "호출함",
    "reset": "초기화",
    "delivered_late": "늦게 전달 확인",
    "receipt_not_printed": "확인서 출력 안 됨",
    "receipt_reprinted": "확인서 재출력",
    "kiosk_mode_on": "키오스크 모드 설정",
    "kiosk_mode_off": "키오스크 모드 해제",
    "demo_data_reset": "데모 데이터 초기화",
    "quit": "프로그램 종료",
    "kiosk_added": "키오스크 등록",
    "kiosk_removed": "키오스크 삭제",
    "trainer_added": "강사 등록",
    "role_granted": "권한 부여",
    "scenario_played": "시나리오 재생",
    "scenario_learner": "학습자 시나리오 시작",
    "sent": "보냄",
    "fraud_warning": "사기 의심 경고",
    "warning_overridden": "경고 후 계속",
    "scam_stopped": "사기 의심으로 중단",
}

# Every refusal code (record_refusal writes any), and the reasons staff tools write.
REASONS: dict[str, str] = {
    "refused": "거절",
    "bank_unreachable": "은행 서버 연결 안 됨",
    "kiosk_not_admitted": "은행에 등록되지 않은 키오스크",
    "training_disabled": "교육용 기능 꺼짐",
    "clock_limit": "시계 한도 초과",
    "visit_unknown": "알 수 없는 방문",
    "card_not_asked": "보안카드 질문 없음",
    "visit_not_proven": "확인 절차 미완료",
    "visit_other_customer": "다른 고객",
    "visit_wrong_service": "다른 업무",
    "consent_missing": "약관 동의 없음",
    "operator_not_proven": "운영자 확인 필요",
    "certificate_not_checked": "인증서 확인 안 됨",
    "not_own_certificate": "본인 인증서 아님",
    "no_name": "이름 없음",
    "no_such_customer": "고객 정보 없음",
    "document_not_held": "신분증 정보 없음",
    "document_mismatch": "신분증 정보 불일치",
    "document_expired": "신분증 만료",
    "bad_date": "날짜 형식 오류",
    "bad_licence": "운전면허번호 형식 오류",
    "bad_passport": "여권번호 형식 오류",
    "under_age": "만 14세 미만",
    "rrn_malformed": "주민등록번호 형식 오류",
    "rrn_bad_date": "주민등록번호 날짜 오류",
    "rrn_future_date": "주민등록번호 미래 날짜",
    "rrn_bad_check_digit": "주민등록번호 검증번호 오류",
    "vid_mismatch": "본인확인값(VID) 불일치",
    "auth_malformed": "인증번호 형식 오류",
    "auth_wrong": "인증번호 오류",
    "auth_expired": "인증번호 시간 초과",
    "auth_used": "이미 사용한 인증번호",
    "auth_voided": "인증번호 무효",
    "auth_replayed": "OTP 번호 재사용",
    "auth_locked": "인증 잠김",
    "auth_no_phone": "휴대폰 없음",
    "auth_no_token": "OTP 없음",
    "auth_send_limit": "인증번호 발송 한도",
    "sms_send_limit": "문자 발송 한도",
    "no_phone": "등록된 휴대폰 없음",
    "no_otp": "등록된 OTP 없음",
    "otp_locked": "OTP 잠김",
    "card_malformed": "보안카드 번호 형식 오류",
    "card_wrong": "보안카드 번호 오류",
    "card_locked": "보안카드 잠김",
    "card_no_card": "보안카드 없음",
    "no_security_card": "등록된 보안카드 없음",
    "security_card_locked": "보안카드 사용 정지",
    "ars_wrong": "ARS 번호 오류",
    "ars_expired": "ARS 시간 초과",
    "ars_call_limit": "ARS 통화 한도",
    "account_bad_account_number": "계좌번호 형식 오류",
    "account_bad_pin": "계좌 비밀번호 형식 오류",
    "account_no_such_account": "없는 계좌",
    "account_not_own_account": "본인 계좌 아님",
    "account_wrong_pin": "계좌 비밀번호 오류",
    "account_pin_locked": "계좌 비밀번호 잠김",
    "one_won_bad_code": "1원 이체 코드 형식 오류",
    "one_won_wrong_code": "1원 이체 코드 오류",
    "one_won_expired": "1원 이체 코드 시간 초과",
    "one_won_voided": "1원 이체 코드 무효",
    "one_won_not_own_account": "1원 이체: 본인 계좌 아님",
    "phone_phone_mismatch": "휴대폰 정보 불일치",
    "phone_no_phone": "휴대폰 정보 없음",
    "phone_bad_phone": "휴대폰 번호 형식 오류",
    "bad_request": "잘못된 요청",
    "bad_authorization_code": "인가코드 오류",
    "bad_product": "없는 인증서 종류",
    "bad_supersedes": "바꿀 인증서 오류",
    "product_already_held": "이미 가진 인증서 종류",
    "bad_password": "비밀번호 규칙 위반",
    "no_account": "계좌 없음",
    "not_own_account": "본인 계좌 아님(수수료)",
    "account_not_proven": "계좌 확인 안 됨",
    "insufficient_balance": "잔액 부족",
    "not_signed": "서명되지 않은 인증서",
    "usb_absent": "USB 없음",
    "medium_absent": "저장매체 없음",
    "medium_read_failed": "저장매체 읽기 실패",
    "medium_write_failed": "저장매체 쓰기 실패",
    "usb_pulled": "USB 분리됨",
    "usb_read_only": "USB 쓰기 금지",
    "usb_no_npki": "USB에 NPKI 폴더 없음",
    "cert_files_unreadable": "읽을 수 없는 인증서 파일",
    "printer_offline": "프린터 연결 안 됨",
    "printer_paper_out": "프린터 용지 없음",
    "no_cert_found": "인증서 없음",
    "no_certificates": "인증서 없음(목록)",
    "cert_password_wrong": "인증서 비밀번호 오류",
    "cert_password_locked": "인증서 비밀번호 잠김",
    "cert_file_damaged": "인증서 파일 손상",
    "key_mismatch": "키 불일치",
    "key_without_random": "키 파일에 VID 난수 없음",
    "password_rule": "비밀번호 규칙 위반(입력)",
    "password_unchanged": "같은 비밀번호",
    "copy_same_medium": "같은 매체로 복사",
    "copy_exists": "복사할 곳에 이미 있음",
    "other_institution": "다른 기관 인증서",
    "cert_untrusted": "신뢰할 수 없는 인증서",
    "revoked": "폐기된 인증서",
    "renew_too_early": "갱신 기간 전",
    "renew_expired": "만료되어 갱신 불가",
    "register_expired": "등록: 만료된 인증서",
    "register_not_yet_valid": "등록: 아직 유효하지 않음",
    "register_revoked": "등록: 폐기된 인증서",
    "register_already": "이미 등록됨",
    "register_not_mine": "등록: 본인 인증서 아님",
    "register_untrusted": "등록: 신뢰할 수 없음",
    "register_own_bank": "등록: 당행 인증서",
    "register_revocation_unknown": "등록: 폐기 여부 알 수 없음",
    "none_registered": "등록된 인증서 없음",
    "fincert_none": "금융인증서 없음",
    "fincert_exists": "금융인증서 이미 있음",
    "fincert_expired": "금융인증서 만료",
    "fincert_changed": "금융인증서 바뀜",
    "fincert_not_owner": "금융인증서 본인 아님",
    "fincert_own_bank": "타행 등록: 당행 금융인증서",
    "fincert_registered": "타행 금융인증서 이미 등록됨",
    "fincert_not_registered": "타행 금융인증서 미등록",
    "fincert_not_accepted": "금융인증서 본인확인 불가 업무",
    "fincert_signature": "금융인증서 전자서명 확인 실패",
    "pin_rule": "PIN 규칙 위반",
    "pin_shape": "PIN 형식 오류",
    "pin_wrong": "PIN 오류",
    "pin_locked": "PIN 잠김",
    "copy_code_shape": "복사 인증번호 형식 오류",
    "copy_code_unknown": "없는 인증번호",
    "copy_code_wrong": "인증번호 틀림",
    "copy_code_voided": "인증번호 사용 중지",
    "copy_code_expired": "복사 인증번호 시간 초과",
    "copy_code_used": "이미 쓴 인증번호",
    "copy_too_large": "복사 파일 너무 큼",
    "copy_damaged": "복사 파일 손상",
    "fraud_warning_open": "사기 의심 경고 미해결",
    "unknown_call": "모르는 번호의 전화",
    "operator_pin_wrong": "운영자 PIN 오류",
    "unknown_kiosk_token": "알 수 없는 키오스크 토큰",
}

SERVICES: dict[str, str] = {
    **{service.value: label for service, label in SERVICE_LABELS.items()},
    **_PLACES,
}


def word(code: str) -> str:
    """A code as a word in the visit's language; the code itself when it has none
    (a reason can be data: a serial number, a kiosk's name, an error's type)."""
    known = SERVICES.get(code) or OUTCOMES.get(code) or REASONS.get(code)
    return code if known is None else tr(known)


def reason_words(reason: str) -> str:
    """A reason as written: its code as a word, anything after it as written
    (`training_disabled training/stage` keeps the operation it names)."""
    code, _, rest = reason.partition(" ")
    return " ".join(part for part in (word(code), rest) if part)


def all_codes() -> set[str]:
    return set(SERVICES) | set(OUTCOMES) | set(REASONS) | {code.value for code in RefusalCode}
