#!/usr/bin/env python3
"""Golden data for one training step of every network of melshard's registry, computed by PyTorch.

Run by hand (never by the tests), from the repository root, with torch installed:

    python3 scripts/golden/nn/network_step.py                 # every network (VGG-16 takes a few minutes)
    python3 scripts/golden/nn/network_step.py --list          # the networks and their batch sizes

writes Tests/TrainTests/Interchange/network_step.safetensors, read by
Tests/TrainTests/Interchange/NetworkStepGoldenTests.swift, which needs no Python. The networks
are the PyTorch twins of scripts/bench/torch_train.py, found by scripts/interchange/torch_step.py
(the live interchange test's script), whose `take_step` takes the step here too.

The weights cannot be committed (AlexNet and VGG-16 hold 59 M and 136 M numbers), so both sides
make the same weights and batch from a closed-form rule that is exact in both languages (uint64
arithmetic, then float64 operations that IEEE 754 rounds the same everywhere, then one rounding
to float32):

    key(name)   = FNV-1a 64 of the UTF-8 bytes of `name` (offset 0xcbf29ce484222325, prime 0x100000001b3)
    bits(k, i)  = splitmix64's i-th output from state k:  z = k + (i + 1) * 0x9e3779b97f4a7c15,
                  z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9,  z = (z ^ z >> 27) * 0x94d049bb133111eb,
                  z ^ z >> 31   (all mod 2**64)
    v(name, i)  = 2 * ((bits(key(name), i) >> 11) * 2**-53) - 1      in [-1, 1), exact in float64

element i (row-major) of state_dict tensor `name`, by its last component and rank, is, in float64
and then rounded to float32 once:

    weight, rank >= 2 (conv, linear)        v / sqrt(fan_in), fan_in = the product of shape[1:]
                                             (PyTorch's own default initialisation is uniform in
                                             the same bounds)
    weight, rank 1 (batch norm, study 001's normalisation affine)   1 + v / 10
    bias, running_mean, mean                v / 10
    running_var, variance                   1 + v / 2   (in [0.5, 1.5): positive)
    num_batches_tracked, count              0

Any other tensor name stops this script (and fails the Swift test): a new kind of tensor must
get a rule here and in the test's `GoldenWeights`. The batch is `inputs` [N, C, H, W], element
i = v("inputs", i) rounded to float32, with targets: class (5 n + 1) mod classes for clip n, or,
for a multi-label network (gebhardt), target[n, c] = 1 when n + c is even, else 0.

The step is the live test's (torch_step.py `take_step`): model.train() with every nn.Dropout's
p set to 0, the network's loss (cross-entropy, or BCE-with-logits for multi-label), then
torch.optim.SGD(lr=1e-3, momentum=0.9, weight_decay=5e-4), one thread, float32; and the same step
again in float64 from the same (float32) weights and batch, the reference for rounding. Batch 4,
and 2 for AlexNet and VGG-16 (so the float64 step fits in memory and time; a network over 10 M
parameters gets 2).

Tensors written, `<net>` a registry name (`melshard models`), all float32 unless said:

* `<net>.eval_logits`, `<net>.train_logits` [N, classes]: model.eval() outputs before the step
  (no gradient) and the training step's forward outputs.
* `<net>.loss` F64 [2]: the float32 step's loss (widened) and the float64 step's.
* `<net>.inputs` [k]: the batch's inputs at the sample indices below (a check of the rule);
  `<net>.targets` I64 [N] or F32 [N, classes].
* `<net>.sample.<name>` [3, k] for every state_dict tensor `name` (running statistics and
  counters included), at indices floor(j * n / 128) for j < k = min(n, 128), n the tensor's
  number of elements: row 0 the value before the step, row 1 after PyTorch's float32 step,
  row 2 the float64 step's update (after - before, in float64, then rounded to float32, so that
  a small update keeps its digits).
* `<net>.stats.<name>` F64 [4] over the whole tensor: max |before|, max |after, float64 step|,
  max |after32 - after64| / scale (PyTorch's own float32 error, scale = the larger of the first
  two, as the live test takes it), max |after32 - before| / scale (how far the step moved it).

Metadata: `generator`, the `torch`, `numpy`, `safetensors` and `python` versions, `settings`
(the optimiser's), and `networks`: a JSON object from each registry name to its `batch`,
`classes`, `input` shape, `multi_label` and the `state_dict` names in order.
"""

