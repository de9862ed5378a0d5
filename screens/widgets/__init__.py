"""Widgets the screens share: the frame (header, message line, trainer panel), keypad, fields."""
