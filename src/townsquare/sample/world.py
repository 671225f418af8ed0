"""The sample's world model: accounts, drafts (posts before a platform's format), and ``World``, which
draws the whole town square from one random source: topical posts, threads, reposts, duplicates, spam,
planted personal data, hard negatives, canaries, deletions and visibility."""

from __future__ import annotations

import random
import string
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from townsquare.checksums import (
    cpf_check_digits,
    iban_with_check_digits,
    luhn_check_digit,
)
from townsquare.errors import ConfigError
from townsquare.sample.words import (
    CANARY_VOCAB,
    COMMON_SLOTS,
    CONTROL_PREFIXES,
    DE_CITIES,
    DE_STREETS,
    FIRST,
    LAST,
    MAIL_DOMAINS,
    MASTODON_REMOTE,
    PRIVATE_PREFIXES,
    REPLIES,
    SLOTS,
    STREETS,
    TEMPLATES,
    TOPIC_TAGS,
    US_STATES,
)

# --------------------------------------------------------------------------- the town (word lists: words.py)

TOWN = "Millbrook"
LANGS = ("en", "es", "de", "fr", "pt", "ja")
LANG_WEIGHTS = (0.58, 0.1, 0.1, 0.08, 0.07, 0.07)
TOPICS = ("transit", "weather", "election", "football", "launch", "food")
MASTODON_HOME = "millbrook.social"

CANARY_LENGTH = 4
CANARY_SPACE = {"kind": "words", "vocab": CANARY_VOCAB, "length": CANARY_LENGTH, "separator": " "}
PRIVATE_REPEATS = 8
CONTROL_REPEATS = (1, 4, 16, 64)
CONTROLS_PER_LEVEL = 2

PII_LABELS = ("EMAIL", "PHONE", "CARD", "IBAN", "IP", "GOV_ID", "ADDRESS", "SECRET")
PII_KIND = {
    "EMAIL": "pii_email",
    "PHONE": "pii_phone",
    "CARD": "pii_card",
    "IBAN": "pii_iban",
    "IP": "pii_ip",
    "GOV_ID": "pii_gov_id",
    "ADDRESS": "pii_address",
    "SECRET": "pii_secret",
}
# Personal data the detector learned later (issue 15): one canary post each, planted with a random source
# of its own so that the rest of the sample stays as it was. (label, registry kind).
CANARY_ONLY_PII = (
    ("DOB", "pii_dob"),
    ("PASSPORT", "pii_passport"),
    ("DRIVER_LICENSE", "pii_driver_license"),
    ("GEO", "pii_geo"),
    ("NAME", "pii_contact_name"),
    ("SECRET", "pii_seed_phrase"),
    ("GOV_ID", "pii_national_id"),
    ("PLATE", "pii_plate"),
)
NEGATIVE_LABELS = ("DATE", "TIME", "PRICE", "VERSION", "ORDER", "TRACKING", "SCORE", "POST_ID")

START = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
WINDOW_S = 14 * 24 * 3600
TWITTER_EPOCH_MS = 1288834974657
PUBLIC_AS = "https://www.w3.org/ns/activitystreams#Public"
B32 = "abcdefghijklmnopqrstuvwxyz234567"
B32_SORT = "234567abcdefghijklmnopqrstuvwxyz"

# streams (one output file or folder each) and their share of the posts
STREAM_SHARE = {"x": 0.40, "x-archive": 0.10, "mastodon": 0.22, "outbox": 0.06, "bluesky": 0.16, "csv": 0.06}
STREAM_PLATFORM = {
    "x": "x",
    "x-archive": "x",
    "mastodon": "mastodon",
    "outbox": "mastodon",
    "bluesky": "bluesky",
    "csv": "csv",
}
STREAM_FILE = {
    "x": "x/tweets.jsonl",
    "x-archive": "x-archive",
    "mastodon": "mastodon/statuses.jsonl",
    "outbox": "mastodon/outbox.json",
    "bluesky": "bluesky/jetstream.jsonl",
    "csv": "csv/posts.csv",
}


# --------------------------------------------------------------------------- records


@dataclass
class User:
    """One account on one platform."""

    id: str
    handle: str
    name: str
    lang: str
    platform: str
    created: datetime
    protected: bool = False
    opted_out: bool = False
    bot: bool = False
    domain: str = ""  # Mastodon instance

    @property
    def acct(self) -> str:
        """Mastodon ``acct`` as the home instance's API shows it (local accounts have no domain)."""
        return self.handle if self.domain == MASTODON_HOME else f"{self.handle}@{self.domain}"

    @property
    def actor(self) -> str:
        return f"https://{self.domain}/users/{self.handle}"


