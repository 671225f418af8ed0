"""townsquare: public posts -> a privacy-safe corpus -> an open language model and search.

Importing the package is cheap; heavy dependencies load in the commands that need them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
