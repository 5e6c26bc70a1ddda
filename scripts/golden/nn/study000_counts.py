"""Study 000 (Heydarshahi), Appendix B: which AlexNet / VGG-16 configuration gives the stated
parameter counts (AlexNet 101,057,744; VGG-16 136,446,416)?

Run by hand (never by the tests), from the repository root:

    python3 scripts/golden/nn/study000_counts.py            # arithmetic search, top 25 per network
    python3 scripts/golden/nn/study000_counts.py --top 60   # longer tables
    python3 scripts/golden/nn/study000_counts.py --no-verify

Written against torch 2.13.0+cpu. The search itself is pure arithmetic (no torch needed); unless
--no-verify is given, the best rows of each table are rebuilt as PyTorch modules on the `meta`
device (no memory, no compute) and their counts are checked against the arithmetic, and their
output shape for one input is checked by a meta forward pass.

Search space (every combination; the study's text fixes none of these beyond "AlexNet: 5 conv,
2 dense, classifier", "VGG-16: 13 conv, 2 dense, classifier", batch norm, 1 × 128 × 128 mel input):
  - trunk: AlexNet as torchvision (64/192/384/256/256, 11/4 p2, 5 p2, 3 p1), as Krizhevsky 2012
    (96/256/384/384/256, conv1 11/4 p0) ungrouped and with its groups (1, 2, 1, 2, 2), and as
    Kell et al. 2018 (96 9×9/3, 256 5×5/2, 512, 1024, 512 3×3; "same" padding); VGG-16 config D
    (torchvision vgg16 / vgg16_bn);
  - input channels 1 or 3; input size 128×128, 96×95, 224×224 or 227×227 (matters only without
    an adaptive pool);
  - batch norm after each conv (BatchNorm2d) or not; conv bias kept or dropped when BN follows;
  - AdaptiveAvgPool2d to 6×6 or 7×7, or none (flatten the actual map);
  - hidden dense widths 4096, 2048 or 1024; BatchNorm1d after both hidden dense layers or not;
  - head: one shared 528-way layer (identical in count to two heads of 61 and 467 on the same
    features), or two towers (each task with its own two hidden dense layers and head);
  - what is counted: trainable parameters; + BN running mean/var; + num_batches_tracked.
Classes: 528 (the dual-task head the study quotes the count for). Single-task (61, 467) counts of
the best rows are printed after the tables.

Findings (torch 2.13.0+cpu, 2 Dec 2026):
  - No configuration in this space reproduces either count exactly.
  - Both stated counts are even, while a 61- or 467-way head on 4096 features adds an odd number
    (61 * 4097, 467 * 4097) to an otherwise even total: the stated counts are for the 528-way
    dual-task head (or two heads of 61 and 467 on the same features), as the issue presumes.
  - VGG-16: torchvision vgg16_bn, 1 input channel, 528 classes = 136,431,056, 15,360 short;
    closest: the same plus BatchNorm1d after both 4096-wide dense layers = 136,447,440 (+1,024).
  - AlexNet: torchvision layout + BN = 59,153,872 (-41.9 M). Closest: Kell et al. 2018's conv
    widths (96/256/512/1024/512) pooled to 512x6x6 with two 4096 dense layers = 105,687,504
    (+4.63 M, +4.6 %). Letting the five conv widths vary freely (64..1024) gives dozens of exact
    but arbitrary solutions (e.g. 64/512/192/768/512, 3 channels), so an exact match found that
    way identifies nothing; such widths are left out of this table.
"""
import argparse
import itertools

STUDY = {"alexnet": 101_057_744, "vgg16": 136_446_416}
CURRENT = {"alexnet": 59_153_872, "vgg16": 136_431_056}  # melshard's readings (trainable, 528)
DUAL = (61, 467)

# ---- network descriptions: lists of ops -----------------------------------------------------
# ("conv", cout, k, stride, pad, groups) ("pool", k, stride) ("adapt", o) ("flatten",)
# ("fc", out) ("bn1d",)   (BatchNorm2d, ReLU, dropout are inserted by the options below)

