"""Sample posts from an exported model (``RUN/model`` or any folder in that layout)."""

from __future__ import annotations

from pathlib import Path

from townsquare.errors import InputError
from townsquare.train.tokenizer import EOS_TOKEN, PAD_TOKEN, POST_TOKEN


def model_dir(run: str | Path) -> Path:
    """``RUN/model`` for a run folder, or the folder itself when it is an exported model."""
    run = Path(run)
    return run if (run / "config.json").is_file() else run / "model"


def generate(
    run: str | Path,
    prompt: str = "",
    num: int = 1,
    max_new_tokens: int = 48,
    temperature: float = 0.8,
    top_k: int = 50,
    seed: int = 0,
    device: str = "cpu",
    top_p: float = 1.0,
    repetition_penalty: float = 1.0,
) -> list[str]:
    """``num`` continuations of ``prompt`` from RUN's exported model, loaded on ``device`` (see ``sample``)."""
    from townsquare.train.export import load_exported

    model, tokenizer = load_exported(model_dir(run), device)
    return sample(
        model,
        tokenizer,
        prompt,
        num=num,
        max_new_tokens=max_new_tokens,
        temperature=temperature,
        top_k=top_k,
        seed=seed,
        top_p=top_p,
        repetition_penalty=repetition_penalty,
    )


def sample(
    model,
    tokenizer,
    prompt: str = "",
    num: int = 1,
    max_new_tokens: int = 48,
    temperature: float = 0.8,
    top_k: int = 50,
    seed: int = 0,
    top_p: float = 1.0,
    repetition_penalty: float = 1.0,
) -> list[str]:
    """``num`` continuations of ``prompt`` (each starts a new post, ends at ``<|endoftext|>``) from a loaded model.

    ``top_p`` < 1 samples from the nucleus (Holtzman et al.); ``repetition_penalty``
    > 1 discourages tokens already in the text (Keskar et al., CTRL).
    """
    import torch

    try:
        prompt.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 on the command line arrive as lone surrogates
        raise InputError("the prompt is not valid UTF-8 text") from None
    torch.manual_seed(seed)
    ids = tokenizer(POST_TOKEN + prompt, return_tensors="pt", add_special_tokens=False, verbose=False).input_ids.to(
        model.device
    )  # (1, P)
    # RoPE would run past the trained context, where the model has never been: a prompt longer than the
    # context keeps its last tokens, leaving room for the continuation; no sample runs past the context
    context = model.config.max_position_embeddings
    if ids.shape[1] >= context:
        ids = ids[:, -(context - min(max_new_tokens, context // 2)) :]
    ids = ids.repeat(num, 1)  # (num, P)
    max_new_tokens = max(1, min(max_new_tokens, context - ids.shape[1]))
    sampling = (
        {"do_sample": True, "temperature": temperature, "top_k": top_k, "top_p": top_p}
        if temperature > 0
        else {"do_sample": False, "temperature": None, "top_k": None, "top_p": None}
    )
    post_id = tokenizer.convert_tokens_to_ids(POST_TOKEN)
    with torch.no_grad():
        # a post ends at <|endoftext|>, or where the model starts another post
        stop = [tokenizer.eos_token_id, *([post_id] if post_id is not None else [])]
        out = model.generate(
            ids,
            attention_mask=torch.ones_like(ids),
            max_new_tokens=max_new_tokens,
            eos_token_id=stop,
            pad_token_id=tokenizer.pad_token_id,
            repetition_penalty=repetition_penalty,
            **sampling,
        )
    texts = []
    for row in out:
        text = tokenizer.decode(row[ids.shape[1] :], skip_special_tokens=False)
        for end in (EOS_TOKEN, POST_TOKEN):
            text = text.split(end)[0]
        texts.append(prompt + text.replace(PAD_TOKEN, ""))
    return texts
