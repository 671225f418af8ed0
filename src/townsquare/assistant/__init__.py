"""townsquare.assistant."""
