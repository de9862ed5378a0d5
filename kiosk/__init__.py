"""Bank certificate kiosk: the domain (identity, products, authentication, NPKI, storage)."""
