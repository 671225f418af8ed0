"""townsquare.index."""
