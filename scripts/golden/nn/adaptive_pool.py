"""Golden data for melshard's AdaptiveAvgPool2D: PyTorch's nn.AdaptiveAvgPool2d forward and backward.

Run by hand (never by the tests), from the repository root:

    python3 scripts/golden/nn/adaptive_pool.py

writes Tests/NNTests/Golden/adaptive_pool.safetensors, read by Tests/NNTests/AdaptiveAvgPoolTests.swift.
Every case stores its input `x`, a fixed upstream gradient `dy`, PyTorch's output `y` and its gradient
`dx`, all float32, under `<case>.<name>`, and the output size as `<case>.output_size` (two floats).
Cases: the heads of torchvision's AlexNet (3×3 → 6×6) and VGG (4×4 → 7×7) at 128×128 inputs, windows
that overlap and differ in size while shrinking (5×7 → 3×4, 10×6 → 4×4), and a mixed one (2×9 → 5×2).
The 1×1 output is left out: PyTorch computes it with `mean`, and melshard's GlobalAveragePool covers it.
"""
import os

import numpy as np
import safetensors
import torch
import torch.nn as nn
from safetensors.torch import save_file

torch.manual_seed(0)
torch.set_num_threads(1)
out = {}


def run(case, x, size):
    x = x.clone().requires_grad_(True)
    y = nn.AdaptiveAvgPool2d(size)(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    for name, t in dict(x=x, dy=dy, y=y, dx=x.grad).items():
        out[f"{case}.{name}"] = t.detach().to(torch.float32).contiguous().clone()
    out[f"{case}.output_size"] = torch.tensor(size, dtype=torch.float32)


run("alexnet_3x3_to_6x6", torch.randn(2, 3, 3, 3), (6, 6))
run("vgg_4x4_to_7x7", torch.randn(2, 3, 4, 4), (7, 7))
run("shrink_5x7_to_3x4", torch.randn(2, 2, 5, 7), (3, 4))
run("shrink_10x6_to_4x4", torch.randn(1, 3, 10, 6), (4, 4))
run("mixed_2x9_to_5x2", torch.randn(2, 2, 2, 9), (5, 2))

path = os.path.join("Tests", "NNTests", "Golden", "adaptive_pool.safetensors")
save_file(out, path, metadata={"generator": "scripts/golden/nn/adaptive_pool.py", "torch": torch.__version__,
                               "numpy": np.__version__, "safetensors": safetensors.__version__})
print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(out)} tensors)")
