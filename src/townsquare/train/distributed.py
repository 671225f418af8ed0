"""One process or many: read torchrun's environment and wrap the model (DDP, or FSDP with ``--fsdp``).

nanoGPT's rule: ``RANK``/``WORLD_SIZE`` set by torchrun mean distributed, else
one plain process. Only rank 0 writes files and logs. The gradient all-reduce
runs on NCCL with GPUs and gloo on CPU (that is how the test suite runs DDP).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Dist:
    rank: int = 0
    local_rank: int = 0
    world_size: int = 1
    device: str = "cpu"

    @property
    def enabled(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


DEVICES = ("auto", "cpu", "cuda")


def pick_device(name: str = "auto") -> str:
    """``auto``: the GPU when torch sees one, else the CPU; ``cuda`` without one is a clear error."""
    import torch

    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        from townsquare.errors import ConfigError

        raise ConfigError("--device cuda, but torch sees no CUDA GPU on this machine: use --device cpu")
    return name


def setup() -> Dist:
    """Initialise the process group when launched by torchrun; pick this process's device."""
    import torch

    if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return Dist(device=pick_device())
    import torch.distributed as dist

    rank, local_rank, world = (int(os.environ[k]) for k in ("RANK", "LOCAL_RANK", "WORLD_SIZE"))
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
        device, backend = f"cuda:{local_rank}", "nccl"
    else:
        device, backend = "cpu", "gloo"
    if not dist.is_initialized():
        dist.init_process_group(backend=backend)
    return Dist(rank=rank, local_rank=local_rank, world_size=world, device=device)


def wrap(model, dist_info: Dist, fsdp: bool = False):
    """DDP (default) or FSDP2 (``fully_shard`` per decoder layer, then the root) when distributed."""
    if not dist_info.enabled:
        return model
    if fsdp:
        from torch.distributed.fsdp import fully_shard

        for layer in model.model.layers:
            fully_shard(layer)
        fully_shard(model)
        return model
    from torch.nn.parallel import DistributedDataParallel as DDP

    return DDP(model, device_ids=[dist_info.local_rank] if dist_info.device.startswith("cuda") else None)


def unwrap(model):
    """The LlamaForCausalLM inside a DDP wrapper (FSDP2 shards in place, so it is the model itself)."""
    return getattr(model, "module", model)


def all_reduce_mean(value: float, dist_info: Dist) -> float:
    """Mean of a scalar over ranks (the value itself in one process)."""
    if not dist_info.enabled:
        return value
    import torch
    import torch.distributed as dist

    tensor = torch.tensor([value], dtype=torch.float64, device=dist_info.device)
    dist.all_reduce(tensor)
    return tensor.item() / dist_info.world_size


def barrier(dist_info: Dist) -> None:
    if dist_info.enabled:
        import torch.distributed as dist

        dist.barrier()


def teardown(dist_info: Dist) -> None:
    if dist_info.enabled:
        import torch.distributed as dist

        if dist.is_initialized():
            dist.destroy_process_group()
