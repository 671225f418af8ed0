"""townsquare.release: a publishable folder with the model, its data, their cards and checksums."""

from townsquare.release.build import forget_in_release, is_release, make_release, verify_checksums

__all__ = ["forget_in_release", "is_release", "make_release", "verify_checksums"]
