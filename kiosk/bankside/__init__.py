"""The bank behind the kiosk's glass: what it knows, what it proves, what it signs.

A kiosk never changes the bank's books itself: it asks `BankService`, which
checks every act against what the customer proved during the visit."""
