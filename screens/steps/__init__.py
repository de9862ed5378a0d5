"""One screen per step of a service: each shows what the visit needs next and asks the bank."""
