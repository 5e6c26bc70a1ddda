#!/usr/bin/env python3
"""PyTorch's side of melshard's interchange tests (Tests/TrainTests/Interchange), run by them
through python3; also usable by hand. melshard itself never runs Python.

The networks are the twins in scripts/bench/torch_train.py, whose state_dict names and layouts
are melshard's. A registry name (`melshard models`) maps to its twin through TWINS below, or,
for a network added later, through its name with '-' replaced by '_' in torch_train.NETS, so a
new twin is found without editing this file.

    # (a) the eval-mode forward and (b) one training step of melshard's weights, in PyTorch:
    python3 scripts/interchange/torch_step.py step --net pons-time --classes 8 \\
        --weights RUN/checkpoints/step-00000000/model.safetensors --batch batch.safetensors \\
        --optimizer sgd --lr 0.05 --momentum 0.9 --weight-decay 5e-4 --out torch.safetensors

    # (a) alone: the eval-mode forward of melshard's weights, loaded strictly (the live test's
    # check for the networks whose step the committed goldens check instead, AlexNet and VGG-16):
    python3 scripts/interchange/torch_step.py forward --net vgg16 --classes 528 \\
        --weights RUN/checkpoints/step-00000000/model.safetensors --batch batch.safetensors --out torch.safetensors

    # a state_dict "trained in PyTorch" (seeded initial weights, batch-norm statistics moved
    # away from their initial 0 and 1), saved in a dtype, and its eval-mode outputs on a batch:
    python3 scripts/interchange/torch_step.py export --net small-cnn --classes 10 --seed 3 \\
        --dtype float16 --batch batch.safetensors --out weights.safetensors --logits logits.safetensors

`batch.safetensors` holds `inputs` (F32 [N, C, H, W]) and `targets`: I64 [N] class indices
(cross-entropy) or F32 [N, classes] 0/1 (binary cross-entropy with logits), as melshard's
trainer picks the loss from the dataset's task.

`step` and `forward` load the weights with model.load_state_dict(safetensors.torch.load_file(...))
(strict) and write `eval.logits` (model.eval(), no gradient). `step` also writes `train.logits`
and `train.loss` (the training step's forward, model.train() with every nn.Dropout's p set to 0,
since the two libraries' masks cannot agree), and `after.NAME` for every state_dict tensor after
the step (running statistics and num_batches_tracked included), and `after64.NAME` for the same
step taken in float64 from the same weights and batch (stored rounded to float32), the reference
for rounding. The step is
`opt.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); opt.step()` with torch.optim.SGD
(momentum, dampening 0, weight_decay) or torch.optim.Adam (betas 0.9, 0.999, eps 1e-8,
weight_decay), float32, one thread.
"""

import argparse
import os
import sys

import torch
import torch.nn as nn
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
import torch_train  # noqa: E402  (the twins)

# Registry names whose twin in torch_train.NETS has another name. `small-cnn` is melshard's own
# network, not a study's, so it is not benchmarked and lives outside NETS.
TWINS = {
    "lu-2d": "lu2d",
    "pons-black-box": "pons_blackbox",
    "pons-time-frequency": "pons_timefreq",
    "alexnet-kell": "alexnet",
    "lu-grouped-1d": "lu_grouped1d",
}


def twin(name):
    """The PyTorch class of registry network `name`."""
    if name == "small-cnn":
        return torch_train.SmallCNN
    key = TWINS.get(name, name.replace("-", "_"))
    if key not in torch_train.NETS:
        raise SystemExit(f"torch_step.py: no PyTorch twin for {name!r}: add it to scripts/bench/torch_train.py's "
                         f"NETS (as {name.replace('-', '_')!r}) or to TWINS in {__file__}")
    return torch_train.NETS[key][0]


def build(name, classes):
    return twin(name)(classes)


def read_batch(path):
    batch = load_file(path)
    x, y = batch["inputs"], batch["targets"]
    if y.dtype == torch.int64:
        return x, y, nn.CrossEntropyLoss()
    return x, y.float(), nn.BCEWithLogitsLoss()


