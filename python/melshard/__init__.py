"""Read melshard build outputs (dataset.json and its safetensors shards) from Python.

`ShardStream` streams a split shard by shard (a `torch.utils.data.IterableDataset` when torch
is importable); `ShardDataset` holds a small split in memory (a `torch.utils.data.Dataset`
when torch is importable); `Card` reads `dataset.json`. See python/README.md.
"""

from .card import Card, CardError
from .dataset import ShardDataset
from .stream import ShardStream

__all__ = ["Card", "CardError", "ShardDataset", "ShardStream"]
__version__ = "0.1.0"
