#!/usr/bin/env python3
"""Golden data for melshard's optimisers, losses, gradient clipping and learning-rate schedules,
computed by PyTorch.

Run by hand (never by the tests) from the repository root:

    python3 scripts/golden/nn/optim.py

Writes Tests/NNTests/Golden/optim.safetensors, read by Tests/NNTests/OptimGoldenTests.swift:

* Optimisers. Two parameters, `w` [3, 4] and `b` [5], start from `init.w`, `init.b`; step t
  (1..5) uses the fixed gradients `grad.w[t-1]`, `grad.b[t-1]` (some tiny, so Adam's eps
  matters). For each case `<case>.w`, `<case>.b` hold the parameters after every step
  ([5, 3, 4], [5, 5]) and `<case>.w.<slot>`, `<case>.b.<slot>` the optimiser state after step 5
  (`momentum_buffer`, `exp_avg`, `exp_avg_sq`), all from torch.optim with foreach=False (the
  single-tensor code path PyTorch takes on the CPU). Learning rates are float32-representable
  values (0.0625 and 0.001 rounded to float32), because melshard's Optimizer contract passes the
  rate as a Float.
* `adam_large.p` [5, 520], `adam_large.p.exp_avg`, `.exp_avg_sq`: Adam on one long parameter
  (`large.init`, gradients `large.grad`).
* Losses. `ce.logits` [4, 5] (one row at ±40 to test log-sum-exp), `ce.targets` (int64 [4]),
  `ce.weights` [5]; for each CE case `<case>.loss` (a 1-element tensor) and `<case>.grad`
  (dL/dlogits) from F.cross_entropy. `bce.logits`, `bce.targets` [4, 3] (multi-hot, logits up to
  ±40), `bce.pos_weight` [3]; `<case>.loss`, `<case>.grad` from F.binary_cross_entropy_with_logits.
* Clipping. `clip.g0` [3, 4], `clip.g1` [6]: gradients; `clip.norm` and `clip.g0_clipped`,
  `clip.g1_clipped` after clip_grad_norm_(max_norm=1), and `clip.g*_unclipped` after
  clip_grad_norm_(max_norm=100) (no change).
* Schedules, float64: `sched.<name>` is the learning rate of epochs 0..N-1 (get_last_lr() before
  each scheduler.step()); `sched.plateau*.metric` are the metrics fed to ReduceLROnPlateau.

Metadata records the library versions and each case's settings as JSON.
"""

from __future__ import annotations

import json
import os
import platform
import zlib
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import safetensors  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from safetensors.numpy import save_file  # noqa: E402

torch.set_num_threads(1)
STEPS = 5
F32 = lambda x: float(np.float32(x))  # noqa: E731  the rate melshard's Float learning rate carries

OPTIMISERS = {
    "sgd": (torch.optim.SGD, dict(lr=F32(0.0625))),
    "sgd_momentum": (torch.optim.SGD, dict(lr=F32(0.0625), momentum=0.9)),
    "sgd_nesterov_wd": (torch.optim.SGD, dict(lr=F32(0.0625), momentum=0.9, nesterov=True, weight_decay=0.01)),
    "sgd_dampening_wd": (torch.optim.SGD, dict(lr=F32(0.0625), momentum=0.5, dampening=0.25, weight_decay=0.1)),
    "adam": (torch.optim.Adam, dict(lr=F32(1e-3))),
    "adam_wd": (torch.optim.Adam, dict(lr=F32(1e-3), weight_decay=0.1)),
    "adamw": (torch.optim.AdamW, dict(lr=F32(1e-3), weight_decay=0.1)),
    "adam_betas": (torch.optim.Adam, dict(lr=F32(0.0625), betas=(0.5, 0.75), eps=1e-3)),
}


def rng(name: str) -> np.random.Generator:
    """A generator seeded by 440 and the name, so adding a case changes no other case's data."""
    return np.random.default_rng([440, zlib.crc32(name.encode())])


def uniform(name: str, shape, scale=1.0) -> np.ndarray:
    return (rng(name).uniform(-1, 1, size=shape) * scale).astype(np.float32)


