"""townsquare's exceptions: one small hierarchy.

TownsquareError              base; the CLI prints its message as one line and exits 1
├── InputError               a path is missing, unreadable, or in no format we read
│   └── UnknownFormatError   a file's format could not be detected or is not supported
├── ConfigError              a bad option, preset or setting (message lists valid choices)
├── CorpusError              a corpus folder is missing, incomplete or inconsistent
├── FolderLocked             another live townsquare run is writing the output folder (townsquare.lock)
├── StageError               a pipeline stage failed on a shard (the build reports the shard and goes on)
├── RemoteError              a remote API (X, an OpenAI-compatible server) refused or kept failing
├── QuerySyntaxError         a search query does not parse (also a ValueError; ``position`` says where)
└── SearchParameterError     a search argument is invalid (also a ValueError; ``parameter`` names it)

Malformed *records* inside a readable file are not exceptions: readers send them
to quarantine (file, line, cause) and keep going; so is input past a limit of
``townsquare.limits`` (its ``LimitExceeded`` never leaves a reader). The few other
exception classes in the code are control flow inside one module and never reach
a caller (a reader's fallback, the server's HTTP problem responses).
"""


class TownsquareError(Exception):
    """Base class for every error townsquare raises on purpose.

    ``line``: the line of the input file at fault, where the raiser knows it (a CSV header without a
    text column is line 1); a file quarantined whole for this error carries it in its record.
    """

    def __init__(self, *args: object, line: int | None = None) -> None:
        super().__init__(*args)
        self.line = line


class InputError(TownsquareError):
    """A path is missing, unreadable, or not in a format townsquare reads."""


class UnknownFormatError(InputError):
    """The format of an input file could not be detected or is not supported; ``reason``, when a reader
    turned down a file named like its own (a ``.js`` that is no X archive part), says why."""

    def __init__(self, *args: object, line: int | None = None, reason: str | None = None) -> None:
        super().__init__(*args, line=line)
        self.reason = reason


class ConfigError(TownsquareError):
    """An option, preset or setting is invalid."""


class CorpusError(TownsquareError):
    """A corpus folder is missing, incomplete or inconsistent."""


class FolderLocked(TownsquareError):
    """Another live townsquare process holds the output folder's lock."""


class StageError(TownsquareError):
    """A pipeline stage failed on one shard."""


class RemoteError(TownsquareError):
    """The endpoint refused a request (bad query, bad token) or kept failing after retries."""


class QuerySyntaxError(TownsquareError, ValueError):
    """A query does not parse; ``position`` is the 0-based offset of the offending character."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at position {position})")
        self.message = message
        self.position = position


class SearchParameterError(TownsquareError, ValueError):
    """A search argument is invalid (bad mode, max_results, time window or next_token); ``parameter`` names it."""

    def __init__(self, message: str, parameter: str) -> None:
        super().__init__(message)
        self.parameter = parameter