def take_step(model, x, y, loss_fn, args):
    """One training step as melshard's trainer takes it; returns the outputs and the loss."""
    model.train()
    for module in model.modules():
        if isinstance(module, nn.Dropout):
            module.p = 0.0
    if args.optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum,
                              weight_decay=args.weight_decay)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    opt.zero_grad()
    logits = model(x)
    loss = loss_fn(logits, y)
    loss.backward()
    opt.step()
    return logits.detach(), loss.detach()


def forward(args):
    """The eval-mode outputs of the weights, loaded strictly."""
    weights = load_file(args.weights)
    model = build(args.net, args.classes)
    model.load_state_dict(weights)  # strict: every name, every shape
    x, y, loss_fn = read_batch(args.batch)
    model.eval()
    with torch.no_grad():
        logits = model(x).contiguous()
    if args.mode == "forward":
        save_file({"eval.logits": logits}, args.out, metadata={"torch": torch.__version__, "net": args.net})
        print(f"torch_step: {args.net} eval-mode forward")
    return weights, model, x, y, loss_fn, logits


def step(args):
    weights, model, x, y, loss_fn, logits = forward(args)
    out = {"eval.logits": logits}
    logits, loss = take_step(model, x, y, loss_fn, args)
    out["train.logits"] = logits.contiguous()
    out["train.loss"] = loss.reshape([])
    for name, tensor in model.state_dict().items():
        out["after." + name] = tensor.detach().contiguous().clone()
    # The same step in float64 from the same float32 weights and batch: the reference that
    # tells rounding (which float32 cannot avoid where a network is ill-conditioned, e.g.
    # VGG-16's batch-norm gradients at batch 2) from a difference in what is computed.
    model64 = build(args.net, args.classes).double()
    model64.load_state_dict(weights)
    _, loss64 = take_step(model64, x.double(), y.double() if y.is_floating_point() else y, loss_fn, args)
    for name, tensor in model64.state_dict().items():
        # Rounded to float32 (6e-8 relative): enough for a reference at 1e-5, and half the bytes.
        value = tensor.detach().float() if tensor.is_floating_point() else tensor.detach()
        out["after64." + name] = value.contiguous().clone()
    save_file(out, args.out, metadata={"torch": torch.__version__, "net": args.net})
    print(f"torch_step: {args.net} loss {float(loss):.6f} (float64: {float(loss64):.6f})")


def export(args):
    torch.manual_seed(args.seed)
    model = build(args.net, args.classes)
    # Statistics as training would leave them, so that importing them is tested too.
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.num_batches_tracked.fill_(37)
    dtype = getattr(torch, args.dtype)
    state = {k: (v.to(dtype) if v.is_floating_point() else v).contiguous() for k, v in model.state_dict().items()}
    save_file(state, args.out, metadata={"torch": torch.__version__, "net": args.net, "dtype": args.dtype})
    # The outputs of the weights as saved, widened back to float32 as melshard reads them.
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
    model.eval()
    x, _, _ = read_batch(args.batch)
    with torch.no_grad():
        save_file({"logits": model(x).contiguous()}, args.logits)
    print(f"torch_step: exported {args.net} ({args.dtype})")


def main():
    torch.set_num_threads(1)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("step", help="eval forward and one training step of melshard's weights")
    s.add_argument("--net", required=True)
    s.add_argument("--classes", type=int, required=True)
    s.add_argument("--weights", required=True)
    s.add_argument("--batch", required=True)
    s.add_argument("--optimizer", choices=["sgd", "adam"], required=True)
    s.add_argument("--lr", type=float, required=True)
    s.add_argument("--momentum", type=float, default=0.9)
    s.add_argument("--weight-decay", type=float, default=0.0)
    s.add_argument("--out", required=True)
    f = sub.add_parser("forward", help="the eval-mode forward of melshard's weights, loaded strictly")
    f.add_argument("--net", required=True)
    f.add_argument("--classes", type=int, required=True)
    f.add_argument("--weights", required=True)
    f.add_argument("--batch", required=True)
    f.add_argument("--out", required=True)
    e = sub.add_parser("export", help="a seeded state_dict in a dtype, and its eval outputs on a batch")
    e.add_argument("--net", required=True)
    e.add_argument("--classes", type=int, required=True)
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--dtype", choices=["float32", "float16", "bfloat16", "float64"], default="float32")
    e.add_argument("--batch", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--logits", required=True)
    args = ap.parse_args()
    {"step": step, "forward": forward, "export": export}[args.mode](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
