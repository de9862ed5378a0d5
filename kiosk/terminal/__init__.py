"""What the kiosk itself holds: settings, media bay, key pool, receipt printer, its bank link."""