import argparse
import json
import math
import os
import platform
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import safetensors  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "interchange"))
import torch_step  # noqa: E402  (the twins and the step)

OUT = os.path.join("Tests", "TrainTests", "Interchange", "network_step.safetensors")

# melshard's NetworkRegistry.entries, in its order: (name, input shape, classes, multi-label).
# small-cnn takes any input; it runs on NetworkRegistry.defaultInput.
NETWORKS = [
    ("small-cnn", (1, 32, 32), 10, False),
    ("lu-2d", (1, 32, 32), 8, False),
    ("lu-grouped-1d", (1, 32, 32), 8, False),
    ("ren-base", (1, 128, 1292), 10, False),
    ("ren-masked", (1, 128, 1292), 10, False),
    ("ren-cam", (1, 128, 1292), 10, False),
    ("pons-black-box", (1, 40, 80), 8, False),
    ("pons-time", (1, 40, 80), 8, False),
    ("pons-frequency", (1, 40, 80), 8, False),
    ("pons-time-frequency", (1, 40, 80), 8, False),
    ("gebhardt", (1, 80, 300), 4, True),
    ("alexnet-kell", (1, 128, 128), 528, False),
    ("vgg16", (1, 128, 128), 528, False),
]
SETTINGS = {"optimizer": "sgd", "lr": 1e-3, "momentum": 0.9, "weight_decay": 5e-4}
SAMPLES = 128
LARGE = 10_000_000  # trainable parameters above which the batch is 2

M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
GAMMA = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)


def key(name):
    """FNV-1a 64 of name's UTF-8 bytes."""
    h = 0xCBF29CE484222325
    for byte in name.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return np.uint64(h)


def uniform(name, count):
    """v(name, i) for i < count, float64 in [-1, 1), in chunks (VGG-16's largest tensor has 103 M)."""
    k, out, chunk = key(name), np.empty(count, dtype=np.float64), 1 << 22
    with np.errstate(over="ignore"):
        for start in range(0, count, chunk):
            i = np.arange(start + 1, min(count, start + chunk) + 1, dtype=np.uint64)
            z = k + i * GAMMA
            z = (z ^ (z >> np.uint64(30))) * MIX1
            z = (z ^ (z >> np.uint64(27))) * MIX2
            z = z ^ (z >> np.uint64(31))
            out[start:start + len(i)] = 2.0 * ((z >> np.uint64(11)).astype(np.float64) * 2.0**-53) - 1.0
    return out


def rule_value(name, shape):
    """The tensor `name` of `shape` by the rule in the docstring, float64 (not yet rounded)."""
    leaf, n = name.rsplit(".", 1)[-1], math.prod(shape)
    if leaf in ("num_batches_tracked", "count"):
        return np.zeros(n)
    v = uniform(name, n)
    if leaf == "weight" and len(shape) >= 2:
        return v / math.sqrt(math.prod(shape[1:]))
    if leaf == "weight":
        return 1.0 + v / 10.0
    if leaf in ("bias", "running_mean", "mean"):
        return v / 10.0
    if leaf in ("running_var", "variance"):
        return 1.0 + v / 2.0
    raise SystemExit(f"network_step.py: no weight rule for {name!r}: give its kind a rule here and in "
                     "Tests/TrainTests/Interchange/GoldenWeights.swift")


def rule_state(model):
    """The model's state_dict made by the rule: float32 (int64 for counters)."""
    state = {}
    for name, tensor in model.state_dict().items():
        value = rule_value(name, tuple(tensor.shape)).astype(np.float32).reshape(tuple(tensor.shape))
        state[name] = torch.from_numpy(value).to(tensor.dtype)
    return state


