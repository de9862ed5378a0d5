"""공동인증서: products and fees, the bank's records, issuing, renewal, registration, files."""
