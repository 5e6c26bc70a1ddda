import MelshardCore
import NN

/// Study 001's (Lu) "1D convolutional with grouping" model: the 2-D model's layout with the
/// convolutions made temporal and grouped, so that each of 8 groups of frequency bands gets its
/// own filters (the study's stand-in for a layer convolutional in time and locally connected in
/// frequency), and wider dense layers to keep the parameter count near the 2-D model's.
///
/// Input [N, 1, 32, 32] (bands × frames; the study resizes its cochleagrams to 32 × 32 as for
/// the 2-D model). Layers, as supplementary Table 3 lists them: Keras's input normalisation;
/// a reshape to [N, 32, 32], the bands becoming channels and the frames the sequence; grouped
/// 1-D convolutions of kernel 3 (8 groups, valid) to 128 and 512 channels (30, then 28 steps),
/// each with ReLU; a reshape to [N, 1, 512, 28] and a 2 × 2 max-pool to [N, 1, 256, 14] (the
/// Keras model reshapes to (28, 512, 1) and applies `MaxPooling2D`, which halves time and pairs
/// of adjacent channels); dropout 0.25; dense 3584 → 512, ReLU, dropout 0.5; the output layer.
///
/// Parameters for 8 classes: 1,866,379, as the study states, of which 1,866,376 trainable and 3
/// the normalisation's (`norm.mean`, `norm.variance`, `norm.count`, buffers): 3 + 1664 + 25,088
/// + 1,835,520 + 4104. Every per-layer figure of Table 3 checks; its normalisation holds Keras's
/// own `Normalization` state, so this network uses `KerasNormalization`'s `.adapted` form (the
/// 2-D model's table instead counts a trainable affine: `Lu2DCNN`). Dropout rates are the 2-D
/// model's (the study: "the same architecture as the 2D model"). Keras flattens the pooled map
/// (time, channel); PyTorch and melshard flatten (channel, time): the same dense layer with its
/// input rows permuted. In general, for bands B (a multiple of 8) and frames T:
/// 3 + (48 · B + 128) + 25,088 + 512 · (256 · ⌊(T − 4) / 2⌋ + 1) + 513 · C.
///
/// The same module in PyTorch (`LuGrouped1D` in `scripts/bench/torch_train.py`), with identical
/// `state_dict` names:
/// ```python
/// self.norm = InputNormalization(1, affine=False)   # buffers mean, variance, count
/// self.conv1 = nn.Conv1d(32, 128, 3, groups=8)
/// self.conv2 = nn.Conv1d(128, 512, 3, groups=8)
/// self.pool = nn.MaxPool2d(2)
/// self.drop1 = nn.Dropout(0.25)
/// self.fc1 = nn.Linear(256 * 14, 512)
/// self.drop2 = nn.Dropout(0.5)
/// self.fc2 = nn.Linear(512, classes)
/// # forward: x = norm(x).reshape(N, 32, 32); x = relu(conv2(relu(conv1(x))))
/// #          x = drop1(pool(x.unsqueeze(1))); x = drop2(relu(fc1(flatten(x, 1)))); return fc2(x)
/// ```
enum LuGrouped1DCNN {
    /// The frequency groups of both convolutions, as the study states.
    static let groups = 8

    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        let (channels, bands, frames) = (inputShape[0], inputShape[1], inputShape[2])
        let steps = frames - 4
        let root = Sequential(named: [
            ("norm", KerasNormalization(channels: channels, form: .adapted)),
            ("bands", Reshape([channels * bands, frames])),
            ("conv1", Conv1D(channels * bands, 128, kernel: 3, groups: groups, random: &random)),
            ("relu1", ReLU()),
            ("conv2", Conv1D(128, 512, kernel: 3, groups: groups, random: &random)),
            ("relu2", ReLU()),
            ("plane", Reshape([1, 512, steps])),
            ("pool", MaxPool2D(kernel: (2, 2))),
            ("drop1", Dropout(p: 0.25)),
            ("flatten", Flatten()),
            ("fc1", Linear(256 * (steps / 2), 512, random: &random)),
            ("relu3", ReLU()),
            ("drop2", Dropout(p: 0.5)),
            ("fc2", Linear(512, classes, random: &random)),
        ])
        return Network(name: "lu-grouped-1d", inputShape: inputShape, root: root)
    }
}
