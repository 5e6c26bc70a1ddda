#!/usr/bin/env python3
"""Golden data for melshard's Conv2D and Conv1D layers, computed by PyTorch.

Run by hand (never by the tests) from the repository root:

    python3 scripts/golden/nn/conv.py

For each case below, torch builds the layer with its default initialisation (seeded), draws an
input x and an upstream gradient dy from U(-1, 1), and records y = conv(x) and, after
y.backward(dy), x.grad, weight.grad and bias.grad. Everything goes, float32, into
Tests/NNTests/Golden/conv.safetensors as `<case>.x`, `<case>.weight`, `<case>.bias`, `<case>.y`,
`<case>.dy`, `<case>.dx`, `<case>.dweight`, `<case>.dbias` (no bias tensors for bias=False);
the metadata records the library versions and each case's configuration. The Swift test
(Tests/NNTests/ConvGoldenTests.swift) builds the same layers, loads the weights and compares.
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

torch.set_num_threads(1)

# name -> (constructor, input shape). Tiny shapes: the file must stay well under 200 KB.
CASES = {
    # Asymmetric kernel and stride, explicit symmetric padding.
    "asymmetric": (lambda: torch.nn.Conv2d(3, 4, (3, 5), stride=(2, 1), padding=(1, 2)), (2, 3, 9, 11)),
    # 'same' with an even kernel (PyTorch pads the extra row/column at the bottom/right), groups.
    "same_even_groups": (lambda: torch.nn.Conv2d(4, 6, (2, 4), padding="same", groups=2), (2, 4, 8, 10)),
    # A first layer on a spectrogram: one input channel and a tall rectangular kernel.
    "single_channel": (lambda: torch.nn.Conv2d(1, 5, (12, 8)), (2, 1, 20, 16)),
    # AlexNet's first-layer shape in miniature: large square kernel, stride 4, no bias.
    "large_stride_nobias": (lambda: torch.nn.Conv2d(2, 3, 11, stride=4, padding=2, bias=False), (1, 2, 27, 27)),
    # A 1xk frequency-wise kernel with a width stride and groups.
    "wide_kernel_groups": (lambda: torch.nn.Conv2d(6, 6, (1, 6), stride=(1, 3), groups=3), (2, 6, 4, 20)),
    # Seed 001's grouped (depthwise) temporal convolution.
    "conv1d_depthwise": (lambda: torch.nn.Conv1d(8, 8, 5, padding=2, groups=8), (3, 8, 30)),
    # Conv1d with groups and a stride.
    "conv1d_grouped_stride": (lambda: torch.nn.Conv1d(4, 6, 4, stride=2, groups=2), (2, 4, 25)),
}


def save_sorted(tensors: dict[str, np.ndarray], path: Path, metadata: dict[str, str]) -> None:
    """Writes a safetensors file with its header keys sorted, so that regenerating the data gives
    the same bytes (safetensors.numpy.save_file orders `__metadata__` differently from run to run)."""
    header: dict[str, object] = {"__metadata__": metadata}
    offset = 0
    for name in sorted(tensors):
        size = tensors[name].nbytes
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)) + text)
        for name in sorted(tensors):
            file.write(np.ascontiguousarray(tensors[name], dtype="<f4").tobytes())


def main() -> None:
    root = Path(__file__).resolve().parents[3]
    out = root / "Tests" / "NNTests" / "Golden" / "conv.safetensors"
    tensors: dict[str, np.ndarray] = {}
    configs = {}
    for index, (name, (make, shape)) in enumerate(CASES.items()):
        torch.manual_seed(1000 + index)
        layer = make()
        x = (torch.rand(shape) * 2 - 1).requires_grad_(True)
        y = layer(x)
        dy = torch.rand(y.shape) * 2 - 1
        y.backward(dy)
        record = {"x": x, "weight": layer.weight, "y": y, "dy": dy, "dx": x.grad, "dweight": layer.weight.grad}
        if layer.bias is not None:
            record.update(bias=layer.bias, dbias=layer.bias.grad)
        for key, value in record.items():
            tensors[f"{name}.{key}"] = value.detach().numpy().astype(np.float32)
        configs[name] = repr(layer)
    metadata = {
        "generator": "scripts/golden/nn/conv.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "safetensors": safetensors.__version__,
        "python": platform.python_version(),
        "cases": json.dumps(configs, sort_keys=True),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    save_sorted(tensors, out, metadata)
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(tensors)} tensors)")


if __name__ == "__main__":
    main()
