/// Branches applied to the same input, their outputs concatenated along dimension 1, as
/// `torch.cat([branch(x) for branch in branches], dim=1)` in a module's `forward`.
///
/// Study 004's time-frequency net runs a time branch and a frequency branch on the same
/// spectrogram, flattens each and concatenates them (`[N, F₁]` and `[N, F₂]` → `[N, F₁ + F₂]`).
/// Any rank works: branch outputs `[N, Cᵢ, …]` must agree on every dimension but 1.
/// Children are named as the caller gives (`time`, `frequency`), so the `state_dict` names are
/// `time.0.weight` and so on, as PyTorch attributes of those names give. Backward splits dL/dy
/// into each branch's part, back-propagates each (branches in order), and sums their dL/dx.
public final class Concatenate: Layer {
    public let branches: [(name: String, layer: any Layer)]
    /// Per-example sizes (Cᵢ · …) of each branch's output in the last forward.
    private var blockSizes = [Int]()
    private var branchShapes = [[Int]]()

    public init(_ branches: [(name: String, layer: any Layer)]) {
        precondition(!branches.isEmpty, "Concatenate needs at least one branch")
        precondition(Set(branches.map(\.name)).count == branches.count, "Concatenate branch names must differ")
        self.branches = branches
    }

    public var kind: String { "Concatenate(\(branches.map(\.name).joined(separator: ", ")), dim=1)" }

    public var children: [(name: String, layer: any Layer)] { branches }

    public func outputShape(for input: [Int]) throws(ShapeError) -> [Int] {
        var shapes = [[Int]]()
        for (name, layer) in branches {
            do {
                shapes.append(try layer.outputShape(for: input))
            } catch var error {
                error.layer = error.layer.isEmpty ? name : "\(name).\(error.layer)"
                throw error
            }
        }
        return try Self.concatenatedShape(shapes, names: branches.map(\.name), kind: kind, input: input)
    }

    static func concatenatedShape(
        _ shapes: [[Int]], names: [String], kind: String,
        input: [Int]
    ) throws(ShapeError) -> [Int] {
        let first = shapes[0]
        guard first.count >= 2 else {
            throw ShapeError(
                kind: kind, input: input,
                reason: "branch \(names[0]) gives \(first.shapeDescription), which has no dimension 1")
        }
        for (shape, name) in zip(shapes, names).dropFirst() {
            guard shape.count == first.count, shape[0] == first[0],
                Array(shape.dropFirst(2)) == Array(first.dropFirst(2))
            else {
                throw ShapeError(
                    kind: kind, input: input,
                    reason: "branch \(name) gives \(shape.shapeDescription) but branch \(names[0]) gives "
                        + "\(first.shapeDescription); they must agree on every dimension but 1")
            }
        }
        var shape = first
        shape[1] = shapes.reduce(0) { $0 + $1[1] }
        return shape
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let outputs = branches.map { $0.layer.forward(x, context) }
        branchShapes = outputs.map(\.shape)
        let shape: [Int]
        do {
            shape = try Self.concatenatedShape(branchShapes, names: branches.map(\.name), kind: kind, input: x.shape)
        } catch { preconditionFailure("\(error)") }
        let n = shape[0]
        blockSizes = outputs.map { $0.count / max(n, 1) }
        let total = blockSizes.reduce(0, +)
        return Tensor.filling(shape) { y in
            var offset = 0
            for (output, block) in zip(outputs, blockSizes) {
                output.values.withUnsafeBufferPointer { ob in
                    for i in 0..<n {
                        (y.baseAddress! + i * total + offset).update(from: ob.baseAddress! + i * block, count: block)
                    }
                }
                offset += block
            }
        }
    }

    public func backward(_ dy: Tensor, _ context: ForwardContext, needsInputGradient: Bool) -> Tensor? {
        let total = blockSizes.reduce(0, +)
        let n = branchShapes[0][0]
        precondition(dy.count == n * total, "\(kind): dy \(dy.shape.shapeDescription) does not match the forward")
        var sum: Tensor?
        var offset = 0
        for (b, branch) in branches.enumerated() {
            let block = blockSizes[b]
            // This branch's slice of dy: `[N, Cᵢ, …]`, copied out of every example's row.
            let part = dy.values.withUnsafeBufferPointer { db in
                Tensor.filling(branchShapes[b]) { p in
                    for i in 0..<n {
                        (p.baseAddress! + i * block).update(from: db.baseAddress! + i * total + offset, count: block)
                    }
                }
            }
            offset += block
            let dx = branch.layer.backward(part, context, needsInputGradient: needsInputGradient)
            guard let dx else { continue }
            guard var accumulated = sum else {
                sum = dx
                continue
            }
            precondition(accumulated.shape == dx.shape, "\(kind): branch \(branch.name) gives dL/dx of another shape")
            sum = nil  // so `accumulated` holds the only reference and is updated in place
            accumulated.values.withUnsafeMutableBufferPointer { s in
                dx.values.withUnsafeBufferPointer { d in
                    for i in 0..<d.count { s[i] += d[i] }
                }
            }
            sum = accumulated
        }
        return needsInputGradient ? sum : nil
    }
}
