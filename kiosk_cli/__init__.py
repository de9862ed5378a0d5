"""The entry points: `kiosk` (the kiosk, demos, certificate tools, the browser room, the bank)."""