ALEX = {
    "alexnet-torchvision": [("conv", 64, 11, 4, 2, 1), ("pool", 3, 2), ("conv", 192, 5, 1, 2, 1),
                            ("pool", 3, 2), ("conv", 384, 3, 1, 1, 1), ("conv", 256, 3, 1, 1, 1),
                            ("conv", 256, 3, 1, 1, 1), ("pool", 3, 2)],
    "alexnet-krizhevsky": [("conv", 96, 11, 4, 0, 1), ("pool", 3, 2), ("conv", 256, 5, 1, 2, 1),
                           ("pool", 3, 2), ("conv", 384, 3, 1, 1, 1), ("conv", 384, 3, 1, 1, 1),
                           ("conv", 256, 3, 1, 1, 1), ("pool", 3, 2)],
    "alexnet-krizhevsky-grouped": [("conv", 96, 11, 4, 0, 1), ("pool", 3, 2),
                                   ("conv", 256, 5, 1, 2, 2), ("pool", 3, 2),
                                   ("conv", 384, 3, 1, 1, 1), ("conv", 384, 3, 1, 1, 2),
                                   ("conv", 256, 3, 1, 1, 2), ("pool", 3, 2)],
    "alexnet-kell2018": [("conv", 96, 9, 3, 4, 1), ("pool", 3, 2), ("conv", 256, 5, 2, 2, 1),
                         ("pool", 3, 2), ("conv", 512, 3, 1, 1, 1), ("conv", 1024, 3, 1, 1, 1),
                         ("conv", 512, 3, 1, 1, 1), ("pool", 3, 2)],
}
VGG_D = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
VGG = {"vgg16": [("conv", v, 3, 1, 1, 1) if v != "M" else ("pool", 2, 2) for v in VGG_D]}

INPUTS = [(128, 128), (96, 95), (224, 224), (227, 227)]


def out_size(n, k, s, p):
    return (n + 2 * p - k) // s + 1


