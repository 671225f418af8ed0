"""Export a trained model in the Hugging Face layout: ``RUN/model/``.

``config.json``, ``model.safetensors``, ``generation_config.json``,
``tokenizer.json``, ``tokenizer_config.json`` and the special tokens, so that
``AutoModelForCausalLM.from_pretrained(RUN/model)`` and
``AutoTokenizer.from_pretrained(RUN/model)`` work offline.
"""

from __future__ import annotations

from pathlib import Path

from townsquare.train.tokenizer import EOS_TOKEN, MENTION_TOKEN, PAD_TOKEN, PII_TOKENS, POST_TOKEN


def export_model(state_dict: dict, llama_config, tokenizer_file: str | Path, out: str | Path, block_size: int) -> Path:
    """Write ``out/`` from a full model state dict, its LlamaConfig and the corpus ``tokenizer.json``."""
    import json

    import torch
    from transformers import GenerationConfig, LlamaForCausalLM, PreTrainedTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with torch.device("meta"):
        model = LlamaForCausalLM(llama_config)
    model.load_state_dict(state_dict, assign=True)
    model.tie_weights()
    model.save_pretrained(out, safe_serialization=True)
    GenerationConfig(
        bos_token_id=llama_config.bos_token_id,
        eos_token_id=llama_config.eos_token_id,
        pad_token_id=llama_config.pad_token_id,
        do_sample=True,
        temperature=0.8,
        top_k=50,
    ).save_pretrained(out)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=_with_post_token(tokenizer_file),
        bos_token=POST_TOKEN,
        eos_token=EOS_TOKEN,
        pad_token=PAD_TOKEN,
        additional_special_tokens=[*PII_TOKENS, MENTION_TOKEN],
        model_max_length=block_size,
        clean_up_tokenization_spaces=False,
    )
    tokenizer.save_pretrained(out)
    # transformers 5 keeps special tokens in tokenizer_config.json; older readers look for this file
    special = {
        "bos_token": POST_TOKEN,
        "eos_token": EOS_TOKEN,
        "pad_token": PAD_TOKEN,
        "additional_special_tokens": [*PII_TOKENS, MENTION_TOKEN],
    }
    (out / "special_tokens_map.json").write_text(json.dumps(special, indent=2))
    return out


def _with_post_token(tokenizer_file: str | Path):
    """The corpus tokenizer, set to open every encoded text with ``<|post|>``, as every training post opens.

    So ``AutoTokenizer`` and ``pipeline("text-generation")`` users get in-distribution
    prompts by default, as Llama's BOS does; townsquare's own code encodes with
    ``add_special_tokens=False`` and adds it itself. The corpus file is not changed.
    """
    from tokenizers import Tokenizer
    from tokenizers.processors import TemplateProcessing

    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    post_id = tokenizer.token_to_id(POST_TOKEN)
    tokenizer.post_processor = TemplateProcessing(
        single=f"{POST_TOKEN} $A", pair=f"{POST_TOKEN} $A {POST_TOKEN} $B", special_tokens=[(POST_TOKEN, post_id)]
    )
    return tokenizer


def load_exported(model_dir: str | Path, device: str = "cpu"):
    """(model, tokenizer) from an exported folder, offline (no hub lookups)."""
    from safetensors import SafetensorError
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model_dir = Path(model_dir)
    if not (model_dir / "config.json").is_file():
        from townsquare.errors import InputError

        raise InputError(f"no exported model in {model_dir} (expected config.json): train a run first")
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True).to(device)
    except (OSError, ValueError, RuntimeError, SafetensorError) as exc:
        from townsquare.errors import InputError

        cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"the exported model in {model_dir} is damaged ({cause}): "
            f"copy it again, or delete it and rerun the run's train command with --resume "
            f"to export it again"
        ) from None
    model.eval()
    return model, tokenizer
