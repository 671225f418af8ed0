"""Start the API under uvicorn: check the options, hand settings to the workers, run."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TypedDict, Unpack

from townsquare.errors import ConfigError, InputError

# Settings fields -> the environment variables the worker processes read them from.
_ENV = {
    "index": "TOWNSQUARE_INDEX",
    "keys_db": "TOWNSQUARE_KEYS_DB",
    "redis_url": "TOWNSQUARE_REDIS_URL",
    "trusted_proxies": "TOWNSQUARE_TRUSTED_PROXIES",
    "search_mode": "TOWNSQUARE_SEARCH_MODE",
    "anonymous_quota": "TOWNSQUARE_ANONYMOUS_QUOTA",
    "ip_quota": "TOWNSQUARE_IP_QUOTA",
    "posts_quota": "TOWNSQUARE_POSTS_QUOTA",
    "max_page_depth": "TOWNSQUARE_MAX_PAGE_DEPTH",
    "local_model": "TOWNSQUARE_LOCAL_MODEL",
    "llm_url": "TOWNSQUARE_LLM_URL",
    "llm_model": "TOWNSQUARE_LLM_MODEL",
    "llm_key_env": "TOWNSQUARE_LLM_KEY_ENV",
}


class SettingsOverrides(TypedDict, total=False):
    """The other Settings fields ``townsquare serve`` may set (each one has a variable in ``_ENV``)."""

    search_mode: str
    anonymous_quota: str
    ip_quota: str
    posts_quota: str
    max_page_depth: int
    local_model: Path | None
    llm_url: str | None
    llm_model: str
    llm_key_env: str


def default_workers(redis_url: str | None) -> int:
    """One process per CPU when counters are shared in Redis; one otherwise (memory counters are per process)."""
    if not redis_url:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, cpus)


def check_port(host: str, port: int) -> int:
    """The port to serve on: ``port``, or a free one the OS picks for ``--port 0``; one line when ``host:port``
    cannot be listened on (another server holds it, no permission)."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: TIME_WAIT is no clash
            probe.bind(address)
            bound: int = probe.getsockname()[1]  # (host, port[, flow, scope]); typeshed says Any
            return bound
    except OSError as exc:
        raise ConfigError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
            + (" (is another server running there? choose another --port)" if exc.errno == errno.EADDRINUSE else "")
        ) from None


def check(
    index: Path,
    workers: int,
    redis_url: str | None,
    trusted_proxies: list[str],
    overrides: SettingsOverrides,
    host: str | None = None,
    port: int | None = None,
    keys_db: Path | None = None,
) -> None:
    """Fail with one clear line before any worker starts."""
    from townsquare.index.build import load_manifest
    from townsquare.index.search import Searcher, not_an_index
    from townsquare.server.clients import parse_networks
    from townsquare.server.ratelimit import RateLimiter, parse_quota
    from townsquare.server.settings import Settings

    if not index.is_dir() or load_manifest(index) is None:
        raise not_an_index(index)

    # a damaged INDEX/embedder refuses the start (ConfigError naming the fix), as a bad model stops vLLM; with
    # one worker the loaded embedder is the one it serves with (load_embedder keeps it for the process)
    _ = Searcher(index).embedder
    if workers > 1 and not redis_url:
        raise ConfigError(
            f"--workers {workers} needs --redis URL: in-memory counters are per process, so each "
            "worker would grant the whole quota again"
        )
    parse_networks(trusted_proxies)
    for quota in (overrides.get("anonymous_quota"), overrides.get("ip_quota"), overrides.get("posts_quota")):
        if quota:
            parse_quota(quota)
    if redis_url and not RateLimiter(redis_url).check():
        raise ConfigError(f"cannot reach Redis at {redis_url}")
    local_model = overrides.get("local_model")
    if local_model and not Path(local_model).exists():
        raise InputError(f"--local-model {local_model} does not exist")
    if local_model:
        from townsquare.assistant.compose import load_local_model

        # a model that does not load refuses the start (ConfigError naming the file and cause), as a damaged
        # embedder does; with one worker the loaded copy is the one it answers with (kept for the process)
        load_local_model(str(local_model))
    llm_url = overrides.get("llm_url")
    if llm_url:
        from townsquare.assistant.compose import chat_endpoint

        chat_endpoint(llm_url)  # "http://[::1/v1" refuses the start: it made every remote chat a 500
    try:
        Settings(search_mode=overrides.get("search_mode") or "hybrid")
    except ValueError as exc:
        raise ConfigError(str(exc).splitlines()[-1]) from None
    if keys_db is not None:
        from townsquare.server.auth import KeyStore

        KeyStore(keys_db).close()  # an unusable keys file: one line before "serving on", not a traceback (R19-B1)
    if host is not None and port is not None:
        check_port(host, port)


def serve(
    index: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    redis_url: str | None = None,
    keys_db: Path = Path("keys.sqlite"),
    trusted_proxies: tuple[str, ...] = (),
    access_log: bool = False,
    **overrides: Unpack[SettingsOverrides],
) -> None:
    """Run the server until interrupted (``overrides``: other Settings fields, e.g. anonymous_quota)."""
    import uvicorn

    check(index, workers, redis_url, list(trusted_proxies), overrides, host, port, keys_db=keys_db)
    values = {
        "index": index.resolve(),
        "keys_db": keys_db.resolve(),
        "redis_url": redis_url,
        "trusted_proxies": ",".join(trusted_proxies),
        **overrides,
    }
    for name, value in values.items():
        if value not in (None, ""):
            os.environ[_ENV[name]] = str(value)
    from townsquare.server.settings import get_settings

    get_settings.cache_clear()
    if workers == 1:
        # the assistant's models (the reader and phrase reader, torch and MiniLM: seconds) load before the server
        # listens: the first chat request waited for them (11 s on two busy cores). With one worker these copies
        # are the ones it answers with; each of several workers loads its own on its first chat request.
        from townsquare.assistant.compose import ExtractiveComposer

        ExtractiveComposer().load()
    # proxy_headers=False: X-Forwarded-For is ours to judge (trusted proxies only), not uvicorn's.
    # loop/http "auto": uvloop and httptools (both in the serve extra's uvicorn[standard]) when installed,
    # a cheaper event loop and HTTP parser than asyncio + h11, which remain the fallback.
    uvicorn.run(
        "townsquare.server.main:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="auto",
        http="auto",
        proxy_headers=False,
        access_log=access_log,
        # uvicorn writes its access lines at INFO: at "warning" --access-log logged nothing
        log_level="info" if access_log else "warning",
        server_header=False,
    )
