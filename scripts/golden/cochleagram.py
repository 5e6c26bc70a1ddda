#!/usr/bin/env python3
"""Golden data for melshard's cochleagram front end, computed independently in numpy/scipy.

Run by hand (never by the tests) from the repository root:

    python3 scripts/golden/cochleagram.py

The reference packages (pycochleagram, chcochleagram) are not on PyPI, so this script is a
second, independent implementation of the description in issue 15 item 1 and docs/features.md
("Cochleagram"), written with numpy's FFTs in float64 and scipy's Kaiser window:

1. Filterbank on the real-FFT grid f_k = k·sr/N, k = 0…⌊N/2⌋, ERB-number scale
   erb(f) = 9.265·ln(1 + f/(24.7·9.265)). S·(n+1)−1 half-cosine band-pass filters whose
   centres are the interior points of linspace(erb(low), erb(high), S·(n+1)+1), each spanning
   ±S spacings around its centre, strictly inside; S low-pass filters sqrt(1 − b_i²) up to the
   centre of band-pass i (1 below it), S high-pass filters likewise from the centre of the
   i-th band-pass from the top; the whole bank divided by √S. Rows: low-pass (lowest first),
   band-pass (ascending), high-pass (the last row pairs with the highest band-pass).
2. Each row times rfft(x); the one-sided spectrum zero-padded to N, ifft (÷N), magnitude.
3. 1001-tap low-pass h[m] = kaiser(1001, 5)[m] · sinc((m − 500.5)/D)/D with D = sr/env_sr,
   applied as a correlation with stride D and no padding: y[t] = Σ_m env[t·D + m]·h[m].
4. (max(y, 0) + 1e-8) ** 0.3.

Everything goes to Tests/AudioDSPTests/Golden/Cochleagram/: 16-bit PCM WAV inputs (every
reference is computed from the file read back, int16/32768, as the Swift side decodes it),
float32 .npy outputs (version-1.0 header, '<f4', C order), and cases.json with the versions.
"""

from __future__ import annotations

import json
import platform
import zlib
from pathlib import Path

import numpy as np
import scipy
import scipy.signal
import soundfile as sf

SEED = 440
REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "Tests" / "AudioDSPTests" / "Golden" / "Cochleagram"
EAR_Q = 9.265
MIN_BW = 24.7


def erb(f):
    return EAR_Q * np.log(1 + np.asarray(f, dtype=np.float64) / (MIN_BW * EAR_Q))


def erb_to_hz(e):
    return MIN_BW * EAR_Q * (np.exp(np.asarray(e, dtype=np.float64) / EAR_Q) - 1)


def filterbank(length: int, sr: int, n: int, low: float, high: float, factor: int) -> np.ndarray:
    """(channels, ⌊N/2⌋+1) float64, rows ordered low-pass, band-pass, high-pass."""
    bins = length // 2 + 1
    f = np.arange(bins, dtype=np.float64) * sr / length
    e = erb(f)
    n_band = factor * (n + 1) - 1
    grid = np.linspace(erb(low), erb(high), n_band + 2)
    spacing = grid[1] - grid[0]
    centres = grid[1:-1]
    band = np.zeros((n_band, bins))
    for i, c in enumerate(centres):
        lo, hi = c - factor * spacing, c + factor * spacing
        inside = (e > lo) & (e < hi)
        band[i, inside] = np.cos((e[inside] - c) / (hi - lo) * np.pi)
    low_pass = np.zeros((factor, bins))
    high_pass = np.zeros((factor, bins))
    for i in range(factor):
        below = f < erb_to_hz(centres[i])
        low_pass[i, below] = np.sqrt(1 - band[i, below] ** 2)
        top = n_band - 1 - i
        above = f > erb_to_hz(centres[top])
        # Row factor-1-i of the high-pass block pairs with the i-th band-pass from the top.
        high_pass[factor - 1 - i, above] = np.sqrt(1 - band[top, above] ** 2)
    return np.vstack([low_pass, band, high_pass]) / np.sqrt(factor)


def kernel(taps: int, factor: int, beta: float) -> np.ndarray:
    t = np.arange(taps, dtype=np.float64) - taps / 2
    return scipy.signal.windows.kaiser(taps, beta, sym=True) * np.sinc(t / factor) / factor


