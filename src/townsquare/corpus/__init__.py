"""townsquare.corpus."""
