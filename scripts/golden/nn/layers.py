"""Golden data for melshard's NN layers other than convolution: PyTorch forward and backward.

Run by hand (never by the tests), from the repository root:

    python3 scripts/golden/nn/layers.py

writes Tests/NNTests/Golden/layers.safetensors, read by Tests/NNTests/LayersGoldenTests.swift.
Every case stores its input `x`, a fixed upstream gradient `dy`, PyTorch's output `y` and its
gradients `dx` (and `dweight`/`dbias` for layers with parameters), all float32, under
`<case>.<name>`. Shapes are tiny so the file stays small. The torch, numpy and safetensors
versions are recorded in the file's metadata.
"""
import os
import sys

import numpy as np
import safetensors
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import torch_train  # noqa: E402  (study 002's mask, the same module the network twins use)

torch.manual_seed(0)
torch.set_num_threads(1)
out = {}


def put(case, **tensors):
    for name, t in tensors.items():
        out[f"{case}.{name}"] = t.detach().to(torch.float32).contiguous().clone()


def run(case, module, x, **extra):
    """Forward x, back-propagate a fixed random dy, and store x, dy, y, dx and parameter grads."""
    x = x.clone().requires_grad_(True)
    y = module(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    put(case, x=x, dy=dy, y=y, dx=x.grad, **extra)
    for name, p in module.named_parameters():
        put(case, **{name: p, "d" + name: p.grad})


# Max pooling, asymmetric kernels and strides (distinct values: no ties).
def distinct(*shape):
    n = int(np.prod(shape))
    return (torch.randperm(n).to(torch.float32) / n - 0.5).reshape(shape)


run("maxpool_2x4", nn.MaxPool2d((2, 4)), distinct(2, 3, 8, 12))
run("maxpool_3x4_s2x3_p1", nn.MaxPool2d((3, 4), stride=(2, 3), padding=(1, 1)), distinct(2, 3, 9, 13))
run("maxpool_4x1", nn.MaxPool2d((4, 1)), distinct(2, 2, 10, 6))
run("maxpool_40x1", nn.MaxPool2d((40, 1)), distinct(1, 1, 40, 80))
run("maxpool_1x80", nn.MaxPool2d((1, 80)), distinct(1, 1, 40, 80))
# Ties: the gradient goes to the first maximum of each window in row-major order.
run("maxpool_ties", nn.MaxPool2d((2, 2), stride=(1, 1)), torch.tensor([[[[1., 1., 0.], [1., 2., 2.], [0., 2., 2.]]]]))

run("avgpool_3x2_s2_p1", nn.AvgPool2d((3, 2), stride=(2, 2), padding=(1, 1)), torch.randn(2, 3, 7, 9))
run("avgpool_2x4", nn.AvgPool2d((2, 4)), torch.randn(2, 3, 8, 12))
run("adaptiveavgpool", nn.AdaptiveAvgPool2d(1), torch.randn(2, 3, 5, 7))

# Batch norm: non-zero mean inputs, random affine terms and running statistics.
for case, module, x in [("batchnorm2d", nn.BatchNorm2d(3), torch.randn(4, 3, 5, 6) * 2 + 0.5),
                        ("batchnorm1d", nn.BatchNorm1d(5), torch.randn(8, 5) * 3 - 1)]:
    with torch.no_grad():
        module.weight.copy_(torch.rand_like(module.weight) + 0.5)
        module.bias.copy_(torch.randn_like(module.bias))
        module.running_mean.copy_(torch.randn_like(module.running_mean))
        module.running_var.copy_(torch.rand_like(module.running_var) + 0.5)
    put(case, running_mean_before=module.running_mean, running_var_before=module.running_var)
    weight, bias = module.weight.detach().clone(), module.bias.detach().clone()
    module.train()
    run(case + "_train", module, x)
    put(case, weight=weight, bias=bias, running_mean_after=module.running_mean,
        running_var_after=module.running_var, num_batches_tracked=module.num_batches_tracked)
    module.eval()
    module.zero_grad()
    run(case + "_eval", module, x * 0.7 + 0.2)

run("leakyrelu", nn.LeakyReLU(), torch.randn(3, 10))
run("leakyrelu_0.2", nn.LeakyReLU(0.2), torch.randn(2, 3, 4, 5))
run("linear", nn.Linear(7, 5), torch.randn(4, 7))
run("linear_nobias", nn.Linear(6, 3, bias=False), torch.randn(5, 6))


class Resize(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.size = size

    def forward(self, x):
        return F.interpolate(x, size=self.size, mode="bilinear", align_corners=False)


run("bilinear_up", Resize((12, 16)), torch.randn(2, 2, 5, 7))
run("bilinear_down", Resize((4, 6)), torch.randn(2, 2, 13, 11))
run("bilinear_32x32", Resize((32, 32)), torch.randn(1, 1, 40, 80))

# Zhang et al.'s part-template mask (study 002's masked CNN), as torch_train.py's twin computes
# it (the twin itself, imported): a rectangular map with negative values too (x < 0 where T < 0 passes, as the formula says),
# and a map whose maximum is tied (the first in row-major order is the peak, as torch.argmax).
PartTemplateMask = torch_train.PartTemplateMask


run("part_template_mask", PartTemplateMask(), distinct(2, 3, 5, 9))
run("part_template_mask_ties", PartTemplateMask(),
    torch.tensor([[[[0.1, 0.9, 0.2, 0.9], [0.3, 0.9, 0.4, 0.5], [0.6, 0.7, 0.8, 0.2]]]]))

path = os.path.join(os.path.dirname(__file__), "../../../Tests/NNTests/Golden/layers.safetensors")
save_file(out, os.path.normpath(path), metadata={
    "generator": "scripts/golden/nn/layers.py", "torch": torch.__version__, "numpy": np.__version__,
    "safetensors": safetensors.__version__})
print(f"wrote {os.path.normpath(path)}: {len(out)} tensors, {os.path.getsize(path)} bytes")
