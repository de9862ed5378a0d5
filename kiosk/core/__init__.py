"""What every part of the kiosk and the bank shares: time, language, refusals, locks, scrypt."""
