"""Run the real pipeline over doc-shaped inputs and look for planted canaries everywhere it writes or answers.

``run_town`` drives the real verbs (``townsquare build`` -> ``tokenize`` -> ``index``, optionally ``train``)
through the CLI, then opens the real FastAPI app in process. ``Town.leaks`` looks for each private canary in
every file under the corpus (Parquet decoded column by column, JSON, Markdown), in the decoded token shards,
in the index folder (raw bytes and the SQLite post store), and in the API's answers: recent search in every
ranking mode, ``/2/tweets/{id}`` for every id spelling a post may have, the web page and the chat API.
``Town.missing`` is the positive control: a public canary that is not found in the corpus, tokens, search
and lookup makes the test fail, so a pipeline that drops everything cannot pass.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

# ----------------------------------------------------------------------------------------------- text

_OPENERS = [
    "Honestly",
    "Quick note",
    "Heads up",
    "So",
    "Update",
    "Fun fact",
    "Reminder",
    "Well",
    "Okay",
    "Today",
    "Just saw that",
    "Apparently",
    "Good news",
    "Not sure why but",
    "Worth saying",
]
_SUBJECTS = [
    "the ferry to the north pier",
    "our community garden",
    "the night market on Elm Street",
    "the new library wing",
    "the cycling lane by the river",
    "my neighbour's bakery",
    "the school choir",
    "the old cinema",
    "the harbour festival",
    "the tram extension",
    "the farmers co-op",
    "the climbing wall downtown",
    "the chess club",
    "the jazz trio at the pub",
    "the repair cafe",
    "the city orchard",
    "the winter swim club",
    "the pottery studio",
    "the local radio quiz",
    "the museum late opening",
]
_VERBS = [
    "is running late again",
    "finally reopened",
    "smelled amazing",
    "drew a huge crowd",
    "needs more volunteers",
    "changed its hours",
    "was packed by noon",
    "surprised everyone",
    "got a fresh coat of paint",
    "is looking for ideas",
    "sold out in an hour",
    "felt calmer than usual",
    "has a waiting list now",
    "moved to the square",
    "hosted a tiny parade",
]
_TAILS = [
    "after the storm last week",
    "despite the drizzle",
    "thanks to the students",
    "before sunset",
    "for the first time since spring",
    "while the bridge was closed",
    "with free tea for everyone",
    "and nobody complained",
    "if you believe the flyers",
    "right next to the fountain",
    "according to the council notes",
    "with a brass band",
    "on a Tuesday of all days",
    "because of the marathon",
    "as the kids had hoped",
]
_CLOSERS = [
    "Go early.",
    "Bring a jacket.",
    "Worth the walk.",
    "Tell your friends.",
    "Who else went?",
    "Photos later.",
    "Still thinking about it.",
    "Ten out of ten.",
    "More next week.",
    "Anyone know why?",
    "Lovely people.",
    "Mark the date.",
    "Not bad at all.",
    "See you there.",
    "Respect to the organisers.",
]
_WORDS = (
    "amber basil cobalt dahlia ember fennel garnet hazel indigo juniper kestrel lilac maple nectar "
    "olive pepper quartz russet saffron thistle umber violet willow yarrow zinnia acorn bramble cedar "
    "drift elder fjord glade heron islet jetty knoll lagoon moor nook otter plover quay reed shoal "
    "tarn upland vale wren"
).split()


def sentence(rng: random.Random, secret: str | None = None) -> str:
    """One natural, varied post (quality filters and near-duplicate removal keep it) with an optional canary."""
    parts = [
        f"{rng.choice(_OPENERS)}:",
        rng.choice(_SUBJECTS),
        rng.choice(_VERBS),
        rng.choice(_TAILS) + ".",
        f"Spotted a {rng.choice(_WORDS)} {rng.choice(_WORDS)} sign near the {rng.choice(_WORDS)} stall.",
        rng.choice(_CLOSERS),
    ]
    if secret:
        # anywhere in the post (the Registry's seeded rng picks where): a canary next to a place name ("the
        # square", "moved to") must still come through the PII stage, or the audit is blind (e4033e6)
        parts.insert(rng.randrange(len(parts) + 1), f"Code word {secret}.")
    return " ".join(parts)


# ----------------------------------------------------------------------------------------------- planting


@dataclass
class Planted:
    """A canary planted in one post: where it may be looked up and whether it must stay out."""

    label: str
    secret: str
    ids: list[str]
    private: bool
    # a private post's ids must answer 404, unless another version of the same post (an edit) is public
    gone: bool = True


@dataclass
class Registry:
    rng: random.Random
    planted: list[Planted] = field(default_factory=list)

    def text(self, label: str, ids: list[str], private: bool, gone: bool = True) -> str:
        """A post text carrying a fresh canary registered under ``label``."""
        secret = "CANARY" + "".join(ch for ch in label.upper() if ch.isalnum())[:18] + f"{len(self.planted):03d}"
        self.planted.append(Planted(label, secret, ids, private, gone))
        return sentence(self.rng, secret)

    def plain(self) -> str:
        return sentence(self.rng)

    @property
    def private(self) -> list[Planted]:
        return [p for p in self.planted if p.private]

    @property
    def public(self) -> list[Planted]:
        return [p for p in self.planted if not p.private]


# ----------------------------------------------------------------------------------------------- the pipeline


def invoke(*args) -> str:
    from townsquare.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, f"townsquare {' '.join(map(str, args[:2]))} failed:\n{result.output}"
    return result.output


@dataclass
class Town:
    root: Path
    corpus: Path
    index: Path
    build_output: str
    client: object
    samples: list[str] = field(default_factory=list)
    api_errors: list[str] = field(default_factory=list)

    # -- what the build says

    def quarantined(self) -> list[dict]:
        """Quarantine records, wherever the build keeps them (any JSON/JSONL/Parquet whose path says so)."""
        found = []
        for path in self.corpus.rglob("*"):
            if path.is_file() and "quarantin" in str(path.relative_to(self.corpus)).lower():
                found.extend(_records(path))
        return found

    def rejects(self) -> dict[str, dict]:
        import pyarrow.parquet as pq

        rows = {}
        for path in (self.corpus / "rejects").glob("*.parquet"):
            for row in pq.read_table(path).to_pylist():
                rows[row["id"]] = row
        return rows

    # -- where text can be

    def corpus_texts(self) -> dict[str, str]:
        return {
            f"corpus/{p.relative_to(self.corpus)}": _file_text(p)
            for p in sorted(self.corpus.rglob("*"))
            if p.is_file() and "tokens" not in p.parts
        }

    def token_texts(self) -> dict[str, str]:
        from tokenizers import Tokenizer

        from townsquare.train.shards import open_shard

        tokens = self.corpus / "tokens"
        if not tokens.is_dir():
            return {}
        tokenizer = Tokenizer.from_file(str(self.corpus / "tokenizer.json"))
        texts = {}
        for shard in sorted(tokens.glob("*.bin")):
            ids = open_shard(shard).tolist()
            texts[f"tokens/{shard.name}"] = tokenizer.decode(ids, skip_special_tokens=False)
        return texts

    def index_texts(self) -> dict[str, str]:
        texts = {
            f"index/{p.relative_to(self.index)}": _file_text(p)
            for p in sorted(self.index.rglob("*"))
            if p.is_file() and p.suffix not in (".sqlite", ".db")
        }
        for db in list(self.index.rglob("*.sqlite")) + list(self.index.rglob("*.db")):
            texts[f"index/{db.relative_to(self.index)} (rows)"] = _sqlite_text(db)
        return texts

    def search(self, query: str, modes: tuple[str, ...] = ("keyword", "hybrid")) -> list[str]:
        """Every tweet (as JSON) the search API returns for ``query`` in the given ranking modes."""
        texts = []
        for mode in modes:
            response = self.client.get(
                "/2/tweets/search/recent", params={"query": query, "max_results": 100, "mode": mode}
            )
            self._expect(response, f"search {mode} {query[:60]!r}")
            if response.status_code != 200:
                continue
            texts += [json.dumps(t) for t in response.json().get("data", [])]
        return texts

    def lookup(self, post_id: str) -> tuple[int, str]:
        response = self.client.get(f"/2/tweets/{post_id}")
        self._expect(response, f"lookup {post_id}", 200, 404)
        return response.status_code, response.text

    def _expect(self, response, what: str, *statuses: int) -> None:
        """An answer that is an error hides nothing, but the audit could not look there: record it."""
        if response.status_code not in (statuses or (200,)):
            self.api_errors.append(f"{what}: {response.status_code} {response.text[:120]}")

    def api_places(self, planted: list[Planted]) -> dict[str, list[str]]:
        """{secret: [API answers containing it]}: recent search (keyword and hybrid, OR-batched within the
        query length limit), ``/2/tweets/{id}`` of every id spelling, the web page and the chat API."""
        places: dict[str, list[str]] = {p.secret: [] for p in planted}
        for chunk in _chunks(planted, 12):
            query = " OR ".join(p.secret for p in chunk)
            page = self.client.get("/", params={"q": query})
            self._expect(page, f"web page {query[:60]!r}")
            answers = {
                "api /2/tweets/search/recent": "\n".join(self.search(query)),
                "api web page": _page_results(page.text, query),
            }
            for item in chunk:
                places[item.secret] += [where for where, text in answers.items() if item.secret.lower() in text.lower()]
        for chunk in _chunks(planted, 1 if len(planted) <= 16 else 4):
            question = f"What do people say about {' or '.join(p.secret for p in chunk)}?"
            for stream in (False, True):
                response = self.client.post(
                    "/v1/chat/completions", json={"messages": [{"role": "user", "content": question}], "stream": stream}
                )
                self._expect(response, f"chat {question[:60]!r}")
                answer = response.text.lower()
                for item in chunk:
                    if item.secret.lower() in answer:
                        places[item.secret].append("api /v1/chat/completions" + (" (stream)" if stream else ""))
        for item in planted:
            for post_id in item.ids:
                status, body = self.lookup(post_id)
                if status == 200 and (item.gone or item.secret.lower() in body.lower()):
                    places[item.secret].append(f"api /2/tweets/{post_id} answers 200")
        return places

    # -- the audit

    def leaks(self, planted: list[Planted], api: bool = True) -> dict[str, list[str]]:
        """{label: [places its private canary was found]} for every planted private canary that leaked."""
        files = {**self.corpus_texts(), **self.token_texts(), **self.index_texts()}
        files.update({f"model sample {i}": s for i, s in enumerate(self.samples)})
        runs = self.root / "runs"  # a run's logs, config and card (weights hold no strings)
        if runs.is_dir():
            files.update(
                {
                    f"runs/{p.relative_to(runs)}": _file_text(p)
                    for p in runs.rglob("*")
                    if p.is_file() and p.suffix not in (".pt", ".safetensors", ".bin")
                }
            )
        longest_first = sorted((p.secret for p in planted), key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, longest_first)), re.IGNORECASE)
        in_files: dict[str, list[str]] = {p.secret.lower(): [] for p in planted}
        for place, text in files.items():
            for secret in {m.group(0).lower() for m in pattern.finditer(text)}:
                in_files[secret].append(place)
        answers = self.api_places(planted) if api else {}
        leaks: dict[str, list[str]] = {}
        for item in planted:
            where = in_files[item.secret.lower()] + answers.get(item.secret, [])
            if where:
                leaks[f"{item.label} [{item.secret}]"] = sorted(set(where))
        return leaks

    def missing(self, planted: list[Planted]) -> dict[str, list[str]]:
        """{label: [places a public control canary should be but is not]}: the audit is not blind."""
        posts = "\n".join(t for place, t in self.corpus_texts().items() if place.startswith("corpus/posts/")).lower()
        tokens = "\n".join(self.token_texts().values()).lower()
        found: dict[str, list[dict]] = {p.secret: [] for p in planted}
        for chunk in _chunks(planted, 12):
            for tweet in self.search(" OR ".join(p.secret for p in chunk), modes=("keyword",)):
                for item in chunk:
                    if item.secret.lower() in tweet.lower():
                        found[item.secret].append(json.loads(tweet))
        missing: dict[str, list[str]] = {}
        for item in planted:
            secret = item.secret.lower()
            gaps = []
            if secret not in posts:
                gaps.append("corpus posts")
            if (self.corpus / "tokens").is_dir() and secret not in tokens:
                gaps.append("tokens")
            if not found[item.secret]:
                gaps.append("search")
            # the ids the API itself gave the post count too (a reader may namespace ids)
            candidates = list(dict.fromkeys(item.ids + [tweet["id"] for tweet in found[item.secret]]))
            if not any(self.lookup(i)[0] == 200 for i in candidates):
                gaps.append(f"lookup of {candidates}")
            if gaps:
                missing[f"{item.label} [{item.secret}]"] = gaps
        return missing


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _page_results(page: str, query: str) -> str:
    """The results of the web page, without the search box that echoes the query back."""
    start = page.find('<ol id="results"')
    if start >= 0:
        return page[start : page.find("</ol>", start)]
    return page.replace(f'value="{query}"', "")


def _records(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    text = path.read_text(errors="replace")
    try:
        value = json.loads(text)
        return value if isinstance(value, list) else [value]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


def _file_text(path: Path) -> str:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False)
    return path.read_bytes().decode("utf-8", errors="replace")  # ASCII canaries survive any binary around them


def _sqlite_text(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        dump = []
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                dump.append(" ".join(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row))
        return "\n".join(dump)
    finally:
        connection.close()


def write_inputs(folder: Path, files: dict[str, str | bytes], order_seed: int | str | None = None) -> list[Path]:
    """Write the input files and return them in reading order.

    ``order_seed`` shuffles the order (an int), or takes it as given ("given") or reversed ("reversed"); each
    name then gets its rank as a prefix, so a build that sorts its inputs by name reads them in that order too.
    """
    folder.mkdir(parents=True, exist_ok=True)
    names = list(files)
    if order_seed == "reversed":
        names.reverse()
    elif isinstance(order_seed, int):
        random.Random(order_seed).shuffle(names)
    paths = []
    for rank, name in enumerate(names):
        path = folder / (f"{rank:02d}-{name}" if order_seed is not None else name)
        content = files[name]
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path)
    return paths


def run_town(
    root: Path, inputs: list[Path], opt_out: str | None = None, *, tokenize: bool = True, train_steps: int = 0
) -> Town:
    """build -> tokenize -> (train, generate) -> index -> in-process API, all through the real CLI and app."""
    from starlette.testclient import TestClient

    from townsquare.server.main import create_app
    from townsquare.server.settings import Settings

    corpus, index = root / "corpus", root / "index"
    args = ["build", *inputs, "--out", corpus, "--workers", 1]
    if opt_out is not None:
        (root / "opt_out.txt").write_text(opt_out, encoding="utf-8")
        args += ["--opt-out", root / "opt_out.txt"]
    build_output = invoke(*args)
    samples: list[str] = []
    if tokenize:
        invoke("tokenize", corpus, "--vocab-size", 320, "--val-fraction", 0.25)
        if train_steps:
            samples = _train_and_sample(root, corpus, train_steps)
    invoke("index", corpus, "--out", index)
    settings = Settings(
        index=index,
        keys_db=root / "keys.sqlite",
        anonymous_quota="1000000/15min",
        posts_quota="100000000/15min",
        ip_quota="1000000/15min",
        enumeration_threshold=10_000_000,
    )
    client = TestClient(create_app(settings), client=("192.0.2.44", 1), raise_server_exceptions=False)
    return Town(root, corpus, index, build_output, client, samples)


def _train_and_sample(root: Path, corpus: Path, steps: int) -> list[str]:
    run = root / "runs" / "micro"
    invoke("train", corpus, "--preset", "micro", "--out", run, "--max-steps", steps, "--threads", 1)
    samples = []
    for prompt in ("CANARY", "Heads up:"):
        samples.append(invoke("generate", run, prompt, "--num", 4, "--max-new-tokens", 48, "--device", "cpu"))
    return samples


def chatter(reg: Registry, n: int, first_id: int = 1_890_000_000_000_000_000) -> dict[str, str]:
    """Public filler from many authors on the three platforms, so every stage has enough to work with."""
    from platform_docs import b_post, jsonl, m_account, m_status, x_page, x_tweet, x_user

    users = [x_user(str(900 + i), f"townie_{i}") for i in range(6)]
    tweets = [x_tweet(str(first_id + i * 3), users[i % 6]["id"], reg.plain(), 30 + i) for i in range(n)]
    accounts = [m_account(str(700 + i), f"walker{i}", "quay.example") for i in range(4)]
    statuses = [
        m_status(str(115_000_000_000_000_000 + i), accounts[i % 4], reg.plain(), 40 + i, "quay.example")
        for i in range(n // 2)
    ]
    bsky = [b_post(f"did:plc:chatter{i % 3:020d}", f"3kch{i:09d}", reg.plain(), 50 + i) for i in range(n // 2)]
    return {
        "chatter_x.jsonl": jsonl([x_page(tweets, users)]),
        "chatter_mastodon.json": json.dumps(statuses),
        "chatter_bsky.jsonl": jsonl(bsky),
    }
