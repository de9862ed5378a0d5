"""The kiosk's voice: what it says, kept safe to say, and the engine that says it."""
