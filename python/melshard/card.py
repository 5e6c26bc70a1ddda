"""`dataset.json`, and what a loader derives from it: which rows of which shards make a split,
the labels to yield, and the normalisation to apply.

The rules are melshard's own trainer's (`Sources/Train/Data/`, docs/train.md): k-fold builds test
on fold k, validate on fold (k + 1) mod K (none when K = 2) and train on the rest; features are
standardised in float32 with the card's train statistics rounded to float32, and a band whose
standard deviation is 0 is only centred.
"""

import json
import os

import numpy as np
from safetensors import safe_open

SPLITS = ("train", "validation", "test")
NORMALISATIONS = ("global", "per-band", "none")


class CardError(ValueError):
    """A card, shard or option the loader cannot use; the message names it and the fix."""


class Card:
    """A build output's `dataset.json` (docs/shards.md), read-only.

    Attributes: `out` (the output directory), `raw` (the parsed JSON), `labels` (class names),
    `multi_label`, `shape` (`(bands, frames)` of one clip), `dtype` (`float16` or `float32`),
    `shards` (the card's list), `normalisation` (dict or None), `folds` (K or None), `tasks`
    (list of `{name, corpora, labels}` or None), `label_space` (`combined`, `separate` or None).
    """

    def __init__(self, out):
        self.out = os.fspath(out)
        path = os.path.join(self.out, "dataset.json")
        try:
            with open(path, encoding="utf-8") as f:
                raw = json.load(f)
        except FileNotFoundError:
            raise CardError(f"{path}: no dataset card (build the output with melshard build first)") from None
        except (OSError, ValueError) as e:
            raise CardError(f"{path}: cannot be read ({e}); rebuild the output") from None
        if not isinstance(raw, dict) or raw.get("format") != "melshard-dataset":
            raise CardError(f"{path}: not a melshard dataset card")
        if raw.get("format_version") != 1:
            raise CardError(f"{path}: format_version {raw.get('format_version')}; this package reads 1")
        self.raw = raw
        self.labels = list(raw["labels"])
        self.multi_label = raw["task"] == "multi-label"
        self.shape = tuple(raw["features"]["shape"])
        self.dtype = raw["features"]["dtype"]
        self.shards = list(raw["shards"])
        self.normalisation = raw.get("normalisation")
        self.folds = raw.get("folds")
        self.tasks = raw.get("tasks")
        self.label_space = raw.get("label_space")
        if self.folds is None and (raw.get("balance") or {}).get("folds"):
            raise CardError(f"{path}: a k-fold build whose shards carry no folds tensor; rebuild with this melshard")

    @property
    def default_normalisation(self):
        """The recipe's `[train] normalisation` when it sets one, else melshard train's default, `global`."""
        train = (self.raw.get("recipe") or {}).get("train") or {}
        return train.get("normalisation", "global")

    def path(self, shard):
        return os.path.join(self.out, shard["file"])

    @property
    def label_width(self):
        """Width of a stored multi-hot row: every class, or the largest task's under `separate`."""
        if self.label_space == "separate" and self.tasks:
            return max(len(t["labels"]) for t in self.tasks)
        return len(self.labels)

    def task_index(self, task):
        """A task given by name or index, as an index into `tasks`."""
        if not self.tasks:
            raise CardError(f"{self.out}: task {task!r} given, but the build has one task (no `tasks` in the card)")
        names = [t["name"] for t in self.tasks]
        if isinstance(task, str):
            if task not in names:
                raise CardError(f"{self.out}: no task {task!r}; the tasks are {', '.join(names)}")
            return names.index(task)
        if not 0 <= int(task) < len(names):
            raise CardError(f"{self.out}: task {task} is outside 0…{len(names) - 1} ({', '.join(names)})")
        return int(task)


def split_of_fold(f, fold, k):
    """The split a clip of fold `f` is in when testing on fold `fold` of `k` (melshard train --fold)."""
    if f == fold:
        return "test"
    if k > 2 and f == (fold + 1) % k:
        return "validation"
    return "train"