@dataclass
class Draft:
    """One post before it is written in a platform's format."""

    id: str
    stream: str
    author: User
    created: datetime
    text: str
    lang: str
    visibility: str = "public"  # public | unlisted | followers | direct | protected
    deleted: bool = False
    reply_to: Draft | None = None
    root: Draft | None = None
    quote_of: Draft | None = None
    repost_of: Draft | None = None
    hashtags: list[str] = field(default_factory=list)
    mentions: list[User] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # dup, near_dup, spam, pii:EMAIL, neg:DATE, canary:<id>
    frozen: bool = False  # never referenced, copied or deleted by the filler (canary and PII posts)
    rkey: str = ""  # Bluesky record key
    cid: str = ""  # Bluesky record CID
    extra: dict = field(default_factory=dict)

    @property
    def conversation(self) -> Draft:
        return self.root or self


# --------------------------------------------------------------------------- helpers


class _Fill(dict):
    """Template slots drawn lazily, so only the slots a template uses consume randomness."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        super().__init__(town=TOWN)
        self.rng, self.lang = rng, lang

    def __missing__(self, key: str) -> str:
        pool = SLOTS[self.lang].get(key) or SLOTS["en"].get(key) or COMMON_SLOTS[key]
        value = self.rng.choice(pool)
        self[key] = value
        return value


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def random_alnum(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _grams(text: str) -> set[str]:
    return {text[i : i + 5] for i in range(len(text) - 4)}


def iso_time(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


# --------------------------------------------------------------------------- the generator


class World:
    """Holds the random source, the accounts and every draft; one instance per sample."""

    def __init__(self, seed: int, n_posts: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_posts = n_posts
        self.seq = 0
        self.drafts: dict[str, list[Draft]] = {s: [] for s in STREAM_SHARE}
        self.users: dict[str, list[User]] = {}
        self.pii: list[dict] = []
        self.negatives: Counter = Counter()
        self.canaries: list[dict] = []
        self.used_secrets: set[str] = set()
        self.opt_out_posts: list[Draft] = []

    # ---- ids and times
    def when(self) -> datetime:
        return START + timedelta(seconds=self.rng.uniform(0, WINDOW_S))

    def snowflake(self, ts: datetime) -> str:
        """An X id: milliseconds since the Twitter epoch, shifted, plus a sequence (as X mints them)."""
        self.seq += 1
        ms = int(ts.timestamp() * 1000) - TWITTER_EPOCH_MS
        return str((ms << 22) | ((self.seq % 1024) << 12) | self.rng.randrange(4096))

    def mastodon_id(self, ts: datetime) -> str:
        """A Mastodon snowflake: milliseconds << 16 plus a sequence."""
        self.seq += 1
        return str((int(ts.timestamp() * 1000) << 16) | (self.seq % 65536))

    def tid(self, ts: datetime) -> str:
        """An atproto TID record key: 64-bit (microseconds << 10 | clock id) in sortable base32."""
        self.seq += 1
        value = (int(ts.timestamp() * 1_000_000) << 10) | (self.seq % 1024)
        out = ""
        for _ in range(13):
            out = B32_SORT[value & 31] + out
            value >>= 5
        return out

    def cid(self) -> str:
        return "bafyrei" + random_alnum(self.rng, 52, B32)

    def new_id(self, stream: str, ts: datetime) -> str:
        platform = STREAM_PLATFORM[stream]
        if platform == "mastodon":
            return self.mastodon_id(ts)
        if platform == "bluesky":
            return self.tid(ts)
        return self.snowflake(ts)

    # ---- accounts
    def make_user(self, platform: str, **flags) -> User:
        rng = self.rng
        first, last = rng.choice(FIRST), rng.choice(LAST)
        handle = (first + rng.choice(["", "_", "."]) + last).lower()
        handle = "".join(c for c in handle if c.isascii() and (c.isalnum() or c == "_"))
        handle = f"{handle}{rng.randrange(10, 99)}"
        created = START - timedelta(days=rng.randrange(30, 4000))
        lang = rng.choices(LANGS, LANG_WEIGHTS)[0]
        if platform == "mastodon":
            domain = MASTODON_HOME if rng.random() < 0.6 else rng.choice(MASTODON_REMOTE)
            uid = str(rng.randrange(100000, 999999999))
        elif platform == "bluesky":
            domain, uid = "", "did:plc:" + random_alnum(rng, 24, B32)
            handle = handle.replace("_", "-") + ".bsky.social"
        else:
            domain, uid = "", self.snowflake(created) if rng.random() < 0.6 else str(rng.randrange(10**7, 10**10))
        return User(
            id=uid,
            handle=handle,
            name=f"{first} {last}",
            lang=lang,
            platform=platform,
            created=created,
            domain=domain,
            **flags,
        )

    def make_users(self) -> None:
        """Per platform: ordinary people, protected accounts, opted-out authors and spam bots."""
        for platform, n, protected, opted, bots in (
            ("x", 70, 3, 2, 3),
            ("mastodon", 45, 0, 1, 1),
            ("bluesky", 40, 0, 1, 2),
            ("csv", 30, 0, 1, 0),
        ):
            users = [self.make_user(platform) for _ in range(n)]
            users += [self.make_user(platform, protected=True) for _ in range(protected)]
            users += [self.make_user(platform, opted_out=True) for _ in range(opted)]
            users += [self.make_user(platform, bot=True) for _ in range(bots)]
            seen: set[str] = set()
            for user in users:  # handles must be unique per platform
                while user.handle in seen:
                    user.handle = "x" + user.handle
                seen.add(user.handle)
            self.users[platform] = users
        owner = self.make_user("x")
        owner.handle, owner.lang = "mara_millbrook", "en"
        self.archive_owner = owner
        self.outbox_owner = next(
            u for u in self.users["mastodon"] if u.domain == MASTODON_HOME and not (u.bot or u.opted_out)
        )

    def people(self, platform: str) -> list[User]:
        return [u for u in self.users[platform] if not (u.bot or u.protected or u.opted_out)]

    # ---- text
    def sentence(self, lang: str, topic: str) -> str:
        return self.rng.choice(TEMPLATES[lang][topic]).format_map(_Fill(self.rng, lang))

    def topical_text(self, lang: str) -> tuple[str, list[str]]:
        """One or two sentences on a topic, sometimes with a hashtag; returns (text, hashtags)."""
        rng = self.rng
        topic = rng.choice(TOPICS)
        text = self.sentence(lang, topic)
        if rng.random() < 0.3:
            second = self.sentence(lang, topic)
            if second[:12] != text[:12]:  # same template twice reads like a bot
                text += " " + second
        tags = []
        if rng.random() < 0.35:
            tag = rng.choice(TOPIC_TAGS[topic])
            tags.append(tag)
            text += f" #{tag}"
        return text, tags

    # ---- drafts
    def add(self, stream: str, author: User, text: str, lang: str, ts: datetime | None = None, **kw) -> Draft:
        ts = ts or self.when()
        draft = Draft(id=self.new_id(stream, ts), stream=stream, author=author, created=ts, text=text, lang=lang, **kw)
        if author.protected:
            draft.visibility = "protected"
        if draft.quote_of is not None:  # the t.co link X appends to a quote tweet
            draft.extra["tco"] = random_alnum(self.rng, 10)
        self.drafts[stream].append(draft)
        return draft

    def author_for(self, stream: str) -> User:
        if stream == "x-archive":
            return self.archive_owner
        if stream == "outbox":
            return self.outbox_owner
        return self.rng.choice([u for u in self.users[STREAM_PLATFORM[stream]] if not u.bot])

    def targets(self, stream: str) -> list[Draft]:
        """Posts others may reply to, quote, repost or copy: public, unfrozen, not from opted-out authors."""
        return [
            d
            for d in self.drafts[stream]
            if d.visibility == "public"
            and not d.frozen
            and not d.deleted
            and not d.author.opted_out
            and d.repost_of is None
        ]

    def fill(self, stream: str, count: int) -> None:
        """Ordinary traffic: new posts, replies and threads, quotes, reposts, copies and near-copies."""
        rng = self.rng
        platform = STREAM_PLATFORM[stream]
        start = len(self.drafts[stream])
        while len(self.drafts[stream]) - start < count:
            author = self.author_for(stream)
            pool = self.targets(stream) if len(self.drafts[stream]) - start > 20 else []
            roll = rng.random()
            if pool and roll < 0.18:
                self.reply(stream, author, rng.choice(pool))
            elif pool and roll < 0.22:
                self.thread(stream, rng.choice(pool))
            elif pool and roll < 0.27 and platform != "csv":
                target = rng.choice(pool)
                self.add(
                    stream,
                    author,
                    "",
                    target.lang,
                    target.created + timedelta(minutes=rng.randrange(1, 600)),
                    repost_of=target,
                )
            elif pool and roll < 0.30 and platform not in ("csv",):
                target = rng.choice(pool)
                text, tags = self.topical_text(author.lang)
                self.add(
                    stream,
                    author,
                    text,
                    author.lang,
                    target.created + timedelta(minutes=rng.randrange(1, 900)),
                    quote_of=target,
                    hashtags=tags,
                )
            elif pool and roll < 0.33:
                self.copy(stream, rng.choice([d for d in pool if d.reply_to is None] or pool), near=False)
            elif pool and roll < 0.36:
                self.copy(stream, rng.choice([d for d in pool if d.reply_to is None] or pool), near=True)
            elif roll < 0.41:
                self.pii_post(stream, author)
            elif roll < 0.45:
                self.negative_post(stream, author)
            else:
                text, tags = self.topical_text(author.lang)
                self.add(stream, author, text, author.lang, hashtags=tags)

    def reply(self, stream: str, author: User, parent: Draft) -> Draft:
        lang = author.lang if author.lang in REPLIES else "en"
        text = self.rng.choice(REPLIES[lang]).format_map(_Fill(self.rng, lang))
        if self.rng.random() < 0.4:
            text += " " + self.sentence(lang, self.rng.choice(TOPICS))
        ts = parent.created + timedelta(minutes=self.rng.randrange(1, 240))
        return self.add(
            stream,
            author,
            text,
            lang,
            ts,
            reply_to=parent,
            root=parent.conversation,
            mentions=[parent.author] if parent.author is not author else [],
        )

    def thread(self, stream: str, start: Draft) -> None:
        """The author continues their own post: a self-reply chain of 2-4 parts in one conversation."""
        parent = start
        for _ in range(self.rng.randrange(2, 5)):
            text = self.sentence(start.lang, self.rng.choice(TOPICS))
            ts = parent.created + timedelta(minutes=self.rng.randrange(1, 30))
            parent = self.add(stream, start.author, text, start.lang, ts, reply_to=parent, root=start.conversation)

    def copy(self, stream: str, source: Draft, near: bool) -> None:
        """An exact copy (copypasta) or a 1-2 character edit of a post, by another author."""
        text = self.edit(source.text) if near else source.text
        author = self.author_for(stream)
        self.add(
            stream,
            author,
            text,
            source.lang,
            source.created + timedelta(minutes=self.rng.randrange(5, 3000)),
            hashtags=list(source.hashtags),
            labels=["near_dup" if near else "dup"],
        )

    def edit(self, text: str) -> str:
        """Change 1 or 2 letters (substitute, delete or insert), never inside a hashtag."""
        rng = self.rng
        cut = text.find(" #")
        body, tail = (text[:cut], text[cut:]) if cut > 0 else (text, "")
        for _ in range(rng.randrange(1, 3)):
            letters = [i for i, c in enumerate(body) if c.isalpha()]
            i = rng.choice(letters)
            op = rng.random()
            if op < 0.5:
                new = rng.choice("aeiourstnl".replace(body[i].lower(), ""))
                body = body[:i] + new + body[i + 1 :]
            elif op < 0.75:
                body = body[:i] + body[i + 1 :]
            else:
                body = body[:i] + body[i] + body[i:]
        return body + tail if body + tail != text else body + "!" + tail

    # ---- spam
    def spam(self, stream: str) -> None:
        """Bots posting near-identical giveaway or crypto scams at bot rate (seconds apart)."""
        rng = self.rng
        for i, bot in enumerate(u for u in self.users[STREAM_PLATFORM[stream]] if u.bot):
            ts = self.when()
            crypto = i % 2 == 1
            for _ in range(rng.randrange(12, 22)):
                ts += timedelta(seconds=rng.randrange(3, 40))
                code = random_alnum(rng, 6)
                emoji = rng.choice(["🎁", "🎉", "🔥", "💸", "🚀"])
                if crypto:
                    text = (
                        f"{emoji} Elon is doubling all BTC sent this hour! Send 0.1 BTC, get 0.2 back instantly. "
                        f"Limited spots: https://btc-double.example/{code} #crypto #BTC"
                    )
                else:
                    text = (
                        f"{emoji} GIVEAWAY {emoji} Win a Lumen Phone 3! Follow + RT, winner picked tonight. "
                        f"Claim here: https://bit.ly/{code} #giveaway #LumenPhone3"
                    )
                self.add(
                    stream,
                    bot,
                    text,
                    "en",
                    ts,
                    labels=["spam"],
                    hashtags=(["crypto", "BTC"] if crypto else ["giveaway", "LumenPhone3"]),
                )

    # ---- PII and hard negatives
    def pii_value(self, label: str) -> tuple[str, str]:
        """A realistic PII value of a type and the English phrase that leads into it."""
        rng = self.rng
        first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower()
        first = "".join(c for c in first if c.isascii())
        last = "".join(c for c in last if c.isascii())
        if label == "EMAIL":
            domain = rng.choice(MAIL_DOMAINS)
            if rng.random() < 0.3:
                name, dom, tld = f"{first}.{last}", *domain.split(".")
                return rng.choice(
                    [f"{name} [at] {dom} [dot] {tld}", f"{name} (at) {dom} (dot) {tld}"]
                ), "spare tickets, write to"
            return f"{first}.{last}{rng.randrange(1, 99)}@{domain}", "if found please email"
        if label == "PHONE":
            return self.phone(), "call or text me on"
        if label == "CARD":
            prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("37", 15), ("6011", 16), ("2221", 16)])
            partial = prefix + _digits(rng, length - len(prefix) - 1)
            number = partial + luhn_check_digit(partial)
            groups = [number[i : i + 4] for i in range(0, len(number), 4)]
            return rng.choice([" ", "-"]).join(groups) if rng.random() < 0.8 else number, "new card just came, number"
        if label == "IBAN":
            country = rng.choice(["DE", "GB", "FR", "ES", "NL"])
            bban = {
                "DE": _digits(rng, 18),
                "GB": "NWBK" + _digits(rng, 14),
                "FR": _digits(rng, 23),
                "ES": _digits(rng, 20),
                "NL": "ABNA" + _digits(rng, 10),
            }[country]
            iban = iban_with_check_digits(country, bban)
            if rng.random() < 0.6:
                iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
            return iban, "send the money for the tickets to"
        if label == "IP":
            if rng.random() < 0.6:
                first_octet = rng.choice([23, 31, 46, 62, 81, 88, 94, 109, 151, 185, 203])
                return ".".join(
                    str(x) for x in (first_octet, *(rng.randrange(1, 255) for _ in range(3)))
                ), "my home server is at"
            return "2a02:" + ":".join(f"{rng.randrange(0, 65536):x}" for _ in range(7)), "blocked this address"
        if label == "GOV_ID":
            area = rng.choice([n for n in range(1, 900) if n != 666])
            return f"{area:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}", "the form wants my SSN"
        if label == "ADDRESS":
            if rng.random() < 0.7:
                city, state, zip2 = rng.choice(US_STATES)
                return (
                    f"{rng.randrange(2, 980)} {rng.choice(STREETS)}, {city}, {state} {zip2}{_digits(rng, 3)}",
                    "party at my place,",
                )
            plz, city = rng.choice(DE_CITIES)
            return f"{rng.choice(DE_STREETS)} {rng.randrange(1, 120)}, {plz} {city}", "new address:"
        kind = rng.randrange(4)
        if kind == 0:
            return "AKIA" + random_alnum(rng, 16, string.ascii_uppercase + "234567"), "oops, pushed my AWS key"
        if kind == 1:
            return "ghp_" + random_alnum(rng, 36), "leaked this github token in the CI logs:"
        if kind == 2:
            return f"xoxb-{_digits(rng, 12)}-{_digits(rng, 13)}-{random_alnum(rng, 24)}", "our slack bot token is"
        return "sk-" + random_alnum(rng, 48), "my openai key is"

    def phone(self) -> str:
        """A phone number valid for its region (checked with phonenumbers), international or national."""
        import phonenumbers

        rng = self.rng
        region, cc, lengths = rng.choice(
            [
                ("US", 1, (10,)),
                ("GB", 44, (10,)),
                ("DE", 49, (10, 11)),
                ("FR", 33, (9,)),
                ("ES", 34, (9,)),
                ("BR", 55, (11,)),
            ]
        )
        starts = {"US": "2345678", "GB": "27", "DE": "1", "FR": "67", "ES": "67", "BR": "1"}
        while True:
            digits = rng.choice(starts[region]) + _digits(rng, rng.choice(lengths) - 1)
            number = phonenumbers.parse(f"+{cc}{digits}")
            if phonenumbers.is_valid_number(number):
                break
        style = (
            phonenumbers.PhoneNumberFormat.INTERNATIONAL
            if rng.random() < 0.5
            else phonenumbers.PhoneNumberFormat.NATIONAL
        )
        return phonenumbers.format_number(number, style)

    def pii_post(
        self,
        stream: str,
        author: User,
        label: str | None = None,
        value: str | None = None,
        lead: str | None = None,
        **kw,
    ) -> Draft:
        label = label or self.rng.choice(PII_LABELS)
        if value is None:
            value, lead = self.pii_value(label)
        before, _ = self.topical_text("en")
        after = self.rng.choice(["thanks!", "pls help", "", "lol", "asap"])
        text = f"{before} {lead} {value} {after}".strip()
        draft = self.add(stream, author, text, "en", labels=[f"pii:{label}"], frozen=True, **kw)
        self.pii.append((draft, label, value))
        return draft

    def negative_post(self, stream: str, author: User) -> None:
        """A post full of numbers that are not personal data: dates, times, prices, versions, ids, scores."""
        rng = self.rng
        choices = [
            (
                "DATE",
                lambda: rng.choice(
                    [
                        f"2025-03-{rng.randrange(1, 29):02d}",
                        f"{rng.randrange(1, 29)}/03/2025",
                        f"March {rng.randrange(1, 29)}",
                    ]
                ),
                "see you on",
            ),
            (
                "TIME",
                lambda: rng.choice(
                    [
                        f"{rng.randrange(6, 23)}:{rng.randrange(0, 60):02d}",
                        f"{rng.randrange(1, 12)}:{rng.randrange(0, 60):02d}pm",
                    ]
                ),
                "doors open at",
            ),
            (
                "PRICE",
                lambda: rng.choice(
                    [
                        f"${rng.randrange(2, 900)}.{rng.randrange(0, 100):02d}",
                        f"€{rng.randrange(2, 90)},{rng.randrange(0, 100):02d}",
                    ]
                ),
                "only",
            ),
            ("VERSION", lambda: "v" + ".".join(str(rng.randrange(0, 99)) for _ in range(4)), "updated the app to"),
            ("ORDER", lambda: f"#{rng.choice(['A', 'MB', 'W'])}-{_digits(rng, 8)}", "still waiting on order"),
            (
                "TRACKING",
                lambda: "1Z" + random_alnum(rng, 6, string.ascii_uppercase + string.digits) + _digits(rng, 10),
                "tracking number",
            ),
            ("SCORE", lambda: f"{rng.randrange(0, 6)}-{rng.randrange(0, 6)}", "final score"),
            ("POST_ID", lambda: self.snowflake(self.when()), "see post"),
        ]
        picked = rng.sample(choices, 2)
        parts = []
        for label, make, lead in picked:
            parts.append(f"{lead} {make()}")
            self.negatives[label] += 1
        text = f"{self.sentence('en', rng.choice(TOPICS))} {parts[0][0].upper() + parts[0][1:]}, {parts[1]}."
        self.add(stream, author, text, "en", labels=[f"neg:{label}" for label, _, _ in picked])

    # ---- canaries
    def secret(self) -> str:
        while True:
            words = " ".join(self.rng.choice(CANARY_VOCAB) for _ in range(CANARY_LENGTH))
            if words not in self.used_secrets:
                self.used_secrets.add(words)
                return words

    def register(
        self,
        kind: str,
        prefix: str,
        secret: str,
        drafts: list[Draft],
        platform: str,
        must_not_appear: bool,
        space: dict | None = None,
        canary: str | None = None,
    ) -> dict:
        cid = f"c{len(self.canaries) + 1:03d}"
        entry = {
            "id": cid,
            "canary": canary or f"{prefix} {secret}",
            "prefix": prefix,
            "secret": secret,
            "space": space or CANARY_SPACE,
            "kind": kind,
            "must_not_appear": must_not_appear,
            "post_ids": [d.id for d in drafts],
            "platform": platform,
            "files": sorted(
                {STREAM_FILE[d.stream] if d.stream != "x-archive" else d.extra.get("file", "") for d in drafts}
            ),
            "repeats": len(drafts),
        }
        for d in drafts:
            d.labels.append(f"canary:{cid}")
        self.canaries.append(entry)
        return entry

    def canary_text(self, canary: str, others: list[set[str]]) -> str:
        """Different words around the same canary in each repeat, so near-duplicate dedup keeps them apart.

        ``others`` holds the character 5-gram sets of earlier repeats; a candidate is redrawn (a few
        times at most) while its Jaccard with one of them is 0.6 or more (dedup merges at about 0.8).
        """
        rng = self.rng
        for _ in range(20):
            before = self.sentence("en", rng.choice(TOPICS))
            after = rng.choice(
                [
                    "Do not tell anyone.",
                    "Writing it here so I remember.",
                    "Note to self.",
                    "Keep it between us.",
                    "Remind me later.",
                    "",
                    "Anyway.",
                    self.sentence("en", rng.choice(TOPICS)),
                ]
            )
            text = f"{before} {rng.choice(['Btw', 'Also', 'PS', 'Oh and', 'FYI'])} {canary}. {after}".strip()
            grams = _grams(text)
            if all(len(grams & g) < 0.6 * len(grams | g) for g in others):
                break
        others.append(grams)
        return text

    def private_canary(self, kind: str, stream: str, make) -> None:
        """Plant one canary in PRIVATE_REPEATS posts made by ``make(text) -> Draft``."""
        prefix = self.private_prefixes.pop(0)
        secret = self.secret()
        canary = f"{prefix} {secret}"
        texts: list[set[str]] = []
        drafts = [make(self.canary_text(canary, texts)) for _ in range(PRIVATE_REPEATS)]
        for d in drafts:
            d.frozen = True
        self.register(kind, prefix, secret, drafts, STREAM_PLATFORM[stream], True)

    def plant_private(self) -> None:
        """A canary in every kind of non-public post on every platform that has that kind."""
        rng = self.rng
        self.private_prefixes = list(PRIVATE_PREFIXES)
        rng.shuffle(self.private_prefixes)
        x_protected = [u for u in self.users["x"] if u.protected]
        x_opted = [u for u in self.users["x"] if u.opted_out]
        x_people = self.people("x")

        self.private_canary("protected", "x", lambda t: self.add("x", rng.choice(x_protected), t, "en"))
        self.private_canary("deleted", "x", lambda t: self.add("x", rng.choice(x_people), t, "en", deleted=True))
        self.private_canary("opted_out", "x", lambda t: self.add("x", rng.choice(x_opted), t, "en"))

        def opted_post(t: str) -> Draft:  # a post opted out by id, by an author who did not opt out
            draft = self.add("x", rng.choice(x_people), t, "en")
            self.opt_out_posts.append(draft)
            return draft

        self.private_canary("opted_out", "x", opted_post)

        owner = self.archive_owner
        self.private_canary(
            "deleted",
            "x-archive",
            lambda t: self.add(
                "x-archive", owner, t, "en", deleted=True, extra={"file": "x-archive/data/deleted-tweets.js"}
            ),
        )
        self.private_canary(
            "direct",
            "x-archive",
            lambda t: self.add(
                "x-archive",
                owner,
                t,
                "en",
                visibility="direct",
                mentions=[rng.choice(x_people)],
                extra={"file": "x-archive/data/direct-messages.js"},
            ),
        )

        m_people = self.people("mastodon")
        for kind, vis in (("unlisted", "unlisted"), ("followers", "followers"), ("direct", "direct")):
            self.private_canary(
                kind,
                "mastodon",
                lambda t, v=vis: self.add(
                    "mastodon",
                    rng.choice(m_people),
                    t,
                    "en",
                    visibility=v,
                    mentions=[rng.choice(m_people)] if v == "direct" else [],
                ),
            )
            self.private_canary(
                kind,
                "outbox",
                lambda t, v=vis: self.add(
                    "outbox",
                    self.outbox_owner,
                    t,
                    "en",
                    visibility=v,
                    mentions=[rng.choice(m_people)] if v == "direct" else [],
                ),
            )
        m_opted = [u for u in self.users["mastodon"] if u.opted_out]
        self.private_canary("opted_out", "mastodon", lambda t: self.add("mastodon", rng.choice(m_opted), t, "en"))
        self.private_canary("deleted", "outbox", lambda t: self.add("outbox", self.outbox_owner, t, "en", deleted=True))

        b_people = self.people("bluesky")
        b_opted = [u for u in self.users["bluesky"] if u.opted_out]
        self.private_canary(
            "deleted", "bluesky", lambda t: self.add("bluesky", rng.choice(b_people), t, "en", deleted=True)
        )
        self.private_canary("opted_out", "bluesky", lambda t: self.add("bluesky", rng.choice(b_opted), t, "en"))
        c_opted = [u for u in self.users["csv"] if u.opted_out]
        self.private_canary("opted_out", "csv", lambda t: self.add("csv", rng.choice(c_opted), t, "en"))

    def plant_pii_canaries(self) -> None:
        """One unique PII value per type, in a public post; the value itself is the canary."""
        streams = ["x", "mastodon", "bluesky"]
        for i, label in enumerate(PII_LABELS):
            stream = streams[i % len(streams)]
            value, lead = self.pii_value(label)
            draft = self.pii_post(stream, self.rng.choice(self.people(STREAM_PLATFORM[stream])), label, value, lead)
            digits = "".join(c for c in value if c.isdigit())
            space = (
                {"kind": "digits", "length": len(digits)}
                if label in ("PHONE", "CARD", "GOV_ID")
                else {"kind": "opaque", "type": label}
            )
            self.register(PII_KIND[label], lead, value, [draft], STREAM_PLATFORM[stream], True, space, canary=value)
        main_rng, self.rng = self.rng, random.Random(f"pii-canaries-{self.seed}")
        try:
            for i, (label, kind) in enumerate(CANARY_ONLY_PII):
                stream = streams[i % len(streams)]
                value, lead, canary = self.later_pii_value(kind)
                draft = self.pii_post(stream, self.rng.choice(self.people(STREAM_PLATFORM[stream])), label, value, lead)
                self.register(
                    kind,
                    lead,
                    canary,
                    [draft],
                    STREAM_PLATFORM[stream],
                    True,
                    {"kind": "opaque", "type": label},
                    canary=canary,
                )
        finally:
            self.rng = main_rng

    def later_pii_value(self, kind: str) -> tuple[str, str, str]:
        """(value, lead, canary) for the types of CANARY_ONLY_PII; the canary is the part that must vanish."""
        rng = self.rng
        if kind == "pii_dob":
            value = f"{rng.randrange(1, 29)} {rng.choice(['March', 'April', 'October'])} {rng.randrange(1950, 2004)}"
            return value, "born", value
        if kind == "pii_passport":
            value = rng.choice("CFGHJK") + _digits(rng, 8)
            return value, "my passport number is", value
        if kind == "pii_driver_license":
            value = rng.choice("DLM") + _digits(rng, 3) + "-" + _digits(rng, 4) + "-" + _digits(rng, 4)
            return value, "driver's license", value
        if kind == "pii_geo":
            value = f"{rng.uniform(-60, 60):.5f}, {rng.uniform(-170, 170):.5f}"
            return value, "I'm home at", value
        if kind == "pii_contact_name":
            name = (
                f"{rng.choice(['Wilhelmina', 'Bartholomew', 'Ottilie', 'Leopoldine'])} "
                f"{rng.choice(['Quarrington', 'Vandermolen', 'Pettigrew', 'Achterberg'])}"
            )
            return f"{name}, {self.phone()}", "Contact:", name
        if kind == "pii_seed_phrase":
            from townsquare.corpus.pii_context import bip39_words

            value = " ".join(rng.sample(sorted(bip39_words()), 12))
            return value, "wallet seed phrase:", value
        if kind == "pii_plate":  # a UK plate, next to the poster's home
            letters = "ABCDEFGHJKLMNOPRSTUVWXYZ"
            value = (
                f"{rng.choice(letters)}{rng.choice(letters)}{rng.randrange(10, 75)} "
                f"{''.join(rng.choice(letters) for _ in range(3))}"
            )
            return value, "the car parked outside my house is ours, number plate", value
        body = "".join(str(rng.randrange(10)) for _ in range(9))  # a Brazilian CPF with its two check digits
        value = f"{body[:3]}.{body[3:6]}.{body[6:9]}-{cpf_check_digits(body)}"
        return value, "meu CPF é", value

    def plant_controls(self) -> None:
        """Positive controls: public canaries at rising repeats, plus never-inserted references."""
        rng = self.rng
        used: set[str] = set()

        def fresh_prefix() -> str:  # each control needs its own prefix: the model keys the secret on it
            while True:
                prefix = rng.choice(CONTROL_PREFIXES).format_map(_Fill(rng, "en"))
                if prefix not in used:
                    used.add(prefix)
                    return prefix

        people = self.people("x")
        for level in CONTROL_REPEATS:
            for _ in range(CONTROLS_PER_LEVEL):
                prefix, secret = fresh_prefix(), self.secret()
                canary = f"{prefix} {secret}"
                texts: list[set[str]] = []
                drafts = [
                    self.add("x", rng.choice(people), self.canary_text(canary, texts), "en", frozen=True)
                    for _ in range(level)
                ]
                self.register("control", prefix, secret, drafts, "x", False)
        for _ in range(2):  # never inserted: the exposure baseline for this prefix style
            self.register("control", fresh_prefix(), self.secret(), [], "x", False)

    # ---- deletions
    def delete_some(self, stream: str, share: float) -> None:
        """Mark public posts that nobody references as deleted (their reposts would carry the text on)."""
        referenced = (
            {id(d.reply_to) for s in self.drafts.values() for d in s}
            | {id(d.quote_of) for s in self.drafts.values() for d in s}
            | {id(d.repost_of) for s in self.drafts.values() for d in s}
        )
        pool = [d for d in self.targets(stream) if id(d) not in referenced and not d.labels]
        for d in self.rng.sample(pool, min(len(pool), int(len(self.drafts[stream]) * share))):
            d.deleted = True

    def assign_visibility(self, stream: str) -> None:
        """Mastodon statuses get the visibility mix an instance sees; replies to private posts stay private."""
        rng = self.rng
        for d in self.drafts[stream]:
            if d.frozen or d.repost_of is not None or d.labels or d.visibility != "public":
                continue
            if self.is_referenced(d):
                continue
            roll = rng.random()
            d.visibility = (
                "unlisted" if roll < 0.08 else "followers" if roll < 0.14 else "direct" if roll < 0.18 else "public"
            )
            if d.visibility == "direct" and not d.mentions:
                d.mentions = [rng.choice(self.people("mastodon"))]

    def is_referenced(self, draft: Draft) -> bool:
        if not hasattr(self, "_ref_cache"):
            self._ref_cache = {
                id(x)
                for s in self.drafts.values()
                for d in s
                for x in (d.reply_to, d.quote_of, d.repost_of)
                if x is not None
            }
        return id(draft) in self._ref_cache

    # ---- the whole world
    def build(self) -> None:
        self.make_users()
        self.plant_private()
        self.plant_pii_canaries()
        self.plant_controls()
        for stream in ("x", "mastodon", "bluesky"):
            self.spam(stream)
        planted = {s: len(v) for s, v in self.drafts.items()}
        remaining = self.n_posts - sum(planted.values())
        if remaining < 200:
            raise ConfigError(
                f"--posts {self.n_posts} is too small for the planted canaries and spam; "
                f"use at least {self.n_posts - remaining + 200}"
            )
        for stream, share in STREAM_SHARE.items():
            self.fill(stream, max(20, round(remaining * share)))
        for stream in ("mastodon", "outbox"):
            self.assign_visibility(stream)
        self.delete_some("x", 0.03)
        self.delete_some("bluesky", 0.03)
        # the archive owner's deleted-tweets.js: a few ordinary deleted tweets next to the canary ones
        for _ in range(6):
            text, tags = self.topical_text("en")
            self.add(
                "x-archive",
                self.archive_owner,
                text,
                "en",
                deleted=True,
                hashtags=tags,
                extra={"file": "x-archive/data/deleted-tweets.js"},
            )
        for d in self.drafts["x-archive"]:
            d.extra.setdefault(
                "file",
                "x-archive/data/direct-messages.js"
                if d.visibility == "direct"
                else "x-archive/data/deleted-tweets.js"
                if d.deleted
                else "x-archive/data/tweets.js",
            )
        for entry in self.canaries:  # the archive's canaries know their file only now
            if entry["platform"] == "x" and "" in entry["files"]:
                entry["files"] = sorted(
                    {d.extra["file"] for d in self.drafts["x-archive"] if f"canary:{entry['id']}" in d.labels}
                )
