"""``townsquare serve``: the search API and web page (FastAPI under uvicorn)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from townsquare.server.runner import SettingsOverrides


@click.command()
@click.option("--index", required=True, type=click.Path(path_type=Path), help="Index folder from `townsquare index`.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    help="Worker processes (more than one needs --redis)  [default: one per CPU with --redis, else 1]",
)
@click.option(
    "--redis",
    "redis_url",
    default=None,
    metavar="URL",
    help="Keep rate-limit counters in Redis (redis://host:6379/0), shared by every process.",
)
@click.option(
    "--keys-db",
    default=Path("keys.sqlite"),
    show_default=True,
    type=click.Path(path_type=Path),
    help="SQLite file with the API keys (see `townsquare keys`).",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="CIDR",
    help="Believe X-Forwarded-For only from these networks (repeatable).",
)
@click.option(
    "--mode",
    "search_mode",
    default="hybrid",
    show_default=True,
    type=click.Choice(["hybrid", "keyword", "vector"]),
    help="Default ranking for API searches.",
)
@click.option(
    "--anonymous-quota",
    default="60/15min",
    show_default=True,
    help="Requests per IP (IPv6 per /64) without an API key.",
)
@click.option("--ip-quota", default="3000/15min", show_default=True, help="Ceiling per IP across all its keys.")
@click.option("--posts-quota", default="45000/15min", show_default=True, help="Posts served per client per window.")
@click.option(
    "--max-page-depth",
    default=10,
    show_default=True,
    type=click.IntRange(min=1),
    help="Pages reachable by following next_token.",
)
@click.option(
    "--local-model",
    type=click.Path(path_type=Path),
    default=None,
    help="Also answer chat with this causal LM (HF folder or .gguf file), offline.",
)
@click.option(
    "--llm-url",
    default=None,
    metavar="URL",
    help="Also answer chat through this OpenAI-compatible endpoint (http://host:8000/v1).",
)
@click.option("--llm-model", default="default", show_default=True, help="Model name sent to --llm-url.")
@click.option(
    "--llm-key-env",
    default="TOWNSQUARE_LLM_KEY",
    show_default=True,
    help="Environment variable holding the API key for --llm-url.",
)
@click.option("--access-log/--no-access-log", default=False, show_default=True, help="Log every request.")
def command(
    index: Path,
    host: str,
    port: int,
    workers: int | None,
    redis_url: str | None,
    keys_db: Path,
    trusted_proxies: tuple[str, ...],
    search_mode: str,
    anonymous_quota: str,
    ip_quota: str,
    posts_quota: str,
    max_page_depth: int,
    local_model: Path | None,
    llm_url: str | None,
    llm_model: str,
    llm_key_env: str,
    access_log: bool,
) -> None:
    """Serve search (/2/tweets/...), the assistant (/v1/chat/completions, /v1/models), /health and the web page."""
    from townsquare.server.runner import check, default_workers, serve

    workers = workers or default_workers(redis_url)
    overrides: SettingsOverrides = {
        "anonymous_quota": anonymous_quota,
        "ip_quota": ip_quota,
        "posts_quota": posts_quota,
        "search_mode": search_mode,
        "local_model": local_model.resolve() if local_model else None,
        "llm_url": llm_url,
    }
    from townsquare.server.runner import check_port

    port = check_port(host, port)  # --port 0: the free port the OS picked, so the line below names it
    check(index, workers, redis_url, list(trusted_proxies), overrides, host, port, keys_db=keys_db)
    click.echo(
        f"townsquare: serving {index} on http://{host}:{port}/ with {workers} worker(s), "
        f"rate limits in {'Redis' if redis_url else 'memory'}",
        err=True,
    )
    serve(
        index,
        host=host,
        port=port,
        workers=workers,
        redis_url=redis_url,
        keys_db=keys_db,
        trusted_proxies=trusted_proxies,
        access_log=access_log,
        search_mode=search_mode,
        anonymous_quota=anonymous_quota,
        ip_quota=ip_quota,
        posts_quota=posts_quota,
        max_page_depth=max_page_depth,
        local_model=local_model.resolve() if local_model else None,
        llm_url=llm_url,
        llm_model=llm_model,
        llm_key_env=llm_key_env,
    )
