"""townsquare.eval."""
