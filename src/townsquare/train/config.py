"""Training presets: one dataclass holding the model shape and the optimisation recipe.

The network itself is ``transformers.LlamaForCausalLM`` (so the output loads
everywhere); a preset only says how big it is and how to train it::

    preset   params*  where        layers x width   context  tokens/step
    micro    ~0.04M   tests        2 x 32           32       256
    tiny     ~1.3M    laptop CPU   4 x 128          64       1,024
    small    ~30M     GPU          6 x 512          256      65,536
    base     ~125M    GPU          12 x 768         1024     524,288

    * with the default vocabularies (tiny: 4k, small: 16k, base: 50k tokens);
      the embedding follows the tokenizer actually trained on the corpus.

``TrainConfig.from_preset("tiny", max_steps=50)`` gives a preset with overrides;
an unknown preset or a bad value raises ConfigError listing the valid choices.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

from townsquare.errors import ConfigError

_FIELD_TYPES = {"int": (int, "a whole number"), "float": ((int, float), "a number"), "str": (str, "a word")}


@dataclass(frozen=True)
class TrainConfig:
    preset: str = "tiny"
    # model (Llama): n_embd is split into n_head heads; mlp_hidden is the SwiGLU width
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    mlp_hidden: int = 352
    block_size: int = 64  # context length T (posts are short: most fit in 64 tokens)
    dropout: float = 0.0
    # optimisation: one step = grad_accum micro-batches of batch_size x block_size tokens (per process)
    batch_size: int = 16
    grad_accum: int = 1
    max_steps: int = 300
    lr: float = 3e-3
    min_lr: float = 3e-4  # cosine floor
    warmup_steps: int = 20
    weight_decay: float = 0.1
    beta1: float = 0.9
    beta2: float = 0.95
    grad_clip: float = 1.0
    # bookkeeping
    eval_interval: int = 50
    eval_batches: int = 8
    log_interval: int = 10
    ckpt_interval: int = 100
    export: str = "best"  # best: the weights at the lowest validation loss (evaluated from step 0) | last
    seed: int = 1337
    compile: str = "auto"  # auto (GPU only: measured no gain on this 2-core CPU) | on | off
    cpu_threads: int = 0  # 0: torch's default; 1 for narrow models, whose small matmuls lose to thread sync
    suggested_vocab: int = 4096  # what `townsquare tokenize` would pick for this preset

    def __post_init__(self) -> None:
        for field in fields(self):  # --set values arrive parsed as JSON: "abc" or 2.5 where an int belongs
            value, (kind, wanted) = getattr(self, field.name), _FIELD_TYPES[field.type]
            if (
                isinstance(value, bool)
                or not isinstance(value, kind)
                or (isinstance(value, float) and not math.isfinite(value))
            ):
                raise ConfigError(f"{field.name} must be {wanted}, got {value!r}")
        if self.n_embd % self.n_head:
            raise ConfigError(f"n_embd={self.n_embd} must be divisible by n_head={self.n_head}")
        for name in (
            "n_layer",
            "n_head",
            "n_embd",
            "mlp_hidden",
            "block_size",
            "batch_size",
            "grad_accum",
            "max_steps",
            "eval_interval",
            "eval_batches",
            "log_interval",
            "ckpt_interval",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be >= 1, got {getattr(self, name)}")
        if not 0 <= self.warmup_steps <= self.max_steps:
            raise ConfigError(f"warmup_steps={self.warmup_steps} must be between 0 and max_steps={self.max_steps}")
        if not 0 < self.min_lr <= self.lr:
            raise ConfigError(f"need 0 < min_lr <= lr, got min_lr={self.min_lr}, lr={self.lr}")
        for name in ("cpu_threads", "weight_decay"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must be >= 0, got {getattr(self, name)}")
        if self.grad_clip <= 0:
            raise ConfigError(f"grad_clip must be > 0, got {self.grad_clip}")
        for name in ("dropout", "beta1", "beta2"):
            if not 0 <= getattr(self, name) < 1:
                raise ConfigError(f"{name} must be in [0, 1), got {getattr(self, name)}")
        if not 0 <= self.seed < 2**63:
            raise ConfigError(f"seed must be between 0 and 2**63 - 1, got {self.seed}")
        if self.export not in ("best", "last"):
            raise ConfigError(f"export={self.export!r}; choose best or last")
        if self.compile not in ("auto", "on", "off"):
            raise ConfigError(f"compile={self.compile!r}; choose one of auto, on, off")

    @classmethod
    def from_preset(cls, name: str, **overrides) -> TrainConfig:
        """A named preset with some fields replaced (None values are ignored)."""
        if name not in PRESETS:
            raise ConfigError(f"{name!r} is not a preset; choose one of {', '.join(PRESETS)}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; settings are: {', '.join(sorted(known))}")
        overrides = {k: v for k, v in overrides.items() if v is not None}
        if "max_steps" in overrides and "warmup_steps" not in overrides:
            overrides["warmup_steps"] = min(PRESETS[name].warmup_steps, overrides["max_steps"])
        return replace(PRESETS[name], **overrides)

    @property
    def tokens_per_step(self) -> int:
        return self.batch_size * self.grad_accum * self.block_size

    def to_dict(self) -> dict:
        return asdict(self)

    def llama_config(self, vocab_size: int, bos_token_id: int = 1, eos_token_id: int = 0, pad_token_id: int = 2):
        """The ``transformers.LlamaConfig`` for this preset (no download: built from numbers)."""
        from transformers import LlamaConfig

        return LlamaConfig(
            vocab_size=vocab_size,
            hidden_size=self.n_embd,
            intermediate_size=self.mlp_hidden,
            num_hidden_layers=self.n_layer,
            num_attention_heads=self.n_head,
            num_key_value_heads=self.n_head,
            max_position_embeddings=self.block_size,
            attention_dropout=self.dropout,
            rms_norm_eps=1e-5,
            rope_theta=10_000.0,
            tie_word_embeddings=True,  # small models: the embedding is most of the parameters
            bos_token_id=bos_token_id,
            eos_token_id=eos_token_id,
            pad_token_id=pad_token_id,
        )


PRESETS: dict[str, TrainConfig] = {
    "micro": TrainConfig(
        preset="micro",
        n_layer=2,
        n_head=2,
        n_embd=32,
        mlp_hidden=64,
        block_size=32,
        batch_size=8,
        max_steps=60,
        lr=1e-2,
        min_lr=1e-3,
        warmup_steps=5,
        eval_interval=20,
        eval_batches=2,
        log_interval=5,
        ckpt_interval=20,
        suggested_vocab=512,
        cpu_threads=1,
    ),
    "tiny": TrainConfig(preset="tiny", cpu_threads=1),
    "small": TrainConfig(
        preset="small",
        n_layer=6,
        n_head=8,
        n_embd=512,
        mlp_hidden=1408,
        block_size=256,
        batch_size=64,
        grad_accum=4,
        max_steps=5000,
        lr=1e-3,
        min_lr=1e-4,
        warmup_steps=200,
        eval_interval=250,
        eval_batches=20,
        log_interval=10,
        ckpt_interval=250,
        suggested_vocab=16384,
    ),
    "base": TrainConfig(
        preset="base",
        n_layer=12,
        n_head=12,
        n_embd=768,
        mlp_hidden=2048,
        block_size=1024,
        batch_size=32,
        grad_accum=16,
        max_steps=20000,
        lr=6e-4,
        min_lr=6e-5,
        warmup_steps=700,
        eval_interval=500,
        eval_batches=40,
        log_interval=10,
        ckpt_interval=500,
        suggested_vocab=50304,
    ),
}