def rule_batch(count, shape, classes, multi_label):
    x = torch.from_numpy(uniform("inputs", count * math.prod(shape)).astype(np.float32).reshape(count, *shape))
    if multi_label:
        y = torch.tensor([[1.0 if (n + c) % 2 == 0 else 0.0 for c in range(classes)] for n in range(count)])
        return x, y, nn.BCEWithLogitsLoss()
    return x, torch.tensor([(5 * n + 1) % classes for n in range(count)], dtype=torch.int64), nn.CrossEntropyLoss()


def sample_indices(n):
    return [j * n // SAMPLES for j in range(SAMPLES)] if n > SAMPLES else list(range(n))


def largest(t):
    return float(t.abs().max()) if t.numel() else 0.0


def golden(name, shape, classes, multi_label, out):
    model = torch_step.build(name, classes)
    trainable = sum(p.numel() for p in model.parameters())
    parameters = {k for k, _ in model.named_parameters()}
    count = 2 if trainable > LARGE else 4
    weights = rule_state(model)
    model.load_state_dict(weights)  # strict
    x, y, loss_fn = rule_batch(count, shape, classes, multi_label)
    args = argparse.Namespace(**SETTINGS)

    model.eval()
    with torch.no_grad():
        out[f"{name}.eval_logits"] = model(x).contiguous()
    logits, loss = torch_step.take_step(model, x, y, loss_fn, args)
    after = {k: v.detach().clone() for k, v in model.state_dict().items()}
    out[f"{name}.train_logits"] = logits.contiguous()
    del model

    model64 = torch_step.build(name, classes).double()
    model64.load_state_dict(weights)
    _, loss64 = torch_step.take_step(model64, x.double(), y.double() if y.is_floating_point() else y, loss_fn, args)
    after64 = {k: v.detach() for k, v in model64.state_dict().items()}
    out[f"{name}.loss"] = torch.tensor([float(loss), float(loss64)], dtype=torch.float64)
    out[f"{name}.inputs"] = x.reshape(-1)[sample_indices(x.numel())].contiguous()
    out[f"{name}.targets"] = y.contiguous()

    worst, moved = 0.0, 0.0
    for tensor_name, before in weights.items():
        b, a32, a64 = before.double().reshape(-1), after[tensor_name].double().reshape(-1), \
            after64[tensor_name].double().reshape(-1)
        scale = max(largest(b), largest(a64))
        error = largest(a32 - a64) / scale if scale else largest(a32 - a64)
        update = largest(a32 - b) / scale if scale else largest(a32 - b)
        worst = max(worst, error)
        moved = max(moved, update) if tensor_name in parameters else moved  # the optimiser's, not the statistics
        index = torch.tensor(sample_indices(b.numel()), dtype=torch.int64)
        out[f"{name}.sample.{tensor_name}"] = torch.stack(
            [b[index].float(), a32[index].float(), (a64[index] - b[index]).float()]).contiguous()
        out[f"{name}.stats.{tensor_name}"] = torch.tensor([largest(b), largest(a64), error, update],
                                                          dtype=torch.float64)
    print(f"{name}: batch {count}, loss {float(loss):.6f} (float64 {float(loss64):.6f}), "
          f"PyTorch float32 vs float64 {worst:.2e}, largest update of a trainable tensor {moved:.2e}", flush=True)
    return {"batch": count, "classes": classes, "input": list(shape), "multi_label": multi_label,
            "state_dict": list(weights)}


def main():
    torch.set_num_threads(1)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="the networks, their batches and trainable counts")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    if args.list:
        for name, shape, classes, _ in NETWORKS:
            trainable = sum(p.numel() for p in torch_step.build(name, classes).parameters())
            print(f"{name}: input {list(shape)}, {classes} classes, {trainable} trainable, "
                  f"batch {2 if trainable > LARGE else 4}")
        return 0
    out, networks = {}, {}
    for name, shape, classes, multi_label in NETWORKS:
        networks[name] = golden(name, shape, classes, multi_label, out)
    metadata = {
        "generator": "scripts/golden/nn/network_step.py", "torch": torch.__version__, "numpy": np.__version__,
        "safetensors": safetensors.__version__, "python": platform.python_version(),
        "settings": json.dumps(SETTINGS), "networks": json.dumps(networks),
    }
    save_file(out, args.out, metadata=metadata)
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes, {len(out)} tensors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
