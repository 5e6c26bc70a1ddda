#!/usr/bin/env python3
"""The melshard Python package on `melshard demo`'s output (run by Tests/DemoTests/PythonPackageTests.swift).

Usage: python3 python/tests/test_demo_output.py [DEMO_OUT]   (default out/demo: gtzan/ and speech-commands/)

Checks, on both demo builds: every training clip exactly once in an epoch over 2 ranks × 2
workers (against the clip_ids tensors of the card's train shards); the same order for the same
seed and epoch and another for another epoch or seed; the normalisation against NumPy computed
from the card; the map-style dataset against the stream; the package importing without torch;
fold, task and label rules on a small synthetic k-fold dual-task output; and, when torch is
installed, two training steps of a small CNN on batches from a DataLoader with two workers.
Exits non-zero on the first failure.
"""

import collections
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from safetensors.numpy import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # this checkout's package, whatever is installed

import melshard  # noqa: E402
from melshard import CardError, ShardDataset, ShardStream  # noqa: E402

RANKS, WORKERS = 2, 2


def card_clips(out, split="train"):
    """Every clip id of a split, from the shards the card lists for it."""
    card = json.load(open(os.path.join(out, "dataset.json")))
    ids = [load_file(os.path.join(out, s["file"]))["clip_ids"] for s in card["shards"] if s["split"] == split]
    return collections.Counter(int(i) for i in np.concatenate(ids))


def epoch_ids(out, seed, epoch, **options):
    """Clip ids of one epoch in order, per (rank, worker), simulated with explicit arguments."""
    parts = {}
    for rank in range(RANKS):
        stream = ShardStream(out, "train", seed=seed, rank=rank, world_size=RANKS, return_clip_id=True, **options)
        stream.set_epoch(epoch)
        for worker in range(WORKERS):
            parts[rank, worker] = [item[2] for item in stream.partition(rank, RANKS, worker, WORKERS)]
    return parts


def check_exactly_once(out):
    expected = card_clips(out)
    for seed, epoch in [(0, 0), (0, 1), (7, 3)]:
        for window in (1, 2, 8):
            parts = epoch_ids(out, seed, epoch, window=window)
            got = collections.Counter(i for ids in parts.values() for i in ids)
            assert got == expected, f"{out} seed {seed} epoch {epoch} window {window}: clips differ from the card's"
            per_rank = [sum(len(parts[r, w]) for w in range(WORKERS)) for r in range(RANKS)]
            assert max(per_rank) - min(per_rank) <= 1, per_rank
    # drop_remainder: every worker of every rank the same count, no clip twice.
    parts = epoch_ids(out, 0, 0, drop_remainder=True)
    counts = {len(ids) for ids in parts.values()}
    assert len(counts) == 1, counts
    flat = [i for ids in parts.values() for i in ids]
    assert len(flat) == len(set(flat)) and len(flat) > sum(expected.values()) - RANKS * WORKERS
    # The stream's own iter() outside a DataLoader is worker 0 of 1: the whole rank.
    whole = [item[2] for r in range(RANKS)
             for item in ShardStream(out, "train", rank=r, world_size=RANKS, return_clip_id=True)]
    assert collections.Counter(whole) == expected
    print(f"  {os.path.basename(out)}: {sum(expected.values())} training clips in "
          f"{sum(s['split'] == 'train' for s in melshard.Card(out).shards)} shards: every training clip once over {RANKS} ranks × {WORKERS} workers")


def check_determinism(out):
    def order(seed, epoch):
        parts = epoch_ids(out, seed, epoch)
        return [i for key in sorted(parts) for i in parts[key]]

    a, b = order(5, 2), order(5, 2)
    assert a == b, "the same seed and epoch gave two orders"
    assert order(5, 3) != a, "another epoch gave the same order"
    assert order(6, 2) != a, "another seed gave the same order"
    plain = ShardStream(out, "train", shuffle=False, return_clip_id=True)
    card = melshard.Card(out)
    in_file_order = [int(i) for s in card.shards if s["split"] == "train"
                     for i in load_file(card.path(s))["clip_ids"]]
    assert [item[2] for item in plain] == in_file_order, "shuffle=False is not the card's order"
    print(f"  {os.path.basename(out)}: same seed and epoch, same order; another epoch or seed, another order")


