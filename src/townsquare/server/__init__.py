"""townsquare.server."""
