"""``townsquare search INDEX QUERY``: a thin command over ``townsquare.index.Searcher``."""

from __future__ import annotations

from pathlib import Path

import click

from townsquare.cli import TextArgCommand


@click.command(cls=TextArgCommand)  # a query may start with "-": `-is:repost bus`
@click.argument("index", type=click.Path(path_type=Path))
@click.argument("query")
@click.option("--max-results", "-n", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--mode", type=click.Choice(["hybrid", "keyword", "vector"]), default="hybrid", show_default=True)
@click.option(
    "--sort", "sort_order", type=click.Choice(["relevancy", "recency"]), default="relevancy", show_default=True
)
@click.option("--start-time", default=None, help="Oldest time, ISO 8601 (inclusive).")
@click.option("--end-time", default=None, help="Newest time, ISO 8601 (exclusive).")
@click.option("--next-token", default=None, help="Token printed by the previous page.")
@click.option("--json", "as_json", is_flag=True, help="Print the page as JSON (posts + meta).")
def command(
    index: Path,
    query: str,
    max_results: int,
    mode: str,
    sort_order: str,
    start_time: str | None,
    end_time: str | None,
    next_token: str | None,
    as_json: bool,
) -> None:
    """Query a search index: words, "phrase", -word, OR, #tag, @handle, from:, lang:, is:, has:, since:, until:."""
    import orjson
    from rich.console import Console
    from rich.table import Table

    from townsquare.cli import print_table
    from townsquare.index.search import Searcher

    page = Searcher(index).search(
        query,
        max_results=max_results,
        mode=mode,
        sort_order=sort_order,
        start_time=start_time,
        end_time=end_time,
        next_token=next_token,
    )
    if as_json:
        meta = {
            "result_count": page.result_count,
            "newest_id": page.newest_id,
            "oldest_id": page.oldest_id,
            "next_token": page.next_token,
        }
        click.echo(orjson.dumps({"data": page.posts, "meta": meta}).decode())
        return
    count = f"{page.result_count} result{'' if page.result_count == 1 else 's'}"
    table = Table(title=f"{count} for {query!r}")
    # ids and authors whole (folded, never cut with "…"): they are what a user copies into forget or /2/tweets/{id}
    table.add_column("id", overflow="fold")
    table.add_column("author", overflow="fold")
    table.add_column("created_at", no_wrap=True)
    table.add_column("text", ratio=1)
    for post in page.posts:
        table.add_row(
            post["id"],
            post.get("author_handle") or post.get("author_id") or "",
            post.get("created_at") or "",
            (post.get("text") or "").replace("\n", " ")[:120],
        )
    console = Console()
    print_table(console, table)
    if page.next_token:
        console.print(f"next page: --next-token {page.next_token}")
