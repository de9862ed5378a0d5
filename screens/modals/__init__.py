"""Boxes over a screen: the walk-away warning, the customer's phone, the operator's PIN and menu."""
