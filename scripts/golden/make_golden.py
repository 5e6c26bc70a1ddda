#!/usr/bin/env python3
"""Generate the librosa golden test data for melshard's Swift feature tests.

Run by hand (not by CI) from the repository root:

    python3 scripts/golden/make_golden.py

Everything goes to Tests/AudioDSPTests/Golden/: 16-bit PCM WAV inputs, float32
.npy outputs, and cases.json, which describes every case and records the exact
library versions that produced the data. The Swift tests only read these files;
they never need Python.

Ground rules, and why:
* Inputs are written as int16 PCM and every reference is computed from the file
  *read back* (soundfile / librosa.load), never from the in-memory signal. The
  Swift side decodes int16/32768 exactly, so both sides start from identical
  samples.
* Outputs are float32 because that is what librosa returns for float32 input;
  the Swift tests compare against librosa's actual numbers, rounding included.
* .npy files are written with an explicit version-1.0 header, little-endian
  '<f4', C order, so the Swift reader only needs to handle one layout.
* All randomness is seeded from 440 (plus the name of the thing being drawn, so
  adding a case does not silently change the data of the others).
* The folder must stay small: signals are short, the long Gebhardt input is a
  quiet periodic signal that git's zlib compresses well, and outputs that would
  only repeat coverage are left out.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import zlib
from pathlib import Path

# Single-threaded torch/BLAS keeps the resize results reproducible across machines.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import librosa  # noqa: E402
import soundfile as sf  # noqa: E402
import soxr  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)

SEED = 440
REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "Tests" / "AudioDSPTests" / "Golden"


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def rng_for(name: str) -> np.random.Generator:
    """A generator seeded by SEED and a stable hash of `name`."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode())])


def save_npy(name: str, arr: np.ndarray) -> str:
    arr = np.ascontiguousarray(np.asarray(arr), dtype="<f4")
    with open(OUT / name, "wb") as f:
        np.lib.format.write_array(f, arr, version=(1, 0), allow_pickle=False)
    return name


def to_int16(x: np.ndarray) -> np.ndarray:
    # We quantize ourselves instead of letting libsndfile scale floats by 32767:
    # the stored integers are then exactly round(x * 32768), clipped.
    return np.clip(np.round(np.asarray(x, dtype=np.float64) * 32768.0), -32768, 32767).astype(np.int16)


INPUTS: list[dict] = []


def write_wav(name: str, x: np.ndarray, sr: int, kind: str, description: str) -> str:
    """Write float signal x (shape (n,) or (n, channels)) as 16-bit PCM."""
    data = to_int16(x)
    sf.write(OUT / name, data, sr, subtype="PCM_16")
    channels = 1 if data.ndim == 1 else data.shape[1]
    INPUTS.append({"file": name, "sr": sr, "channels": channels, "samples": int(data.shape[0]),
                   "kind": kind, "description": description})
    return name


def read_wav(name: str) -> np.ndarray:
    y, _ = sf.read(OUT / name, dtype="float32")
    return y


def torch_resize(x: np.ndarray, h: int, w: int) -> np.ndarray:
    t = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))[None, None]
    out = torch.nn.functional.interpolate(t, size=(h, w), mode="bilinear", align_corners=False)
    return out[0, 0].numpy()


# --------------------------------------------------------------------------
# Signals (float64, in [-1, 1]; quantized to int16 when written)
# --------------------------------------------------------------------------

def log_chirp(sr: int, n: int, f0: float = 100.0, f1: float | None = None, amp: float = 0.5) -> np.ndarray:
    # "Near Nyquist" = 95 % of it, so the top mel bands and the resampler's
    # transition band both see energy.
    f1 = 0.95 * sr / 2 if f1 is None else f1
    t = np.arange(n) / sr
    dur = n / sr
    k = math.log(f1 / f0)
    phase = 2 * np.pi * f0 * dur / k * (np.exp(t / dur * k) - 1.0)
    return amp * np.sin(phase)


def lin_sweep(sr: int, n: int, f0: float = 20.0, f1: float | None = None, amp: float = 0.5) -> np.ndarray:
    f1 = 0.98 * sr / 2 if f1 is None else f1
    t = np.arange(n) / sr
    dur = n / sr
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * dur))
    return amp * np.sin(phase)