def optimiser_cases(out: dict, meta: dict) -> None:
    init = {"w": uniform("init.w", (3, 4)), "b": uniform("init.b", (5,))}
    grads = {"w": uniform("grad.w", (STEPS, 3, 4)), "b": uniform("grad.b", (STEPS, 5), 0.1)}
    grads["w"][:, 0, :2] *= 1e-7  # below eps: the denominator's eps dominates
    grads["b"][2, :] = 0  # a zero gradient in the middle of the run
    out.update({"init.w": init["w"], "init.b": init["b"], "grad.w": grads["w"], "grad.b": grads["b"]})
    for case, (cls, kwargs) in OPTIMISERS.items():
        params = {k: torch.nn.Parameter(torch.from_numpy(v.copy())) for k, v in init.items()}
        opt = cls([params["w"], params["b"]], foreach=False, **kwargs)
        trajectory = {k: [] for k in params}
        for t in range(STEPS):
            for k, p in params.items():
                p.grad = torch.from_numpy(grads[k][t].copy())
            opt.step()
            for k, p in params.items():
                trajectory[k].append(p.detach().numpy().copy())
        for k, p in params.items():
            out[f"{case}.{k}"] = np.stack(trajectory[k])
            for slot, value in opt.state[p].items():
                if slot != "step":
                    out[f"{case}.{k}.{slot}"] = value.numpy().copy()
        settings = {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
        meta[case] = {"optimizer": cls.__name__, **settings}


def large_adam_case(out: dict, meta: dict) -> None:
    """One parameter of 520 elements: many square roots, so that the one-ulp differences of
    PyTorch's vectorised sqrt kernel (not correctly rounded) from IEEE sqrt show up."""
    p = torch.nn.Parameter(torch.from_numpy(uniform("large.init", (520,))))
    grads = uniform("large.grad", (STEPS, 520), 0.01)
    opt = torch.optim.Adam([p], lr=F32(1e-3), weight_decay=1e-4, foreach=False)
    trajectory = []
    for t in range(STEPS):
        p.grad = torch.from_numpy(grads[t].copy())
        opt.step()
        trajectory.append(p.detach().numpy().copy())
    out.update({"large.init": uniform("large.init", (520,)), "large.grad": grads, "adam_large.p": np.stack(trajectory)})
    for slot in ("exp_avg", "exp_avg_sq"):
        out[f"adam_large.p.{slot}"] = opt.state[p][slot].numpy().copy()
    meta["adam_large"] = {"optimizer": "Adam", "lr": F32(1e-3), "weight_decay": 1e-4}


def loss_cases(out: dict, meta: dict) -> None:
    logits = uniform("ce.logits", (4, 5), 3.0)
    logits[3] = [40, -40, 0, 39.5, -20]
    targets = np.array([2, 0, 4, 3], dtype=np.int64)
    weights = np.array([1.0, 2.0, 0.5, 3.0, 0.25], dtype=np.float32)
    out.update({"ce.logits": logits, "ce.targets": targets, "ce.weights": weights})
    for case, kw in {
        "ce_plain": {},
        "ce_weighted": {"weight": torch.from_numpy(weights)},
        "ce_smoothing": {"label_smoothing": 0.1},
        "ce_weighted_smoothing": {"weight": torch.from_numpy(weights), "label_smoothing": 0.2},
    }.items():
        z = torch.from_numpy(logits.copy()).requires_grad_(True)
        loss = F.cross_entropy(z, torch.from_numpy(targets), **kw)
        loss.backward()
        out[f"{case}.loss"] = loss.detach().numpy().reshape(1)
        out[f"{case}.grad"] = z.grad.numpy().copy()
        meta[case] = {k: ("ce.weights" if k == "weight" else v) for k, v in kw.items()}

    logits = uniform("bce.logits", (4, 3), 4.0)
    logits[0] = [40, -40, 0]
    targets = np.array([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 1]], dtype=np.float32)
    pos_weight = np.array([2.0, 0.5, 3.0], dtype=np.float32)
    out.update({"bce.logits": logits, "bce.targets": targets, "bce.pos_weight": pos_weight})
    for case, kw in {"bce_plain": {}, "bce_pos_weight": {"pos_weight": torch.from_numpy(pos_weight)}}.items():
        z = torch.from_numpy(logits.copy()).requires_grad_(True)
        loss = F.binary_cross_entropy_with_logits(z, torch.from_numpy(targets), **kw)
        loss.backward()
        out[f"{case}.loss"] = loss.detach().numpy().reshape(1)
        out[f"{case}.grad"] = z.grad.numpy().copy()
        meta[case] = {k: "bce.pos_weight" for k in kw}


