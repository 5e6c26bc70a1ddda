"""Golden forward and backward passes of the small study networks, on PyTorch's weights.

Run by hand (never by the tests), from the repository root:

    python3 scripts/golden/nn/network_forward.py

writes Tests/TrainTests/Networks/small_networks.safetensors, read by
Tests/TrainTests/Networks/NetworkForwardTests.swift. For study 004's Time and Frequency networks
(`PonsTime`, `PonsFrequency` in scripts/bench/torch_train.py: 7,336 and 3,368 parameters) and study
002's CAM network (`RenCAM`, 130,890 parameters), none with dropout or batch norm, so that a
training-mode pass is deterministic, it stores, under `<net>.<name>`: every state_dict tensor as
`<net>.param.<key>`, a batch `x` of 2, a fixed upstream gradient `dy`, PyTorch's output `y`, its
input gradient `dx`, and each parameter's gradient as `<net>.grad.<key>`. The batch has the study's
input shape, [1, 40, 80], for the Pons networks; the CAM network takes any input of 38 × 38 or more
(its dense layer follows a global average pool), so it runs on [1, 40, 48] instead of GTZAN's
[1, 128, 1292], which would add 2.6 MB of x and dx. The larger networks' weights would not fit a
small file; their names and shapes are checked by network_shapes.py's JSON instead.
"""
import os
import sys

import numpy as np
import safetensors
import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import torch_train  # noqa: E402

torch.set_num_threads(1)
out = {}
NETWORKS = [("pons-time", "pons_time", None), ("pons-frequency", "pons_frequency", None),
            ("ren-cam", "ren_cam", (1, 40, 48))]
for name, key, shape in NETWORKS:
    torch.manual_seed(0)
    model = torch_train.build(key).train()
    x = torch.randn(2, *(shape or torch_train.NETS[key][1]), requires_grad=True)
    y = model(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    tensors = {"x": x, "dy": dy, "y": y, "dx": x.grad}
    for k, p in model.named_parameters():
        tensors["param." + k] = p
        tensors["grad." + k] = p.grad
    for k, t in tensors.items():
        out[f"{name}.{k}"] = t.detach().to(torch.float32).contiguous().clone()

path = os.path.join("Tests", "TrainTests", "Networks", "small_networks.safetensors")
save_file(out, path, metadata={"generator": "scripts/golden/nn/network_forward.py", "torch": torch.__version__,
                               "numpy": np.__version__, "safetensors": safetensors.__version__})
print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(out)} tensors)")
