#!/usr/bin/env python3
"""librosa reference for the melshard side-by-side benchmark.

    python3 scripts/bench/librosa_features.py PLAN.json [--dump OUT.npy]

PLAN.json:
    {"sr": 12000, "n_fft": 512, "hop": 256, "n_mels": 96, "resize": [128, 128],
     "clip_samples": 24064, "center": true,
     "files": [{"path": "a.wav", "crops": [0, 48000, ...]}, ...]}

Crop starts are sample indices at the target rate `sr`. Each file is processed
the way a typical librosa user would: the WHOLE file is decoded and resampled
with librosa.load (soxr_hq), then every crop goes through melspectrogram ->
power_to_db(ref=1, amin=1e-10, top_db=None) -> torch bilinear resize. The other
melspectrogram arguments stay at librosa's defaults (periodic Hann,
pad_mode='constant', power 2, Slaney mel with Slaney norm). If "resize" is null,
the dB matrix is the result.

A crop that runs past the end of the audio is zero-padded to clip_samples, so
every clip has the same shape.

The first file is processed once as an untimed warm-up, to pay for imports,
numba/FFT plan caches and the page cache. Then all files (the first one too)
are timed. Everything runs on one thread, so the comparison is per core.
Prints one JSON line on stdout.

--dump writes the stacked features of the timed run, (clips, H, W) float32,
in plan order, so the Swift output can be compared value for value.
"""

import os

# These must be set before numpy/torch/numba are imported, or their thread
# pools are already sized.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import librosa  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


def features_for_file(entry: dict, plan: dict) -> list:
    sr = plan["sr"]
    clip = plan["clip_samples"]
    resize = plan.get("resize")
    y, _ = librosa.load(entry["path"], sr=sr, mono=True, res_type="soxr_hq")
    out = []
    for start in entry["crops"]:
        seg = y[start:start + clip]
        if seg.shape[0] < clip:
            seg = librosa.util.fix_length(seg, size=clip)
        S = librosa.feature.melspectrogram(y=seg, sr=sr, n_fft=plan["n_fft"], hop_length=plan["hop"],
                                           n_mels=plan["n_mels"], center=plan.get("center", True))
        D = librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=None)
        if resize is not None:
            t = torch.from_numpy(D)[None, None]
            D = torch.nn.functional.interpolate(t, size=tuple(resize), mode="bilinear",
                                                align_corners=False)[0, 0].numpy()
        out.append(D)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("plan", help="benchmark plan (JSON)")
    ap.add_argument("--dump", help="write the features of the timed run to this .npy file")
    args = ap.parse_args()

    with open(args.plan) as f:
        plan = json.load(f)
    files = plan["files"]
    if not files:
        print("plan has no files", file=sys.stderr)
        return 2

    features_for_file(files[0], plan)  # warm-up, not timed

    keep = [] if args.dump else None
    clips = 0
    t0 = time.perf_counter()
    for entry in files:
        feats = features_for_file(entry, plan)
        clips += len(feats)
        if keep is not None:
            keep.extend(feats)
    seconds = time.perf_counter() - t0

    if args.dump:
        np.save(args.dump, np.stack(keep).astype("<f4"))

    print(json.dumps({
        "tool": "librosa",
        "librosa": librosa.__version__,
        "files": len(files),
        "clips": clips,
        "seconds": round(seconds, 4),
        "clips_per_second": round(clips / seconds, 2),
        "files_per_second": round(len(files) / seconds, 3),
        # Linux reports ru_maxrss in KiB.
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
