"""Where the bank keeps its books: SQLite in the data directory, or PostgreSQL."""
