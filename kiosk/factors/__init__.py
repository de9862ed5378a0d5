"""Extra authentication (SMS, OTP, ARS, 보안카드) and the rules for passwords and PINs."""