def tones(sr: int, n: int, extra: tuple = ()) -> np.ndarray:
    # Different amplitudes so the dB range is exercised; the phases avoid all
    # three sines starting at zero together.
    t = np.arange(n) / sr
    parts = [(440.0, 0.4, 0.0), (1000.0, 0.2, 0.7), (3000.0, 0.05, 1.9)] + list(extra)
    return sum(a * np.sin(2 * np.pi * f * t + p) for f, a, p in parts)


def periodic_tones(sr: int, period: int, parts) -> np.ndarray:
    """One period of a sum of sines at exact bin frequencies k*sr/period, so
    the signal can be tiled without a seam. parts: (k, amplitude) pairs."""
    t = np.arange(period)
    return sum(a * np.sin(2 * np.pi * k * t / period + 0.5 * i) for i, (k, a) in enumerate(parts))


def white_noise(name: str, n: int) -> np.ndarray:
    # -20 dBFS RMS (std 0.1) Gaussian noise.
    return 0.1 * rng_for(name).standard_normal(n)


def floor_signal(sr: int, n: int) -> np.ndarray:
    """Chirp, then exact digital silence with one click in it, then tones with clicks.

    The silent stretches are long enough (> n_fft + 2 hops) that whole frames
    are exactly zero, so the mel power has exact zeros and the dB floor
    (10*log10(amin)) is hit; the frames at the silence edges give tiny powers
    below amin.
    """
    x = np.zeros(n)
    a, b = int(0.70 * sr), int(1.50 * sr)
    x[:a] = log_chirp(sr, a, f0=100.0, amp=0.5) * np.hanning(a) ** 0.1
    x[b:] = tones(sr, n - b)
    for pos, amp in ((int(1.10 * sr), 0.9), (int(1.70 * sr), -0.8), (int(1.85 * sr), 0.6)):
        x[pos] = amp
        x[pos + 1] = -0.5 * amp
    return x