def clip_cases(out: dict) -> None:
    g = {"g0": uniform("clip.g0", (3, 4), 2.0), "g1": uniform("clip.g1", (6,), 0.5)}
    out.update({f"clip.{k}": v for k, v in g.items()})
    for suffix, max_norm in [("clipped", 1.0), ("unclipped", 100.0)]:
        params = [torch.nn.Parameter(torch.zeros(v.shape)) for v in g.values()]
        for p, v in zip(params, g.values()):
            p.grad = torch.from_numpy(v.copy())
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm, foreach=False)
        out["clip.norm"] = norm.numpy().reshape(1)
        for k, p in zip(g, params):
            out[f"clip.{k}_{suffix}"] = p.grad.numpy().copy()


def schedule_cases(out: dict, meta: dict) -> None:
    def run(name, initial, make, epochs, metrics=None):
        param = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([param], lr=initial)
        sched = make(opt)
        rates = []
        for e in range(epochs):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step(*([metrics[e]] if metrics is not None else []))
        out[f"sched.{name}"] = np.array(rates, dtype=np.float64)
        if metrics is not None:
            out[f"sched.{name}.metric"] = np.array(metrics, dtype=np.float64)

    s = torch.optim.lr_scheduler
    run("step", 0.1, lambda o: s.StepLR(o, step_size=3, gamma=0.5), 20)
    run("exponential", 1e-3, lambda o: s.ExponentialLR(o, gamma=0.95), 30)
    # Study 000: 5e-4 -> 1e-5 over 10 epochs, then constant.
    run("linear", 5e-4, lambda o: s.LinearLR(o, start_factor=1.0, end_factor=1e-5 / 5e-4, total_iters=10), 15)
    run("log_linear", 5e-4, lambda o: s.LambdaLR(o, lambda e: (1e-5 / 5e-4) ** min(e / 10, 1.0)), 15)
    # Study 004: halve on plateau. A loss that improves, stalls (including changes below the
    # 1e-4 relative threshold), improves again and stalls again.
    metric = [1.0, 0.8, 0.7, 0.7, 0.69995, 0.71, 0.72, 0.6, 0.6, 0.6, 0.6, 0.6, 0.59999, 0.5, 0.5, 0.5, 0.5]
    run("plateau", 0.01, lambda o: s.ReduceLROnPlateau(o, factor=0.5, patience=2), len(metric), metric)
    metric2 = [5.0, 4.0, 4.0, 4.0, 3.95, 3.95, 3.95, 3.95, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]
    run("plateau_cooldown", 0.01, lambda o: s.ReduceLROnPlateau(
        o, factor=0.1, patience=1, threshold=0.1, threshold_mode="abs", cooldown=2, min_lr=5e-5), len(metric2), metric2)
    meta["schedules"] = {
        "step": "StepLR(step_size=3, gamma=0.5), lr 0.1",
        "exponential": "ExponentialLR(gamma=0.95), lr 1e-3",
        "linear": "LinearLR(start_factor=1, end_factor=1e-5/5e-4, total_iters=10), lr 5e-4",
        "log_linear": "LambdaLR((1e-5/5e-4) ** min(e/10, 1)), lr 5e-4",
        "plateau": "ReduceLROnPlateau(factor=0.5, patience=2), lr 0.01",
        "plateau_cooldown": "ReduceLROnPlateau(factor=0.1, patience=1, threshold=0.1 abs, cooldown=2, min_lr=5e-5)",
    }


def main() -> None:
    out: dict[str, np.ndarray] = {}
    meta: dict = {}
    optimiser_cases(out, meta)
    large_adam_case(out, meta)
    loss_cases(out, meta)
    clip_cases(out)
    schedule_cases(out, meta)
    path = Path("Tests/NNTests/Golden/optim.safetensors")
    metadata = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "safetensors": safetensors.__version__,
        "python": platform.python_version(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "cases": json.dumps(meta, sort_keys=True),
    }
    save_file(out, str(path), metadata=metadata)
    print(f"wrote {path} ({path.stat().st_size} bytes, {len(out)} tensors)")


if __name__ == "__main__":
    main()
