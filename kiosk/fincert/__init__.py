"""금융인증서: certificates kept in the bank's cloud, opened with a 6-digit PIN."""
