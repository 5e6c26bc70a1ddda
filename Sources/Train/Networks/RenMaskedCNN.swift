import MelshardCore
import NN

/// Study 002's (Ren) masked CNN: the base CNN (`RenBaseCNN`) with the masking layer of Zhang, Wu
/// and Zhu's interpretable CNNs (`PartTemplateMask`) after the last conv layer's ReLU.
///
/// The study set out to implement that paper, kept its masking function and dropped its loss
/// ("we were still able to implement the masking function"); the paper masks its top conv
/// layer, the one whose filters it makes interpretable, so the mask sits after conv 3, before
/// the output layer. It keeps each of the 64 feature maps near its strongest activation
/// (β = 4, the paper's value), which is what the study's auralised feature maps show.
///
/// Input [N, 1, 128, 1292], as the base CNN. Parameters for 10 classes: 5,772,234, all
/// trainable, the base CNN's: the mask has no tensors, so the two networks share one
/// `state_dict` and a checkpoint of either loads into the other.
///
/// The same module in PyTorch (`RenMasked` in `scripts/bench/torch_train.py`, `RenBase` with
/// `masked=True`), with identical `state_dict` names:
/// ```python
/// # RenBase's layers, and self.mask = PartTemplateMask(beta=4)   (no state)
/// # forward: x = pool1(relu(conv1(x))); x = pool2(relu(conv2(x))); x = mask(relu(conv3(x)))
/// #          return out(flatten(x, 1))
/// ```
enum RenMaskedCNN {
    static func make(inputShape: [Int], classes: Int, random: inout SeededRandom) -> Network {
        Network(
            name: "ren-masked", inputShape: inputShape,
            root: RenBaseCNN.layers(inputShape: inputShape, classes: classes, masked: true, random: &random))
    }
}