def clicks_periodic(sr: int, n: int) -> np.ndarray:
    """Quiet periodic content for the 10-s Gebhardt input.

    The period (11025 samples = 22050 bytes) is shorter than zlib's 32 KiB
    window, so git stores this 441 kB file in a few tens of kB. The amplitude
    is low (about -26 dBFS) for the same reason and to test quiet material.
    """
    period = sr // 2
    seg = np.zeros(period)
    m = int(0.40 * sr)
    seg[:m] = log_chirp(sr, m, f0=150.0, f1=9000.0, amp=0.05) * np.hanning(m)
    t = np.arange(period) / sr
    seg += 0.01 * np.sin(2 * np.pi * 220.0 * t)  # 110 cycles per period: seamless
    seg[int(0.45 * sr)] += 0.2
    reps = -(-n // period)
    return np.tile(seg, reps)[:n]


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------

def make_inputs() -> None:
    # 12 kHz clips for the Heydarshahi preset: one of each length in the
    # reference table, so every shape in it (94, 95, 95 frames) is covered.
    write_wav("h12k_chirp_24064.wav", log_chirp(12000, 24064), 12000, "chirp",
              "log chirp 100 Hz -> 5700 Hz, 24064 samples (center=True gives 95 frames)")
    write_wav("h12k_floor_24064.wav", floor_signal(12000, 24064), 12000, "floor",
              "chirp, digital silence with a click, tones with clicks; 24064 samples")
    write_wav("h12k_tones_24000.wav", tones(12000, 24000), 12000, "tones",
              "440/1000/3000 Hz at 0.4/0.2/0.05, 24000 samples (2.0 s)")
    write_wav("h12k_noise_24576.wav", white_noise("h12k_noise", 24576), 12000, "noise",
              "white Gaussian noise at -20 dBFS RMS, 24576 samples (2.048 s)")

    # 3-s 44.1 kHz stereo, different content per channel, for the end-to-end
    # load (downmix + resample + offset/duration) case. Both channels repeat
    # every 4096 frames (16 KiB, inside zlib's window) so git stores the
    # 529 kB file compactly; 4096 does not divide the 0.5-s offset (22050
    # frames), so an offset error still shows.
    P = 4096
    reps = -(-3 * 44100 // P)
    left = periodic_tones(44100, P, ((41, 0.4), (93, 0.2), (279, 0.05)))
    right = 0.5 * log_chirp(44100, P, f0=200.0, f1=18000.0, amp=0.5) * np.hanning(P) \
        + periodic_tones(44100, P, ((650, 0.05),)) + 0.05 * white_noise("stereo_right", P)
    seg = np.stack([left, right], axis=1)
    write_wav("stereo44k_3s.wav", np.tile(seg, (reps, 1))[: 3 * 44100], 44100, "stereo",
              "4096-frame period; L: tones near 441/1001/3004 Hz; R: 200 Hz -> 18 kHz chirp "
              "burst + 6998 Hz tone (above 6 kHz: removed by the resampler) + noise; 3 s")

    # Pons: 79 * 1024 samples -> 80 frames. Periodic (7000 samples, not a
    # multiple of the hop) for the same storage reason.
    n, P = 80896, 7000
    seg = 0.3 * log_chirp(44100, P, f0=100.0, amp=1.0) * np.hanning(P) \
        + periodic_tones(44100, P, ((70, 0.4), (159, 0.2), (476, 0.05)))
    write_wav("pons44k_80896.wav", np.tile(seg, -(-n // P))[:n], 44100, "mix",
              "7000-sample period: 100 Hz -> 20.9 kHz chirp burst + tones at 441/1001.7/2998.8 Hz; "
              "80896 samples")

    # Gebhardt: 10 s at 22050 Hz -> 300 frames with hop 736.
    write_wav("geb22k_10s.wav", clicks_periodic(22050, 220500), 22050, "periodic",
              "quiet 0.5-s periodic chirp + 220 Hz + click, 220500 samples")

    # Ren: 3 s at 22050 Hz (librosa defaults).
    write_wav("ren22k_3s.wav", floor_signal(22050, 3 * 22050), 22050, "floor",
              "floor signal (chirp, silence with click, tones with clicks), 66150 samples")

    # STFT: a short 8 kHz mix so the (1+n_fft//2, frames) outputs stay small.
    n = 8000
    x = 0.5 * log_chirp(8000, n, amp=0.5) + 0.5 * tones(8000, n) + 0.3 * white_noise("stft_mix", n)
    x[3000:4500] = 0.0
    x[3700] = 0.7
    write_wav("stft8k_mix_1s.wav", x, 8000, "mix",
              "chirp + tones + noise with a silent gap and a click, 8000 samples")

    # Resampling: 2-s chirp and linear sweep at each source rate.
    for sr in (44100, 48000, 22050, 8000):
        write_wav(f"rs_chirp_{sr}.wav", log_chirp(sr, 2 * sr), sr, "chirp",
                  f"log chirp 100 Hz -> {0.95 * sr / 2:g} Hz, 2 s")
    for sr in SWEEP_RATES:
        write_wav(f"rs_sweep_{sr}.wav", lin_sweep(sr, 2 * sr), sr, "sweep",
                  f"linear sweep 20 Hz -> {0.98 * sr / 2:g} Hz, 2 s")
    write_wav("rs_tones_44100.wav", tones(44100, 88200, extra=((7000.0, 0.1, 0.3), (10000.0, 0.1, 1.1))),
              44100, "tones", "440/1000/3000 Hz + 7 and 10 kHz tones that a 12 kHz resampler must remove, 2 s")


def make_filterbanks() -> list[dict]:
    specs = [
        (12000, 512, 96, 0.0, 6000.0, False, "slaney"),
        (12000, 512, 96, 0.0, 6000.0, False, None),
        (12000, 512, 96, 0.0, 6000.0, True, "slaney"),
        (12000, 512, 96, 0.0, 6000.0, True, None),
        (44100, 2048, 40, 0.0, 22050.0, False, "slaney"),
        (22050, 2048, 80, 0.0, 11025.0, False, "slaney"),
        (22050, 2048, 128, 0.0, 11025.0, False, "slaney"),  # librosa's default
        (22050, 2048, 64, 300.0, 8000.0, False, "slaney"),
    ]
    cases = []
    for sr, n_fft, n_mels, fmin, fmax, htk, norm in specs:
        fb = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax, htk=htk, norm=norm)
        assert fb.dtype == np.float32 and fb.shape == (n_mels, 1 + n_fft // 2)
        name = f"fb_sr{sr}_nfft{n_fft}_m{n_mels}_f{fmin:g}-{fmax:g}_{'htk' if htk else 'slaney'}_{norm or 'nonorm'}.npy"
        cases.append({"file": save_npy(name, fb), "sr": sr, "n_fft": n_fft, "n_mels": n_mels,
                      "fmin": fmin, "fmax": fmax, "htk": htk, "norm": norm, "shape": list(fb.shape)})
    return cases


def make_stft() -> list[dict]:
    # (name, input, n_fft, hop, win_length, window, center, pad_mode, power)
    specs = [
        # The Heydarshahi STFT itself, on the 12 kHz floor clip (silent frames
        # give exact zeros; they also compress, which keeps the folder small).
        ("stft_h12k_floor_hann", "h12k_floor_24064.wav", 512, 256, 512, "hann", True, "constant", 2.0),
        ("stft_hann_reflect", "stft8k_mix_1s.wav", 256, 128, 256, "hann", True, "reflect", 2.0),
        ("stft_hamming_p1", "stft8k_mix_1s.wav", 256, 128, 256, "hamming", True, "constant", 1.0),
        ("stft_bh", "stft8k_mix_1s.wav", 256, 128, 256, "blackmanharris", True, "constant", 2.0),
        ("stft_boxcar_p1", "stft8k_mix_1s.wav", 256, 128, 256, "boxcar", True, "reflect", 1.0),
        ("stft_hann_nocenter", "stft8k_mix_1s.wav", 256, 128, 256, "hann", False, "constant", 2.0),
        ("stft_hann_win200", "stft8k_mix_1s.wav", 256, 128, 200, "hann", True, "constant", 2.0),
        # Odd window inside an even FFT, a hop that divides nothing, no centering.
        ("stft_hamming_win161_hop100", "stft8k_mix_1s.wav", 256, 100, 161, "hamming", False, "constant", 1.0),
    ]
    cases = []
    for name, inp, n_fft, hop, win, window, center, pad_mode, power in specs:
        y = read_wav(inp)
        S = np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop, win_length=win, window=window,
                                center=center, pad_mode=pad_mode)) ** power
        assert S.dtype == np.float32
        cases.append({"name": name, "input": inp, "n_fft": n_fft, "hop": hop, "win_length": win,
                      "window": window, "center": center, "pad_mode": pad_mode, "power": power,
                      "shape": list(S.shape), "file": save_npy(name + ".npy", S)})
    return cases


def make_db() -> list[dict]:
    # Input: the Heydarshahi mel power of the floor signal. It contains exact
    # zeros (silent frames) and positive values below amin (silence edges).
    y = read_wav("h12k_floor_24064.wav")
    M = librosa.feature.melspectrogram(y=y, sr=12000, n_fft=512, hop_length=256, n_mels=96)
    assert M.dtype == np.float32 and (M == 0).any() and ((M > 0) & (M < 1e-10)).any()
    inp = save_npy("db_input_mel_floor.npy", M)
    specs = [
        (1.0, 1e-10, None),
        (1.0, 1e-10, 80.0),
        ("max", 1e-10, None),
        ("max", 1e-10, 80.0),
        (1.0, 1e-5, 80.0),
    ]
    cases = []
    for ref, amin, top_db in specs:
        D = librosa.power_to_db(M, ref=np.max if ref == "max" else ref, amin=amin, top_db=top_db)
        assert D.dtype == np.float32
        name = f"db_ref{ref}_amin{amin:g}_top{top_db if top_db is None else int(top_db)}.npy"
        cases.append({"input": inp, "ref": ref, "amin": amin, "top_db": top_db, "shape": list(D.shape),
                      "file": save_npy(name, D)})
    return cases


def make_resize() -> list[dict]:
    specs = [(96, 95, 128, 128), (96, 94, 128, 128), (80, 301, 80, 300), (40, 100, 20, 37), (5, 7, 13, 3)]
    cases = []
    for h, w, oh, ow in specs:
        # dB-like range so magnitudes resemble the real use.
        x = rng_for(f"resize_{h}x{w}").uniform(-100.0, 10.0, size=(h, w)).astype(np.float32)
        inp = save_npy(f"resize_in_{h}x{w}.npy", x)
        out = torch_resize(x, oh, ow)
        cases.append({"input": inp, "in_h": h, "in_w": w, "out_h": oh, "out_w": ow,
                      "file": save_npy(f"resize_out_{h}x{w}_to_{oh}x{ow}.npy", out)})
    return cases


SWEEP_RATES = (44100, 8000)


def make_resample() -> list[dict]:
    pairs = [(44100, 12000), (48000, 12000), (22050, 12000), (8000, 12000), (44100, 22050)]
    # Swept signals do not compress, so the sweep only covers the main
    # downsampling path and the upsampling one; the chirp covers every pair.
    jobs = [("chirp", o, t) for o, t in pairs] \
        + [("sweep", o, 12000) for o in SWEEP_RATES] + [("tones", 44100, 12000)]
    cases = []
    for kind, orig, target in jobs:
        inp = f"rs_{kind}_{orig}.wav"
        y = read_wav(inp)
        out = librosa.resample(y, orig_sr=orig, target_sr=target, res_type="soxr_hq")
        assert out.dtype == np.float32
        raw = soxr.resample(y, orig, target, quality="soxr_hq")
        cases.append({
            "input": inp, "kind": kind, "orig_sr": orig, "target_sr": target, "res_type": "soxr_hq",
            "input_length": int(y.shape[0]),
            # librosa pads (with zeros) or trims to int(ceil(N * (target / orig))) in
            # floating point, which can be one more than the exact ceil(N*target/orig).
            "length": int(out.shape[0]),
            "exact_length": -(-y.shape[0] * target // orig),
            "soxr_length": int(raw.shape[0]),
            "file": save_npy(f"rs_{kind}_{orig}_to_{target}.npy", out),
        })
    return cases


DB_DEFAULT = {"ref": 1.0, "amin": 1e-10, "top_db": None}


def pipeline(name: str, inp: str, sr: int, n_fft: int, hop: int, n_mels: int, *, window: str = "hann",
             center: bool = True, pad_mode: str = "constant", fmin: float = 0.0, fmax: float | None = None,
             htk: bool = False, norm: str | None = "slaney", power: float = 2.0, scale: str = "db",
             db: dict | None = None, log1p_c: float | None = None, resize=None, offset=None, duration=None,
             clip=None, expect_shape=None) -> dict:
    fmax = sr / 2.0 if fmax is None else fmax
    db = dict(DB_DEFAULT) if (scale == "db" and db is None) else db
    y, _ = librosa.load(OUT / inp, sr=sr, mono=True, offset=0.0 if offset is None else offset,
                        duration=duration, res_type="soxr_hq")
    if clip is not None:
        # melshard's clip semantics: samples [start, start + length) of the whole file's
        # resampled signal (librosa.load with offset resamples the region on its own instead,
        # which disturbs its first and last few milliseconds).
        start, length = clip
        y = y[start:start + length]
    S = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=n_fft, hop_length=hop, win_length=n_fft,
                                       window=window, center=center, pad_mode=pad_mode, power=power,
                                       n_mels=n_mels, fmin=fmin, fmax=fmax, htk=htk, norm=norm)
    if scale == "db":
        X = librosa.power_to_db(S, ref=db["ref"], amin=db["amin"], top_db=db["top_db"])
    elif scale == "log1p":
        X = np.log1p(log1p_c * S)
    else:
        X = S
    if resize is not None:
        X = torch_resize(X, *resize)
    assert X.dtype == np.float32
    if expect_shape is not None:
        assert X.shape == tuple(expect_shape), (name, X.shape)
    return {"name": name, "input": inp, "sr": sr, "n_fft": n_fft, "hop": hop, "win_length": n_fft,
            "window": window, "center": center, "pad_mode": pad_mode, "n_mels": n_mels, "fmin": fmin,
            "fmax": fmax, "htk": htk, "norm": norm, "power": power, "scale": scale,
            "db": db if scale == "db" else None, "log1p_c": log1p_c if scale == "log1p" else None,
            "resize": list(resize) if resize is not None else None,
            "load": {"mono": True, "offset": offset, "duration": duration,
                     "clip": list(clip) if clip is not None else None},
            "loaded_samples": int(y.shape[0]), "mel_frames": int(S.shape[1]),
            "shape": list(X.shape), "file": save_npy(name + ".npy", X)}


def make_pipelines() -> list[dict]:
    h = dict(sr=12000, n_fft=512, hop=256, n_mels=96)
    cases = []
    for inp, center, frames in (("h12k_chirp_24064.wav", True, 95), ("h12k_floor_24064.wav", True, 95),
                                ("h12k_tones_24000.wav", True, 94), ("h12k_noise_24576.wav", False, 95)):
        base = "heydarshahi_" + inp[len("h12k_"):-4] + ("_center" if center else "_nocenter")
        cases.append(pipeline(base, inp, **h, center=center, expect_shape=(96, frames)))
        cases.append(pipeline(base + "_128x128", inp, **h, center=center, resize=(128, 128),
                              expect_shape=(128, 128)))
    # End to end from a 44.1 kHz stereo file: seek to 0.5 s, read int(2.048*44100)
    # = 90316 frames, average the channels, resample to ceil(90316*12000/44100)
    # = 24576 samples. center=False then gives the (96, 95) shape.
    base = "heydarshahi_stereo44k_e2e_nocenter"
    cases.append(pipeline(base, "stereo44k_3s.wav", **h, center=False, offset=0.5, duration=2.048,
                          expect_shape=(96, 95)))
    cases.append(pipeline(base + "_128x128", "stereo44k_3s.wav", **h, center=False, offset=0.5,
                          duration=2.048, resize=(128, 128), expect_shape=(128, 128)))
    # The same region as melshard cuts it: from the whole file's resampled signal.
    cases.append(pipeline("heydarshahi_stereo44k_clip_nocenter_128x128", "stereo44k_3s.wav", **h, center=False,
                          clip=(6000, 24576), resize=(128, 128), expect_shape=(128, 128)))
    cases.append(pipeline("pons", "pons44k_80896.wav", 44100, 2048, 1024, 40, window="blackmanharris",
                          scale="log1p", log1p_c=10000.0, expect_shape=(40, 80)))
    cases.append(pipeline("gebhardt", "geb22k_10s.wav", 22050, 2048, 736, 80, expect_shape=(80, 300)))
    cases.append(pipeline("ren", "ren22k_3s.wav", 22050, 2048, 512, 128, expect_shape=(128, 130)))
    # Same with power_to_db's own default top_db=80, in case "librosa defaults"
    # is read literally.
    cases.append(pipeline("ren_top80", "ren22k_3s.wav", 22050, 2048, 512, 128,
                          db={"ref": 1.0, "amin": 1e-10, "top_db": 80.0}, expect_shape=(128, 130)))
    return cases


def versions() -> dict:
    return {"librosa": librosa.__version__, "numpy": np.__version__, "soxr": soxr.__version__,
            "torch": torch.__version__, "soundfile": sf.__version__,
            "libsndfile": sf.__libsndfile_version__, "python": platform.python_version()}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # Start clean so a renamed case does not leave a stale file behind.
    for p in OUT.iterdir():
        if p.suffix in (".npy", ".wav") or p.name == "cases.json":
            p.unlink()
    make_inputs()
    doc = {
        "versions": versions(),
        "seed": SEED,
        "inputs": INPUTS,
        "filterbanks": make_filterbanks(),
        "stft": make_stft(),
        "db": make_db(),
        "resize": make_resize(),
        "resample": make_resample(),
        "pipelines": make_pipelines(),
    }
    with open(OUT / "cases.json", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    files = sorted(p for p in OUT.iterdir() if p.is_file())
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(zlib.compress(p.read_bytes(), 6)) for p in files)
    print(f"wrote {len(files)} files to {OUT.relative_to(REPO)}: {raw / 1e6:.2f} MB raw, "
          f"{packed / 1e6:.2f} MB zlib-compressed (as git stores them)", file=sys.stderr)


if __name__ == "__main__":
    main()
