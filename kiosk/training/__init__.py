"""What a trainer stages before a scenario: earlier certificates, another bank's, a clock."""
