"""townsquare.release."""