def cochleagram(x: np.ndarray, sr: int = 20000, n: int = 50, low: float = 50, high: float = 10000,
                factor: int = 4, env_sr: int = 200, taps: int = 1001, beta: float = 5,
                power: float = 0.3, offset: float = 1e-8) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    length = x.shape[0]
    filters = filterbank(length, sr, n, low, high, factor)
    spectrum = np.fft.rfft(x)[None, :] * filters
    padded = np.zeros((filters.shape[0], length), dtype=np.complex128)
    padded[:, : spectrum.shape[1]] = spectrum
    envelope = np.abs(np.fft.ifft(padded, axis=1))
    stride = sr // env_sr
    h = kernel(taps, stride, beta)
    windows = np.lib.stride_tricks.sliding_window_view(envelope, taps, axis=1)[:, ::stride, :]
    down = windows @ h
    return (np.maximum(down, 0) + offset) ** power


def rng_for(name: str) -> np.random.Generator:
    return np.random.default_rng([SEED, zlib.crc32(name.encode())])


def write_npy(name: str, array: np.ndarray) -> None:
    np.save(OUT / name, np.ascontiguousarray(array, dtype="<f4"), allow_pickle=False)


def write_wav(name: str, x: np.ndarray, sr: int) -> np.ndarray:
    q = np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)
    sf.write(OUT / name, q, sr, subtype="PCM_16")
    back, rate = sf.read(OUT / name, dtype="float32")
    assert rate == sr and np.array_equal(back, q.astype(np.float32) / 32768)
    return back


def inputs(sr: int) -> list[tuple[str, str, np.ndarray]]:
    # A log sweep 50 Hz → 9.5 kHz under a 1-kHz tone burst: every channel is reached in turn.
    t = np.arange(2 * sr) / sr
    f0, f1, dur = 50.0, 9500.0, 2.0
    k = np.log(f1 / f0)
    sweep = 0.3 * np.sin(2 * np.pi * f0 * dur / k * (np.exp(t / dur * k) - 1))
    sweep += 0.1 * np.sin(2 * np.pi * 1000 * t) * ((t > 0.6) & (t < 0.9))
    # White noise with a 20-dB step down halfway: 1 s.
    noise = rng_for("noise").standard_normal(sr) * 0.05
    noise[sr // 2 :] *= 0.1
    # An odd length (10001 samples): tones with clicks, so the ⌊N/2⌋ bins and padding are exercised.
    tt = np.arange(10001) / sr
    tones = 0.2 * np.sin(2 * np.pi * 440 * tt) + 0.05 * np.sin(2 * np.pi * 3100 * tt)
    tones[[2000, 6000, 9000]] += 0.5
    return [
        ("sweep_2s", "log sweep 50 Hz → 9.5 kHz (0.3) + 1-kHz burst 0.6–0.9 s (0.1), 2 s", sweep),
        ("noise_1s", "white Gaussian noise σ 0.05, 20 dB quieter from 0.5 s, 1 s", noise),
        ("tones_odd", "440 Hz (0.2) + 3.1 kHz (0.05) + three clicks, 10001 samples (odd)", tones),
    ]


def versions() -> dict:
    return {"numpy": np.__version__, "scipy": scipy.__version__, "soundfile": sf.__version__,
            "libsndfile": sf.__libsndfile_version__, "python": platform.python_version()}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.iterdir():
        if p.suffix in (".npy", ".wav") or p.name == "cases.json":
            p.unlink()
    sr = 20000
    doc: dict = {"versions": versions(), "seed": SEED, "cochleagrams": [], "filterbanks": []}
    for name, description, x in inputs(sr):
        x = write_wav(f"{name}.wav", x, sr)
        c = cochleagram(x, sr=sr)
        write_npy(f"{name}.npy", c)
        doc["cochleagrams"].append({"name": name, "input": f"{name}.wav", "description": description,
                                    "sr": sr, "samples": int(x.shape[0]), "shape": list(c.shape),
                                    "file": f"{name}.npy"})
    # Filterbanks: the preset's design on a short grid, and smaller banks at other sample factors.
    for length, fsr, n, low, high, factor in [(400, 20000, 50, 50, 10000, 4), (512, 16000, 8, 100, 4000, 1),
                                              (512, 16000, 8, 100, 4000, 2), (301, 16000, 6, 80, 8000, 4)]:
        bank = filterbank(length, fsr, n, low, high, factor)
        file = f"fb_n{length}_sr{fsr}_{n}_{low}-{high}_x{factor}.npy"
        write_npy(file, bank)
        doc["filterbanks"].append({"length": length, "sr": fsr, "n": n, "low": low, "high": high,
                                   "sample_factor": factor, "shape": list(bank.shape), "file": file})
    h = kernel(1001, 100, 5)
    write_npy("kernel_1001_100_beta5.npy", h)
    doc["kernel"] = {"taps": 1001, "stride": 100, "beta": 5, "file": "kernel_1001_100_beta5.npy"}
    (OUT / "cases.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(doc["versions"]))


if __name__ == "__main__":
    main()
