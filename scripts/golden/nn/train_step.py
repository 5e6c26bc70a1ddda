#!/usr/bin/env python3
"""Golden data for one whole training step of a small CNN (forward, cross-entropy, backward, Adam),
computed by PyTorch.

Run by hand (never by the tests) from the repository root:

    python3 scripts/golden/nn/train_step.py

The network is an nn.Sequential built from most layer kinds the studies need:

    0 Conv2d(1, 4, (3, 5), padding=(1, 2), bias=False)   [4, 1, 8, 16] -> [4, 4, 8, 16]
    1 BatchNorm2d(4)
    2 ReLU()
    3 MaxPool2d((2, 4))                                   -> [4, 4, 4, 4]
    4 Conv2d(4, 6, 3, padding=1, groups=2)                -> [4, 6, 4, 4]
    5 LeakyReLU(0.1)
    6 AdaptiveAvgPool2d(1)                                -> [4, 6, 1, 1]
    7 Flatten()                                           -> [4, 6]
    8 Dropout(p=0)   (identity in both libraries, so the step is deterministic)
    9 Linear(6, 3)                                        -> [4, 3]

Only one batch norm, and no bias on the convolution before it: a bias whose path to a batch
norm is affine per channel (directly, or through a LeakyReLU or ReLU + max-pool whose inputs in
that channel all lie on one side of 0) is removed by the normalisation, so its gradient is zero
in exact arithmetic and rounding noise (~1e-9) in practice. Adam's first step turns that noise
into an update of up to ±lr with a random sign, which no two implementations share (a first
version of this script, with a biased conv -> LeakyReLU -> BatchNorm2d, showed exactly that).
The grouped convolution keeps its bias; nothing normalises after it.

The step is `opt.zero_grad(); loss = F.cross_entropy(net(x), labels); loss.backward();
opt.step()` in training mode with torch.optim.Adam(lr=2**-10, foreach=False): 2**-10 is exact in
float32, so melshard's Float learning rate is the same number. Three steps run on the same batch.

Tensors in Tests/NNTests/Golden/train_step.safetensors (float32 unless said):

* `input` [4, 1, 8, 16]; `labels` int64 [4].
* `init.<name>`: the initial state_dict (`0.weight`, `1.running_mean`, `1.num_batches_tracked`
  (int64, shape []), ...).
* `logits` [4, 3] and `loss` [1] of the first forward; `grad.<name>`: every trainable
  parameter's gradient from the first backward.
* `step1.<name>`, `step3.<name>`: the state_dict after one and after three steps (running
  statistics and counters included); `step3.<name>.exp_avg`, `step3.<name>.exp_avg_sq`: Adam's
  state after three steps.
* `losses` [3]: the loss computed in each of the three steps.

Metadata records the library versions, the network (repr) and the settings.
"""

from __future__ import annotations

import json
import os
import platform
import struct
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import safetensors  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
LEARNING_RATE = 2.0**-10  # 0.0009765625, exact in float32
STEPS = 3
DTYPES = {np.dtype("float32"): "F32", np.dtype("int64"): "I64"}


def network() -> torch.nn.Sequential:
    torch.manual_seed(1200)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, (3, 5), padding=(1, 2), bias=False),
        torch.nn.BatchNorm2d(4),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d((2, 4)),
        torch.nn.Conv2d(4, 6, 3, padding=1, groups=2),
        torch.nn.LeakyReLU(0.1),
        torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(),
        torch.nn.Dropout(p=0.0),
        torch.nn.Linear(6, 3),
    )


def save_sorted(tensors: dict[str, np.ndarray], path: Path, metadata: dict[str, str]) -> None:
    """Writes a safetensors file with its header keys sorted, so that regenerating the data gives
    the same bytes (as scripts/golden/nn/conv.py does, with int64 tensors allowed too)."""
    header: dict[str, object] = {"__metadata__": metadata}
    offset = 0
    for name in sorted(tensors):
        array = tensors[name]
        size = array.nbytes
        header[name] = {"dtype": DTYPES[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)) + text)
        for name in sorted(tensors):
            array = tensors[name]
            file.write(np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes())


def numpy(t: torch.Tensor) -> np.ndarray:
    t = t.detach()
    return t.numpy().astype(np.int64 if t.dtype == torch.int64 else np.float32)


def main() -> None:
    root = Path(__file__).resolve().parents[3]
    out = root / "Tests" / "NNTests" / "Golden" / "train_step.safetensors"
    net = network()
    net.train()
    rng = np.random.default_rng(1201)
    x = torch.from_numpy(rng.standard_normal((4, 1, 8, 16)).astype(np.float32))
    labels = torch.tensor([0, 2, 1, 2], dtype=torch.int64)
    tensors: dict[str, np.ndarray] = {"input": numpy(x), "labels": numpy(labels)}
    tensors.update({f"init.{k}": numpy(v) for k, v in net.state_dict().items()})

    optimiser = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE, foreach=False)
    losses = []
    for step in range(1, STEPS + 1):
        optimiser.zero_grad()
        logits = net(x)
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        if step == 1:
            tensors["logits"] = numpy(logits)
            tensors["loss"] = numpy(loss).reshape(1)
            tensors.update({f"grad.{k}": numpy(p.grad) for k, p in net.named_parameters()})
        losses.append(loss.item())
        optimiser.step()
        if step in (1, STEPS):
            tensors.update({f"step{step}.{k}": numpy(v) for k, v in net.state_dict().items()})
    for k, p in net.named_parameters():
        state = optimiser.state[p]
        tensors[f"step{STEPS}.{k}.exp_avg"] = numpy(state["exp_avg"])
        tensors[f"step{STEPS}.{k}.exp_avg_sq"] = numpy(state["exp_avg_sq"])
    tensors["losses"] = np.array(losses, dtype=np.float32)

    metadata = {
        "generator": "scripts/golden/nn/train_step.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "safetensors": safetensors.__version__,
        "python": platform.python_version(),
        "network": repr(net),
        "settings": json.dumps({"optimizer": "Adam(foreach=False)", "lr": LEARNING_RATE, "steps": STEPS,
                                "loss": "cross_entropy"}, sort_keys=True),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    save_sorted(tensors, out, metadata)
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(tensors)} tensors); losses {losses}")


if __name__ == "__main__":
    main()
