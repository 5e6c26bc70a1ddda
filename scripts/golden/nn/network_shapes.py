"""The state_dict names and shapes of the studies' networks, as PyTorch defines them.

Run by hand (never by the tests), from the repository root, whenever scripts/bench/torch_train.py
changes a network:

    python3 scripts/golden/nn/network_shapes.py

writes Tests/TrainTests/Networks/state_dict_shapes.json, read by
Tests/TrainTests/Networks/NetworkShapeTests.swift, which asserts that each Swift network in
Sources/Train/Networks has the same names, in the same order, with the same shapes, the same
parameter counts and the same output shape. Keys are melshard's registry names; `torch_name` is
the network's key in torch_train.py. `trainable` is sum(p.numel() for p in model.parameters());
`floats` adds the float buffers (the figure the studies state); `output_shape` is for a batch of 2.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import torch_train  # noqa: E402

REGISTRY = {
    "lu-2d": "lu2d",
    "lu-grouped-1d": "lu_grouped1d",
    "ren-base": "ren_base",
    "ren-masked": "ren_masked",
    "ren-cam": "ren_cam",
    "pons-black-box": "pons_blackbox",
    "pons-time": "pons_time",
    "pons-frequency": "pons_frequency",
    "pons-time-frequency": "pons_timefreq",
    "gebhardt": "gebhardt",
    "alexnet-kell": "alexnet",
    "vgg16": "vgg16",
}

nets = {}
for name, key in REGISTRY.items():
    _, shape, _, _, classes, stated, _ = torch_train.NETS[key]
    torch.manual_seed(0)
    model = torch_train.build(key).eval()
    with torch.no_grad():
        output = model(torch.zeros(2, *shape))
    nets[name] = {
        "torch_name": key,
        "class": type(model).__name__,
        "input_shape": list(shape),
        "classes": classes,
        "stated": stated,
        "trainable": torch_train.trainable_count(model),
        "floats": torch_train.parameter_count(model),
        "output_shape": list(output.shape),
        "state_dict": [[k, list(v.shape)] for k, v in model.state_dict().items()],
    }

path = os.path.join("Tests", "TrainTests", "Networks", "state_dict_shapes.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
# One line per network field and per state_dict entry, so that a diff shows which tensor changed.
lines = ["{", f' "generator": "scripts/golden/nn/network_shapes.py",', f' "torch": {json.dumps(torch.__version__)},',
         ' "networks": {']
for i, (name, net) in enumerate(nets.items()):
    lines.append(f"  {json.dumps(name)}: {{")
    for field, value in net.items():
        if field != "state_dict":
            lines.append(f"   {json.dumps(field)}: {json.dumps(value)},")
    entries = [f"    {json.dumps(entry)}" for entry in net["state_dict"]]
    lines += ['   "state_dict": [', ",\n".join(entries), "   ]"]
    lines.append("  }" + ("," if i + 1 < len(nets) else ""))
lines += [" }", "}"]
text = "\n".join(lines) + "\n"
json.loads(text)  # the hand-made layout must still be JSON
with open(path, "w") as f:
    f.write(text)
print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(nets)} networks)")
