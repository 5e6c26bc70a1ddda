"""`ShardStream`: a split streamed a few shards at a time, shuffled per epoch, cut across
distributed ranks and DataLoader workers so every clip is read exactly once per epoch."""

import hashlib

import numpy as np
from safetensors.numpy import load_file

from .card import Card, Normaliser, Selection

try:  # torch is optional: without it the stream is a plain iterable.
    import torch.utils.data as _torch_data

    _Base = _torch_data.IterableDataset
except ImportError:  # pragma: no cover - depends on the environment
    _torch_data = None
    _Base = object


def _key(*parts):
    """A stable 64-bit integer for a seed stream (Python's hash() changes between processes)."""
    text = "/".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "little")


def _rng(seed, *stream):
    return np.random.default_rng([int(seed) & (2**64 - 1), _key(*stream)])


def _cut(lo, hi, parts, index):
    """Part `index` of `parts` near-equal contiguous pieces of [lo, hi)."""
    n = hi - lo
    return lo + index * n // parts, lo + (index + 1) * n // parts


def distributed_context():
    """(rank, world_size) from torch.distributed when it is initialised, else (0, 1)."""
    if _torch_data is not None:
        import torch.distributed as dist

        if dist.is_available() and dist.is_initialized():
            return dist.get_rank(), dist.get_world_size()
    return 0, 1


def worker_context():
    """(worker, num_workers) inside a torch DataLoader worker, else (0, 1)."""
    if _torch_data is not None:
        info = _torch_data.get_worker_info()
        if info is not None:
            return info.id, info.num_workers
    return 0, 1


class ShardStream(_Base):
    """One split of a melshard build output, streamed a window of shards at a time.

    Yields `(features, label)`: features float32 numpy `[1, bands, frames]` standardised with the
    card's train statistics; label an int (class index) or a float32 multi-hot vector. With
    `return_task` / `return_clip_id`, the task index and then the clip id follow.

    An epoch's order (with `shuffle`): shards sorted by a key drawn from (seed, epoch, shard name),
    grouped in windows of `window` consecutive shards, the rows of each window permuted with a
    generator seeded from (seed, epoch, the window's shard names). This sequence is the same in
    every process. It is then cut into `world_size` contiguous, near-equal ranges (one per rank)
    and each range into `num_workers` (one per DataLoader worker): every clip of the split is
    yielded exactly once per epoch over all ranks and workers, ranks get row counts that differ
    by at most one, and each worker loads only the shards its range touches (a shard at a
    range's edge is read by two workers). `drop_remainder=True` first drops the sequence's last
    `count mod (world_size × num_workers)` rows, so every worker of every rank yields the same
    number of rows (at the cost of up to that many clips per epoch, different ones each epoch).
    Without `shuffle`: shards in the card's order, rows in file order, the same cut.
    """

    def __init__(self, out, split="train", *, fold=None, task=None, normalisation=None, seed=0,
                 shuffle=True, window=2, rank=None, world_size=None, drop_remainder=False,
                 return_task=False, return_clip_id=False):
        super().__init__()
        self.card = out if isinstance(out, Card) else Card(out)
        self.selection = Selection(self.card, split, fold, task)
        self.normaliser = Normaliser(self.card, normalisation)
        if window < 1:
            raise ValueError(f"window {window}: expected at least 1 shard")
        if (rank is None) != (world_size is None):
            raise ValueError("give rank and world_size together, or neither (then torch.distributed decides)")
        if world_size is not None and not 0 <= rank < world_size:
            raise ValueError(f"rank {rank} is outside 0…{world_size - 1}")
        self.seed, self.shuffle, self.window = int(seed), bool(shuffle), int(window)
        self.rank, self.world_size = rank, world_size
        self.drop_remainder = bool(drop_remainder)
        self.return_task, self.return_clip_id = bool(return_task), bool(return_clip_id)
        self.epoch = 0

    @property
    def classes(self):
        """Class names, indexed by the yielded labels."""
        return self.selection.classes

    @property
    def num_rows(self):
        """Rows of the split over all ranks and workers (before `drop_remainder`)."""
        return self.selection.count

    def set_epoch(self, epoch):
        """Selects the epoch's order; call it before each epoch, on every rank, before iterating.

        With `persistent_workers=True` the DataLoader's workers keep their own copy, so the call
        does not reach them: leave persistent_workers off, or rebuild the DataLoader."""
        self.epoch = int(epoch)

    def _ranks(self):
        return (self.rank, self.world_size) if self.world_size is not None else distributed_context()

    def __len__(self):
        """Rows this rank yields in an epoch, over all its workers (with one worker per rank
        when drop_remainder is on; more workers may drop a few more)."""
        rank, world = self._ranks()
        lo, hi = self._range(rank, world, 0, 1)
        return hi - lo

    def __iter__(self):
        rank, world = self._ranks()
        worker, workers = worker_context()
        return self.partition(rank, world, worker, workers)

    def _range(self, rank, world_size, worker, num_workers):
        total = self.selection.count
        if self.drop_remainder:
            total -= total % (world_size * num_workers)
        lo, hi = _cut(0, total, world_size, rank)
        return _cut(lo, hi, num_workers, worker)

    def windows(self):
        """The epoch's windows: lists of indices into `selection.parts`, in epoch order."""
        parts = self.selection.parts
        if not self.shuffle:
            return [[i] for i in range(len(parts))]
        keyed = sorted(
            (int(_rng(self.seed, "order", self.epoch, p[0]["name"]).integers(2**63)), p[0]["name"], i)
            for i, p in enumerate(parts))
        order = [i for _, _, i in keyed]
        return [order[s:s + self.window] for s in range(0, len(order), self.window)]

    def _window_rows(self, window):
        """The window's rows in epoch order: (part index, position in the part) pairs."""
        parts = self.selection.parts
        refs = np.concatenate([np.stack([np.full(len(parts[i][1]), i), np.arange(len(parts[i][1]))], axis=1)
                               for i in window])
        if self.shuffle:
            names = ",".join(parts[i][0]["name"] for i in window)
            refs = refs[_rng(self.seed, "rows", self.epoch, names).permutation(len(refs))]
        return refs

    def partition(self, rank=0, world_size=1, worker=0, num_workers=1):
        """The rows one worker of one rank yields this epoch (what `iter()` gives in that worker).

        Useful without torch, or to check a setup: the partitions over every rank and worker
        together hold each clip of the split once."""
        lo, hi = self._range(rank, world_size, worker, num_workers)
        parts = self.selection.parts
        start = 0
        for window in self.windows():
            count = sum(len(parts[i][1]) for i in window)
            begin, end = max(lo, start), min(hi, start + count)
            start += count
            if begin >= end:
                continue
            refs = self._window_rows(window)[begin - (start - count):end - (start - count)]
            loaded = {}
            for i in np.unique(refs[:, 0]):
                tensors = load_file(self.card.path(parts[i][0]))
                loaded[int(i)] = (tensors["features"], tensors["clip_ids"])
            for i, k in refs:
                shard, rows, labels, tasks = parts[i]
                features, clip_ids = loaded[int(i)]
                row = rows[k]
                x = self.normaliser(features[row])[None]
                label = labels[k] if self.card.multi_label else int(labels[k])
                item = (x, label)
                if self.return_task:
                    item += (int(tasks[k]),)
                if self.return_clip_id:
                    item += (int(clip_ids[row]),)
                yield item
            del loaded
            if start >= hi:
                return