def check_normalisation(out):
    card = json.load(open(os.path.join(out, "dataset.json")))
    norm = card["normalisation"]
    rows = {}  # clip id -> (stored features, label)
    for s in card["shards"]:
        t = load_file(os.path.join(out, s["file"]))
        for k, clip in enumerate(t["clip_ids"]):
            rows[int(clip)] = (t["features"][k], int(t["labels"][k]), s["split"])
    band_mean = np.float32(norm["per_band"]["mean"])[:, None]
    band_std = np.float32(norm["per_band"]["std"])[:, None]
    band_std[band_std == 0] = 1
    expected = {
        "global": lambda x: (x.astype(np.float32) - np.float32(norm["mean"])) / np.float32(norm["std"]),
        "per-band": lambda x: (x.astype(np.float32) - band_mean) / band_std,
        "none": lambda x: x.astype(np.float32),
    }
    for kind, formula in expected.items():
        values = []
        for x, label, clip in ShardStream(out, "train", normalisation=kind, return_clip_id=True):
            stored, stored_label, split = rows[clip]
            assert split == "train" and label == stored_label, (clip, label, stored_label)
            assert x.shape == (1, *card["features"]["shape"]) and x.dtype == np.float32, (x.shape, x.dtype)
            np.testing.assert_array_equal(x[0], formula(stored), err_msg=f"{kind} normalisation, clip {clip}")
            values.append(x[0].astype(np.float64))
        values = np.stack(values)
        # The card's statistics are the train split's, so standardised train values have mean 0, std 1.
        if kind == "global":
            assert abs(values.mean()) < 1e-3 and abs(values.std() - 1) < 1e-3, (values.mean(), values.std())
        if kind == "per-band":
            live = np.float32(norm["per_band"]["std"]) > 0
            m, s = values.mean(axis=(0, 2)), values.std(axis=(0, 2))
            assert np.all(np.abs(m[live]) < 1e-3) and np.all(np.abs(s[live] - 1) < 1e-3), (m, s)
    default = melshard.Card(out).default_normalisation
    first = next(iter(ShardStream(out, "train", shuffle=False)))[0]
    np.testing.assert_array_equal(first, next(iter(ShardStream(out, "train", shuffle=False, normalisation=default)))[0])
    print(f"  {os.path.basename(out)}: global, per-band and none equal NumPy from the card "
          f"(default {default}); train values standardised to mean 0, std 1")


def check_map_style(out):
    card = json.load(open(os.path.join(out, "dataset.json")))
    stream_items = {item[2]: item for item in ShardStream(out, "train", normalisation="per-band", return_clip_id=True)}
    data = ShardDataset(out, "train", normalisation="per-band", return_clip_id=True)
    assert len(data) == len(stream_items) == card["splits"]["train"]["clips"]
    for i in range(len(data)):
        x, label, clip = data[i]
        np.testing.assert_array_equal(x, stream_items[clip][0])
        assert label == stream_items[clip][1]
    for split in ("validation", "test"):
        held = ShardDataset(out, split, return_clip_id=True)
        assert len(held) == card["splits"][split]["clips"]
        assert collections.Counter(held[i][2] for i in range(len(held))) == card_clips(out, split)
        assert len(ShardStream(out, split)) == len(held)
    try:
        data[len(data)]
        raise AssertionError("no IndexError past the end")
    except IndexError:
        pass
    for bad in [dict(split="training"), dict(fold=0), dict(task="music"), dict(normalisation="minmax")]:
        try:
            ShardStream(out, **bad)
            raise AssertionError(f"{bad} accepted")
        except CardError:
            pass
    print(f"  {os.path.basename(out)}: ShardDataset equals the stream clip for clip; validation and test complete")


