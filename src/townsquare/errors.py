"""townsquare's exceptions: one small hierarchy.

TownsquareError            base; the CLI prints its message as one line and exits 1
├── InputError             a path is missing, unreadable, or in no format we read
│   └── UnknownFormatError a file's format could not be detected or is not supported
├── ConfigError            a bad option, preset or setting (message lists valid choices)
├── CorpusError            a corpus folder is missing, incomplete or inconsistent
├── FolderLocked           another live townsquare run is writing the output folder (townsquare.lock)
└── StageError             a pipeline stage failed on a shard (the run records it and goes on)

Malformed *records* inside a readable file are not exceptions: readers send them
to quarantine (file, line, cause) and keep going; so is input past a limit of
``townsquare.limits`` (its ``LimitExceeded`` never leaves a reader).
"""


class TownsquareError(Exception):
    """Base class for every error townsquare raises on purpose."""


class InputError(TownsquareError):
    """A path is missing, unreadable, or not in a format townsquare reads."""


class UnknownFormatError(InputError):
    """The format of an input file could not be detected or is not supported."""


class ConfigError(TownsquareError):
    """An option, preset or setting is invalid."""


class CorpusError(TownsquareError):
    """A corpus folder is missing, incomplete or inconsistent."""


class FolderLocked(TownsquareError):
    """Another live townsquare process holds the output folder's lock."""


class StageError(TownsquareError):
    """A pipeline stage failed on one shard."""
