"""Scripted scenarios: `kiosk demo` drives the real screens by key presses, with captions."""
