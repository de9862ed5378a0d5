"""The other banks a staged 금융인증서 may come from (their codes in subject DNs).

A module of its own: the command line offers them without loading the stages."""

OTHER_BANKS = ("IBK", "KB", "NH", "WOORI", "HANA", "SHINHAN")
