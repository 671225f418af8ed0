"""townsquare.train."""
