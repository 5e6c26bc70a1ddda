"""Reads a melshard output directory the way a PyTorch user would, without melshard.

Usage: python3 check_shards.py OUT_DIR MELSHARD_EXECUTABLE

Loads every shard with safetensors.numpy.load_file, checks dtypes, shapes, labels and clip ids
against index.sqlite, and recomputes one clip with `melshard mel` on the same region of the same
source, which must match the stored features exactly. Prints "ok N shards M clips" on success
and exits 1 with the reason otherwise.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file


def fail(message):
    print(message)
    sys.exit(1)


def mel_flags(params):
    flags = ["--preset", "librosa"]
    simple = {"sample_rate": "--sample-rate", "n_fft": "--n-fft", "hop_length": "--hop", "n_mels": "--n-mels",
              "fmin": "--fmin", "fmax": "--fmax", "window": "--window", "pad_mode": "--pad-mode",
              "mel_scale": "--mel-scale", "mel_norm": "--mel-norm", "scale": "--scale", "resampler": "--resampler"}
    for key, flag in simple.items():
        if key in params:
            flags += [flag, str(params[key])]
    flags += ["--center"] if params.get("center", True) else ["--no-center"]
    flags += ["--top-db", str(params["top_db"]) if "top_db" in params else "none"]
    size = params.get("resize")
    flags += ["--resize", f"{size['height']}x{size['width']}" if size else "none"]
    return flags


def main(out, melshard):
    db = sqlite3.connect(f"file:{os.path.join(out, 'index.sqlite')}?mode=ro", uri=True)
    card = json.load(open(os.path.join(out, "dataset.json")))
    labels_of = {}
    for clip_id, label_id in db.execute("SELECT clip_id, label_id FROM clip_labels"):
        labels_of.setdefault(clip_id, []).append(label_id)
    shards = db.execute("SELECT name, clip_count, features_dtype, features_shape FROM shards ORDER BY name").fetchall()
    if [s[0] for s in shards] != sorted(s["name"] for s in card["shards"]):
        fail("the card and the index list different shards")
    clips = 0
    for name, count, dtype, shape in shards:
        path = os.path.join(out, "shards", name + ".safetensors")
        tensors = load_file(path)
        features, labels, ids = tensors["features"], tensors["labels"], tensors["clip_ids"]
        if str(features.dtype) != dtype or list(features.shape) != json.loads(shape):
            fail(f"{name}: features {features.dtype} {features.shape}, index says {dtype} {shape}")
        if labels.dtype != np.int32 or ids.dtype != np.int64 or labels.shape != (count,) or ids.shape != (count,):
            fail(f"{name}: labels {labels.dtype}{labels.shape} clip_ids {ids.dtype}{ids.shape}, expected {count} rows")
        rows = [r[0] for r in db.execute("SELECT clip_id FROM shard_rows WHERE shard = ? ORDER BY row", (name,))]
        if ids.tolist() != rows:
            fail(f"{name}: clip_ids differ from shard_rows")
        for clip_id, label in zip(ids.tolist(), labels.tolist()):
            if labels_of.get(clip_id) != [label]:
                fail(f"{name}: clip {clip_id} has label {label}, index says {labels_of.get(clip_id)}")
        with safe_open(path, "np") as f:
            meta = f.metadata()
        if meta["format"] != "melshard-shard" or meta["shard"] != name:
            fail(f"{name}: metadata {meta}")
        clips += count

    # One clip, recomputed from its source by `melshard mel`.
    name = shards[0][0]
    tensors = load_file(os.path.join(out, "shards", name + ".safetensors"))
    row = 0
    clip_id = int(tensors["clip_ids"][row])
    root, rel, start, duration = db.execute(
        "SELECT co.root, s.path, c.start_seconds, c.duration_seconds FROM clips c JOIN sources s ON s.id = c.source_id "
        "JOIN corpora co ON co.name = s.corpus WHERE c.id = ?", (clip_id,)).fetchone()
    with safe_open(os.path.join(out, "shards", name + ".safetensors"), "np") as f:
        params = json.loads(f.metadata()["feature_parameters"])
    with tempfile.TemporaryDirectory() as tmp:
        npy = os.path.join(tmp, "clip.npy")
        subprocess.run([melshard, "mel", os.path.join(root, rel), "--offset", repr(start), "--duration", repr(duration),
                        "-o", npy] + mel_flags(params), check=True)
        expected = np.load(npy).astype(np.float16)
    if not np.array_equal(expected, tensors["features"][row]):
        diff = np.abs(expected.astype(np.float32) - tensors["features"][row].astype(np.float32)).max()
        fail(f"clip {clip_id}: melshard mel differs from the shard by up to {diff}")
    print(f"ok {len(shards)} shards {clips} clips")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
