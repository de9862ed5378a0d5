"""One visit at the kiosk: the services, their steps, and the customer's choices so far."""