class Selection:
    """The rows of one split (of one fold, of one task) shard by shard, and their labels.

    `parts` is a list of `(shard, rows, labels, tasks)` in the card's order, shards without any
    selected row left out: `rows` ascending row indices (int64), `labels` the label of each row as
    yielded (int64 class indices, or float32 multi-hot rows), `tasks` each row's task (int64, 0
    for a single-task build). Reads the small `labels`, `tasks` and `folds` tensors of the
    shards that may hold the split, never `features`.
    """

    def __init__(self, card, split="train", fold=None, task=None):
        if split not in SPLITS:
            raise CardError(f"split {split!r}: expected one of {', '.join(SPLITS)}")
        if card.folds is None and fold is not None:
            raise CardError(f"{card.out}: fold {fold} given, but the build has no folds")
        if card.folds is not None:
            if fold is None:
                raise CardError(f"{card.out}: a {card.folds}-fold build needs a fold: fold=0 … fold={card.folds - 1}")
            if not 0 <= fold < card.folds:
                raise CardError(f"{card.out}: fold {fold} is outside the build's folds 0…{card.folds - 1}")
        self.card, self.split, self.fold = card, split, fold
        self.task = None if task is None else card.task_index(task)
        # Labels as yielded: a selected task's own classes (converted from the combined space when
        # needed), otherwise as stored.
        if self.task is not None:
            self.classes = list(card.tasks[self.task]["labels"])
        else:
            self.classes = list(card.labels)
        self.parts = []
        for shard in card.shards:
            if card.folds is None and shard["split"] != split:
                continue
            with safe_open(card.path(shard), "np") as f:
                n = shard["clips"]
                keep = np.ones(n, dtype=bool)
                if card.folds is not None:
                    folds = f.get_tensor("folds")
                    keep &= np.array([split_of_fold(int(v), fold, card.folds) == split for v in folds], dtype=bool)
                tasks = f.get_tensor("tasks").astype(np.int64) if card.tasks else np.zeros(n, dtype=np.int64)
                if self.task is not None:
                    keep &= tasks == self.task
                rows = np.flatnonzero(keep).astype(np.int64)
                if len(rows) == 0:
                    continue
                labels = self._labels(f.get_tensor("labels")[rows])
            self.parts.append((shard, rows, labels, tasks[rows]))
        self.count = sum(len(p[1]) for p in self.parts)

    def _labels(self, stored):
        card = self.card
        if self.task is None or card.label_space == "separate":
            if card.multi_label:
                width = len(self.classes) if self.task is not None else card.label_width
                return stored[:, :width].astype(np.float32)
            return stored.astype(np.int64)
        # Combined space, one task selected: the task's own class indices.
        local = [card.labels.index(name) for name in self.classes]
        if card.multi_label:
            return stored[:, local].astype(np.float32)
        lookup = np.full(len(card.labels), -1, dtype=np.int64)
        lookup[local] = np.arange(len(local))
        return lookup[stored.astype(np.int64)]


class Normaliser:
    """`(x − mean) / std` in float32 with the card's train statistics, as melshard train does."""

    def __init__(self, card, kind=None):
        kind = card.default_normalisation if kind is None else kind
        if kind not in NORMALISATIONS:
            raise CardError(f"normalisation {kind!r}: expected one of {', '.join(NORMALISATIONS)}")
        self.kind = kind
        bands = card.shape[0]
        if kind == "none":
            self.mean = self.std = None
            return
        stats = card.normalisation
        if stats is None:
            raise CardError(f"{card.out}: no normalisation statistics (the build has no train shard); "
                            "use normalisation=\"none\"")
        if kind == "per-band":
            mean, std = stats["per_band"]["mean"], stats["per_band"]["std"]
        else:
            mean, std = [stats["mean"]] * bands, [stats["std"]] * bands
        self.mean = np.asarray(mean, dtype=np.float64).astype(np.float32)[:, None]   # (bands, 1)
        std = np.asarray(std, dtype=np.float64).astype(np.float32)[:, None]
        self.std = np.where(std == 0, np.float32(1), std)

    def __call__(self, x):
        """Stored features (float16 or float32, `[..., bands, frames]`) as standardised float32."""
        x = np.asarray(x).astype(np.float32)
        if self.mean is None:
            return x
        return (x - self.mean) / self.std
