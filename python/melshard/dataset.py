"""`ShardDataset`: a small split held in memory, for map-style loading (`shuffle=True`, samplers)."""

import numpy as np
from safetensors.numpy import load_file

from .card import Card, Normaliser, Selection

try:  # torch is optional: without it the dataset is a plain sequence.
    import torch.utils.data as _torch_data

    _Base = _torch_data.Dataset
except ImportError:  # pragma: no cover - depends on the environment
    _Base = object


class ShardDataset(_Base):
    """One split of a melshard build output, every selected row loaded when it is constructed.

    The features stay as stored (float16 or float32: a float16 clip of 128 × 128 is 32 KiB, so
    100,000 clips take 3.3 GB); each item is widened to float32 and standardised when it is read,
    exactly as `ShardStream` does. Construct it before the DataLoader forks its workers, and they
    share the arrays. `dataset[i]` is `(features, label)`: float32 `[1, bands, frames]` and an int
    class index or a float32 multi-hot vector, then the task and the clip id when asked for.
    Rows are in the card's shard order, then file order; `clip_ids[i]` is row i's clip.
    """

    def __init__(self, out, split="train", *, fold=None, task=None, normalisation=None,
                 return_task=False, return_clip_id=False):
        super().__init__()
        self.card = out if isinstance(out, Card) else Card(out)
        self.selection = Selection(self.card, split, fold, task)
        self.normaliser = Normaliser(self.card, normalisation)
        self.return_task, self.return_clip_id = bool(return_task), bool(return_clip_id)
        features, clip_ids = [], []
        for shard, rows, _, _ in self.selection.parts:
            tensors = load_file(self.card.path(shard))
            features.append(tensors["features"][rows])
            clip_ids.append(tensors["clip_ids"][rows])
            del tensors
        parts = self.selection.parts
        stored = np.float16 if self.card.dtype == "float16" else np.float32
        self.features = np.concatenate(features) if features else np.zeros((0,) + self.card.shape, stored)
        self.clip_ids = np.concatenate(clip_ids) if clip_ids else np.zeros(0, np.int64)
        self.labels = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, np.int64)
        self.tasks = np.concatenate([p[3] for p in parts]) if parts else np.zeros(0, np.int64)

    @property
    def classes(self):
        """Class names, indexed by the labels."""
        return self.selection.classes

    def __len__(self):
        return len(self.clip_ids)

    def __getitem__(self, i):
        if not -len(self) <= i < len(self):
            raise IndexError(f"row {i} of {len(self)}")
        x = self.normaliser(self.features[i])[None]
        label = self.labels[i] if self.card.multi_label else int(self.labels[i])
        item = (x, label)
        if self.return_task:
            item += (int(self.tasks[i]),)
        if self.return_clip_id:
            item += (int(self.clip_ids[i]),)
        return item
