"""Server settings: one ``BaseSettings`` read from ``TOWNSQUARE_*`` environment variables.

``townsquare serve`` turns its options into these variables before uvicorn
starts its workers, so every worker process reads the same settings. Routes get
them through the cached ``get_settings()`` dependency; tests replace it with
``app.dependency_overrides[get_settings]`` (or pass ``Settings`` to ``create_app``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the server needs to know; defaults suit one process on a laptop."""

    model_config = SettingsConfigDict(env_prefix="TOWNSQUARE_", extra="ignore")

    # defaults by keyword (default=): type checkers read a field's default only from that keyword
    index: Path = Field(default=Path("index"), description="index folder written by `townsquare index`")
    keys_db: Path = Field(default=Path("keys.sqlite"), description="SQLite file holding hashed API keys")
    redis_url: str | None = Field(default=None, description="redis://host:port/db for shared rate-limit counters")
    # comma separated in the environment, as `serve --trusted-proxy` hands it to the workers: NoDecode keeps
    # pydantic-settings from reading it as JSON first (every value crashed the startup, review 19, R19-B10)
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="CIDRs whose X-Forwarded-For is believed"
    )
    search_mode: str = Field(
        default="hybrid", description="default index mode for API searches: hybrid, keyword or vector"
    )

    # Chat composers besides the extractive default (see /v1/models)
    local_model: Path | None = Field(
        default=None, description="a causal LM folder (HF layout) or .gguf file for the chat API"
    )
    llm_url: str | None = Field(
        default=None, description="an OpenAI-compatible base URL (http://host:8000/v1) for the chat API"
    )
    llm_model: str = Field(default="default", description="the model name sent to llm_url")
    llm_key_env: str = Field(default="TOWNSQUARE_LLM_KEY", description="environment variable holding llm_url's API key")

    # Quotas ("N/period", e.g. 450/15min). A key's own quota comes from the keys DB.
    anonymous_quota: str = "60/15min"  # per IP (IPv6 per /64) without a bearer token
    ip_quota: str = "3000/15min"  # ceiling per IP across every key it uses
    posts_quota: str = "45000/15min"  # posts served per client (key or IP) per window
    page_cache: int = Field(default=4096, ge=0, description="result pages kept in the read-through cache (0: none)")
    # Anti-scraping
    max_page_depth: int = 10  # pages reachable through next_token chains
    enumeration_window: str = "5min"
    enumeration_threshold: int = 30  # suspicious events per window before a client is flagged
    sequential_gap: int = 10_000  # numeric ids this close in a row count as a sequential scan
    penalty_factor: int = 10  # a flagged client's quota is divided by this
    penalty_duration: str = "1hour"

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):  # env var: comma separated (a JSON list, as written before, is read too)
            if value.strip().startswith("["):
                import json

                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("search_mode")
    @classmethod
    def _mode(cls, value: str) -> str:
        modes = ("keyword", "hybrid", "vector")
        if value not in modes:
            raise ValueError(f"search_mode {value!r} is not valid; choose one of {', '.join(modes)}")
        return value

    @property
    def storage_uri(self) -> str:
        """The rate-limit storage: Redis when configured, else this process's memory."""
        return self.redis_url or "memory://"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (a FastAPI dependency; override it in tests)."""
    return Settings()