def check_without_torch(out):
    code = (
        "import sys; sys.modules['torch'] = None; sys.path.insert(0, sys.argv[1]);"
        "import melshard; s = melshard.ShardStream(sys.argv[2]); d = melshard.ShardDataset(sys.argv[2]);"
        "assert type(s).__mro__[1] is object and type(d).__mro__[1] is object;"
        "x, y = next(iter(s)); print(x.shape, len(d))"
    )
    run = subprocess.run([sys.executable, "-c", code, os.path.dirname(HERE), out], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    print(f"  without torch: the package imports and streams ({run.stdout.strip()})")


def synthetic_kfold_dual_task(folder, separate):
    """A tiny output as melshard writes a 3-fold, two-task build: 2 train shards, folds and tasks tensors."""
    labels = ["jazz", "no", "rock", "yes"]
    tasks = [{"name": "music", "corpora": ["m"], "labels": ["jazz", "rock"]},
             {"name": "words", "corpora": ["w"], "labels": ["no", "rock", "yes"]}]
    rng = np.random.default_rng(1)
    shards, next_id = [], 100
    os.makedirs(os.path.join(folder, "shards"))
    for name, n in [("train-00000000000000aa", 7), ("train-00000000000000bb", 5)]:
        task = rng.integers(0, 2, n).astype(np.int32)
        names = [tasks[t]["labels"][rng.integers(len(tasks[t]["labels"]))] for t in task]
        stored = [tasks[t]["labels"].index(c) if separate else labels.index(c) for t, c in zip(task, names)]
        tensors = {
            "features": rng.normal(size=(n, 4, 6)).astype(np.float16),
            "labels": np.array(stored, np.int32),
            "clip_ids": np.arange(next_id, next_id + n, dtype=np.int64),
            "tasks": task,
            "folds": (np.arange(n) % 3).astype(np.int32),
        }
        next_id += n
        save_file(tensors, os.path.join(folder, "shards", name + ".safetensors"))
        shards.append({"name": name, "file": f"shards/{name}.safetensors", "split": "train", "clips": n})
        shards[-1]["truth"] = list(zip(tensors["clip_ids"].tolist(), task.tolist(), names, tensors["folds"].tolist()))
    truth = [row for s in shards for row in s.pop("truth")]
    card = {"format": "melshard-dataset", "format_version": 1, "name": "synthetic", "task": "single-label",
            "labels": labels, "features": {"dtype": "float16", "shape": [4, 6], "layout": "clip,band,frame"},
            "splits": {"train": {"clips": 12}}, "shards": shards, "folds": 3, "tasks": tasks,
            "label_space": "separate" if separate else "combined",
            "normalisation": {"split": "train", "count": 288, "mean": 0.0, "std": 1.0,
                              "per_band": {"mean": [0.0] * 4, "std": [1.0] * 4}}}
    json.dump(card, open(os.path.join(folder, "dataset.json"), "w"))
    return truth, tasks, labels


def check_folds_and_tasks():
    for separate in (False, True):
        with tempfile.TemporaryDirectory() as folder:
            truth, tasks, labels = synthetic_kfold_dual_task(folder, separate)
            for fold in range(3):
                for split, folds in [("test", {fold}), ("validation", {(fold + 1) % 3}),
                                     ("train", {0, 1, 2} - {fold, (fold + 1) % 3})]:
                    want = sorted(c for c, _, _, f in truth if f in folds)
                    got = sorted(item[2] for item in ShardDataset(folder, split, fold=fold, return_clip_id=True))
                    assert got == want, (separate, fold, split, got, want)
                    streamed = [item[2] for r in range(2) for w in range(2)
                                for item in ShardStream(folder, split, fold=fold, return_clip_id=True,
                                                        window=1).partition(r, 2, w, 2)]
                    assert sorted(streamed) == want
                for t, task in enumerate(tasks):
                    data = ShardDataset(folder, "train", fold=fold, task=task["name"], return_task=True,
                                        return_clip_id=True)
                    assert data.classes == task["labels"]
                    by_id = {c: (tt, name) for c, tt, name, _ in truth}
                    for i in range(len(data)):
                        _, label, tt, clip = data[i]
                        assert tt == t and by_id[clip] == (t, data.classes[label]), (clip, label, by_id[clip])
            try:
                ShardStream(folder, "train")
                raise AssertionError("a k-fold build without fold accepted")
            except CardError:
                pass
    print("  synthetic 3-fold dual-task builds (combined and separate): test = fold k, validation = k + 1 mod K, "
          "train = the rest; task selection yields the task's own class indices")


def check_torch(out):
    import torch
    from torch.utils.data import DataLoader, IterableDataset

    stream = ShardStream(out, "train", seed=1, return_clip_id=True)
    assert isinstance(stream, IterableDataset)
    stream.set_epoch(4)
    # One epoch through real DataLoader workers, 2 simulated ranks: each clip once.
    seen = collections.Counter()
    for rank in range(RANKS):
        ranked = ShardStream(out, "train", seed=1, rank=rank, world_size=RANKS, return_clip_id=True)
        for _, _, clips in DataLoader(ranked, batch_size=4, num_workers=WORKERS):
            seen.update(clips.tolist())
    assert seen == card_clips(out), "DataLoader workers × ranks did not give each clip once"

    torch.manual_seed(0)
    classes = len(stream.classes)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(), torch.nn.Linear(4, classes))
    optimiser = torch.optim.SGD(model.parameters(), lr=0.01)
    loader = DataLoader(ShardStream(out, "train", seed=1), batch_size=8, num_workers=2)
    losses = []
    for step, (x, y) in enumerate(loader):
        assert x.dtype == torch.float32 and x.shape[1:] == (1, *melshard.Card(out).shape) and y.dtype == torch.int64
        loss = torch.nn.functional.cross_entropy(model(x), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
        if step == 1:
            break
    assert len(losses) == 2 and all(np.isfinite(losses)), losses
    x, y = next(iter(DataLoader(ShardDataset(out, "train"), batch_size=8, shuffle=True, num_workers=2)))
    assert tuple(x.shape) == (8, 1, *melshard.Card(out).shape)
    print(f"  {os.path.basename(out)}: torch: 2 steps from DataLoader(num_workers=2), "
          f"losses {losses[0]:.4f} {losses[1]:.4f}; each clip once through DataLoader workers")


def main():
    demo = sys.argv[1] if len(sys.argv) > 1 else "out/demo"
    outs = [os.path.join(demo, name) for name in ("gtzan", "speech-commands")]
    print(f"melshard package {melshard.__version__} from {os.path.dirname(melshard.__file__)}")
    for out in outs:
        check_exactly_once(out)
        check_determinism(out)
        check_normalisation(out)
        check_map_style(out)
    check_without_torch(outs[0])
    check_folds_and_tasks()
    try:
        import torch  # noqa: F401
    except ImportError:
        print("torch part skipped: torch is not installed (scripts/bootstrap installs the CPU wheel)")
    else:
        for out in outs:
            check_torch(out)
    print("ok")


if __name__ == "__main__":
    main()
