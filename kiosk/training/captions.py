"""What each screen asks, and why: the autoplay captions a room reads, and the
handout's column of what the screen asks."""

from __future__ import annotations

from kiosk.visit.flows import Step

CAPTIONS: dict[Step, str] = {
    Step.IDENTITY: "신분증을 보고 이름·주민등록번호·발급일자를 입력합니다. "
    "은행은 실명확인 없이 인증서를 내줄 수 없습니다.",
    Step.CONSENT: "약관과 개인정보 수집·이용 내용을 읽고 동의합니다. 동의하지 않으면 진행할 수 없습니다.",
    Step.PRODUCT: "쓸 곳에 맞는 인증서를 고릅니다. 은행용은 무료, 범용은 수수료 4,400원입니다.",
    Step.CHOOSE_CERT: "은행 기록에 있는 고객의 인증서 가운데 처리할 것을 고릅니다.",
    Step.OPEN_CERT: "저장매체의 인증서를 고르고 비밀번호로 엽니다. 비밀번호는 5번 틀리면 잠깁니다.",
    Step.VID_CHECK: "주민등록번호로 인증서 속 VID를 다시 계산해 인증서 주인이 맞는지 확인합니다.",
    Step.AUTH: "등록된 휴대폰(SMS·ARS)이나 OTP로 한 번 더 인증합니다. 명의도용을 막는 단계입니다.",
    Step.MEDIUM: "인증서를 저장할 곳을 고릅니다. USB에 두면 다른 PC에서도 쓸 수 있습니다.",
    Step.PASSWORD: "인증서 비밀번호를 두 번 입력합니다. 10자리 이상, 영문·숫자·특수문자를 섞습니다.",
    Step.CONFIRM: "내용과 수수료를 확인하고, 수수료는 계좌 비밀번호로 출금을 승인합니다.",
    Step.REVOKE_CONFIRM: "폐기 사유를 고릅니다. 폐기한 인증서는 폐기 목록(CRL)에 올라 더는 쓸 수 없습니다.",
    Step.ACCOUNT_CHECK: "주민등록번호와 본인 계좌로 본인을 확인합니다. 계좌 비밀번호나 1원 이체를 씁니다.",
    Step.FIND_CERT: "다른 기관에서 받은 인증서를 매체에서 찾아 비밀번호로 엽니다.",
    Step.SECURITY_MEDIUM: "OTP나 보안카드로 마지막 인증을 합니다.",
    Step.REGISTER_CONFIRM: "등록할 인증서를 확인합니다. 등록하면 이 은행에서도 쓸 수 있습니다.",
    Step.CHOOSE_REGISTERED: "등록을 해제할 인증서를 고릅니다. 파일은 그대로 남습니다.",
    Step.UNREGISTER_CONFIRM: "등록 해제를 확인합니다.",
    Step.PICK_FILE: "관리할 인증서를 매체에서 고릅니다.",
    Step.CERT_DETAILS: "인증서의 소유자·발급기관·유효기간을 봅니다.",
    Step.CHANGE_PASSWORD: "지금 비밀번호로 열고 새 비밀번호로 바꿉니다. 인증서 자체는 그대로입니다.",
    Step.COPY_TARGET: "인증서를 다른 매체로 복사합니다.",
    Step.PHONE_EXPORT: "휴대폰 앱의 '인증서 가져오기'가 보여 주는 인증번호 16자리를 키오스크에 입력합니다.",
    Step.PHONE_IMPORT: "키오스크가 보여 주는 인증번호를 휴대폰 앱의 '인증서 내보내기'에 입력합니다.",
    Step.DELETE_CONFIRM: "파일을 지웁니다. 인증서가 폐기되지는 않습니다.",
    Step.PHONE_CHECK: "통신사와 휴대폰 번호를 넣고 문자로 받은 인증번호를 입력합니다(휴대폰 본인인증).",
    Step.FIN_NEW_PIN: "보안 키패드로 PIN 6자리를 두 번 입력합니다. 숫자 배열은 입력할 때마다 바뀝니다.",
    Step.FIN_PIN: "금융인증서 PIN을 보안 키패드로 입력합니다. 5번 틀리면 사용이 제한됩니다.",
    Step.FIN_DETAILS: "PIN으로 연 금융인증서의 정보와 서명 확인 결과를 봅니다.",
    Step.FIN_DELETE_CONFIRM: "금융인증서를 삭제합니다. 폐기되고 클라우드에서 지워집니다.",
    Step.FIN_CHOOSE: "금융결제원 클라우드에서 다른 은행이 발급한 금융인증서를 고릅니다.",
    Step.FRAUD_WARNING: "모르는 번호의 전화를 받은 뒤의 재발급이라 은행이 멈춰 세웠습니다. "
    "누가 시켜서 하는 재발급이면 1(멈춥니다)을 고릅니다.",
    Step.RESULT: "처리가 끝났습니다. 결과와 처리결과 확인서를 확인합니다.",
}
