/// The sizes of one 2-D convolution: what `im2col`, `col2im` and the `conv2d*` kernels share.
///
/// Input x is `[batch, inChannels, height, width]`, weight `[outChannels, inChannels / groups,
/// kernelHeight, kernelWidth]`, output y `[batch, outChannels, outputHeight, outputWidth]`, all
/// row-major float32 as PyTorch lays them out. Padding may differ on each side (PyTorch's
/// `padding='same'` with an even kernel pads one more on the bottom and right); padded cells
/// read as zero. Output sizes follow PyTorch: `(height + padTop + padBottom − kernelHeight) /
/// strideHeight + 1`, rounded down.
public struct Conv2DGeometry: Sendable, Equatable {
    public var batch: Int
    public var inChannels: Int
    public var height: Int
    public var width: Int
    public var outChannels: Int
    public var groups: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideHeight: Int
    public var strideWidth: Int
    public var padTop: Int
    public var padLeft: Int
    public var padBottom: Int
    public var padRight: Int

    public init(
        batch: Int, inChannels: Int, height: Int, width: Int, outChannels: Int, groups: Int = 1,
        kernel: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: (top: Int, left: Int, bottom: Int, right: Int) = (0, 0, 0, 0)
    ) {
        precondition(
            groups >= 1 && inChannels % groups == 0 && outChannels % groups == 0,
            "channels \(inChannels) → \(outChannels) do not divide into \(groups) groups")
        precondition(kernel.0 >= 1 && kernel.1 >= 1 && stride.0 >= 1 && stride.1 >= 1)
        precondition(padding.top >= 0 && padding.left >= 0 && padding.bottom >= 0 && padding.right >= 0)
        self.batch = batch
        self.inChannels = inChannels
        self.height = height
        self.width = width
        self.outChannels = outChannels
        self.groups = groups
        self.kernelHeight = kernel.0
        self.kernelWidth = kernel.1
        self.strideHeight = stride.0
        self.strideWidth = stride.1
        self.padTop = padding.top
        self.padLeft = padding.left
        self.padBottom = padding.bottom
        self.padRight = padding.right
    }

    public var outputHeight: Int { (height + padTop + padBottom - kernelHeight) / strideHeight + 1 }
    public var outputWidth: Int { (width + padLeft + padRight - kernelWidth) / strideWidth + 1 }
    /// Output positions per channel and sample: outputHeight × outputWidth.
    public var outputPlane: Int { outputHeight * outputWidth }
    public var inputPlane: Int { height * width }
    /// Input channels seen by one output channel: inChannels / groups.
    public var groupInChannels: Int { inChannels / groups }
    public var groupOutChannels: Int { outChannels / groups }
    /// Rows of one group's column matrix, and the length of one output channel's weights:
    /// groupInChannels × kernelHeight × kernelWidth.
    public var patchSize: Int { groupInChannels * kernelHeight * kernelWidth }
    public var inputCount: Int { batch * inChannels * inputPlane }
    public var outputCount: Int { batch * outChannels * outputPlane }
    public var weightCount: Int { outChannels * patchSize }
    public var inputShape: [Int] { [batch, inChannels, height, width] }
    public var outputShape: [Int] { [batch, outChannels, outputHeight, outputWidth] }
    public var weightShape: [Int] { [outChannels, groupInChannels, kernelHeight, kernelWidth] }

    /// The same convolution over `batch` samples.
    public func with(batch: Int) -> Conv2DGeometry {
        var copy = self
        copy.batch = batch
        return copy
    }
}