def count(trunk, cin, hw, bn2d, conv_bias, pool, hidden, bn1d, towers, mode, classes=528):
    """Arithmetic parameter count; None when the map vanishes. mode: 'trainable', '+stats'
    (running mean and var), '+stats+nbt' (and num_batches_tracked)."""
    stats = mode != "trainable"
    nbt = mode == "+stats+nbt"

    def bn(c):
        return 2 * c + (2 * c if stats else 0) + (1 if nbt else 0)

    total, c, (h, w) = 0, cin, hw
    for op in trunk:
        if op[0] == "conv":
            _, cout, k, s, p, g = op
            total += (c // g) * cout * k * k + (cout if conv_bias or not bn2d else 0)
            if bn2d:
                total += bn(cout)
            c, h, w = cout, out_size(h, k, s, p), out_size(w, k, s, p)
        else:
            _, k, s = op
            h, w = out_size(h, k, s, 0), out_size(w, k, s, 0)
        if h < 1 or w < 1:
            return None
    if pool:
        h = w = pool
    features = c * h * w

    def dense(n_in, outs):
        t = 0
        for i, o in enumerate(outs):
            t += n_in * o + o
            if bn1d and i < len(outs) - 1:
                t += bn(o)
            n_in = o
        return t

    if towers:
        total += sum(dense(features, [hidden, hidden, k]) for k in DUAL)
    else:
        total += dense(features, [hidden, hidden, classes])
    return total, (c, h, w)


def describe(fam, cin, hw, bn2d, conv_bias, pool, hidden, bn1d, towers, mode):
    parts = [fam, f"in {cin}x{hw[0]}x{hw[1]}" if not pool else f"in {cin}ch",
             ("BN2d" + ("" if conv_bias else " no-conv-bias")) if bn2d else "no BN2d",
             f"adaptive {pool}x{pool}" if pool else "flatten actual map",
             f"fc {hidden}", "BN1d" if bn1d else "", "two towers" if towers else "528 head", mode]
    return ", ".join(p for p in parts if p)


def search(families):
    rows = []
    for fam, trunk in families.items():
        for cin, bn2d, conv_bias, pool, hidden, bn1d, towers, mode in itertools.product(
                (1, 3), (True, False), (True, False), (6, 7, None), (4096, 2048, 1024),
                (False, True), (False, True), ("trainable", "+stats", "+stats+nbt")):
            if not bn2d and not conv_bias:
                continue
            if not bn2d and not bn1d and mode != "trainable":
                continue  # no batch norm, nothing to add
            for hw in (INPUTS if pool is None else [(128, 128)]):
                r = count(trunk, cin, hw, bn2d, conv_bias, pool, hidden, bn1d, towers, mode)
                if r is None:
                    continue
                cfg = (fam, cin, hw, bn2d, conv_bias, pool, hidden, bn1d, towers, mode)
                rows.append((r[0], r[1], cfg))
    return rows


# ---- PyTorch verification (meta device) -------------------------------------------------------

def build_torch(cfg, classes=528):
    import torch
    from torch import nn
    fam, cin, hw, bn2d, conv_bias, pool, hidden, bn1d, towers, mode = cfg
    trunk = (ALEX | VGG)[fam]
    layers, c = [], cin
    for op in trunk:
        if op[0] == "conv":
            _, cout, k, s, p, g = op
            layers.append(nn.Conv2d(c, cout, k, s, p, groups=g, bias=conv_bias or not bn2d))
            if bn2d:
                layers.append(nn.BatchNorm2d(cout))
            layers.append(nn.ReLU())
            c = cout
        else:
            layers.append(nn.MaxPool2d(op[1], op[2]))
    if pool:
        layers.append(nn.AdaptiveAvgPool2d(pool))
    layers.append(nn.Flatten())
    features = nn.Sequential(*layers)
    with torch.no_grad():
        n_feat = features(torch.zeros(1, cin, *hw, device="meta")).shape[1]

    def dense(outs):
        mods, n_in = [], n_feat
        for i, o in enumerate(outs):
            mods.append(nn.Linear(n_in, o))
            if i < len(outs) - 1:
                if bn1d:
                    mods.append(nn.BatchNorm1d(o))
                mods += [nn.ReLU(), nn.Dropout(0.5)]
            n_in = o
        return nn.Sequential(*mods)

    if towers:
        heads = nn.ModuleList([dense([hidden, hidden, k]) for k in DUAL])
    else:
        heads = nn.ModuleList([dense([hidden, hidden, classes])])
    return nn.ModuleDict({"features": features, "heads": heads})


def torch_count(model, mode):
    n = sum(p.numel() for p in model.parameters())
    for name, b in model.named_buffers():
        if name.endswith("num_batches_tracked"):
            n += b.numel() if mode == "+stats+nbt" else 0
        elif mode != "trainable":
            n += b.numel()
    return n


def verify(cfg, expected):
    import torch
    with torch.device("meta"):
        model = build_torch(cfg)
    got = torch_count(model, cfg[-1])
    assert got == expected, f"{cfg}: torch {got} != arithmetic {expected}"
    return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    best = {}
    for net, fams in (("alexnet", ALEX), ("vgg16", VGG)):
        target = STUDY[net]
        rows = sorted(search(fams), key=lambda r: (abs(r[0] - target), r[0]))
        best[net] = rows
        print(f"\n{net}: study {target:,}; melshard now {CURRENT[net]:,} "
              f"({CURRENT[net] - target:+,}); {len(rows)} candidates")
        print(f"{'#':>3} {'count':>13} {'diff':>12}  {'map':>12}  configuration")
        for i, (n, fmap, cfg) in enumerate(rows[:args.top], 1):
            print(f"{i:>3} {n:>13,} {n - target:>+12,}  {'x'.join(map(str, fmap)):>12}  "
                  f"{describe(*cfg)}")
        if not args.no_verify:
            for n, _, cfg in rows[:min(args.top, 10)]:
                verify(cfg, n)
            print(f"    (top {min(args.top, 10)} rows rebuilt in torch on the meta device: counts agree)")

    print("\nSingle-task counts (61 / 467 / 528 classes) of the closest non-tower rows:")
    for net in ("alexnet", "vgg16"):
        shown = 0
        for n, _, cfg in best[net]:
            if cfg[8]:
                continue
            fam, cin, hw, bn2d, conv_bias, pool, hidden, bn1d, towers, mode = cfg
            counts = [count((ALEX | VGG)[fam], cin, hw, bn2d, conv_bias, pool, hidden, bn1d,
                            False, mode, k)[0] for k in (61, 467, 528)]
            print(f"  {net}: {' / '.join(f'{c:,}' for c in counts)}  ({describe(*cfg)})")
            shown += 1
            if shown == 3:
                break
    # melshard's current readings, for reference
    for net, fam in (("alexnet", "alexnet-torchvision"), ("vgg16", "vgg16")):
        counts = [count((ALEX | VGG)[fam], 1, (128, 128), True, True, 6 if net == "alexnet" else 7,
                        4096, False, False, "trainable", k)[0] for k in (61, 467, 528)]
        print(f"  {net} (melshard now): {' / '.join(f'{c:,}' for c in counts)}")


if __name__ == "__main__":
    main()
