/// One state tensor an optimiser keeps for one parameter (`features.0.weight.exp_avg`).
///
/// A class so that an update can hold several slots of the same parameter open for writing at
/// once (`exp_avg` and `exp_avg_sq`) without two accesses to one array overlapping.
final class OptimizerSlot {
    /// The checkpoint name: the parameter's `state_dict` name, a dot, and PyTorch's slot name.
    let name: String
    let shape: [Int]
    var values: [Float]

    init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
        self.values = [Float](repeating: 0, count: shape.reduce(1, *))
    }
}

/// The state of an optimiser: for each parameter it was made for, in that order, one
/// `OptimizerSlot` per slot name, and the step count. Shared by `SGD` and `Adam`.
struct OptimizerSlots {
    /// The parameters' names, in the order `step` must receive them.
    let parameterNames: [String]
    /// `slots[p][s]`: parameter `p`'s slot named `slotNames[s]`.
    let slots: [[OptimizerSlot]]
    /// How many updates have been made (PyTorch's per-parameter `step`, the same for every
    /// parameter here); the optimiser adds one at the end of each `step`.
    var stepCount = 0

    init(parameters: [NamedParameter], slotNames: [String]) {
        precondition(Set(parameters.map(\.name)).count == parameters.count, "two parameters share a name")
        parameterNames = parameters.map(\.name)
        slots = parameters.map { p in
            slotNames.map { OptimizerSlot(name: "\(p.name).\($0)", shape: p.parameter.value.shape) }
        }
    }

    /// Checks that `step` got the parameters this optimiser was made for: the same names in the
    /// same order. A mismatch is a programming error (the trainer passes `network.trainable`).
    func checkParameters(_ parameters: [NamedParameter]) {
        precondition(
            parameters.count == parameterNames.count,
            "optimiser made for \(parameterNames.count) parameters was given \(parameters.count)")
        for (p, name) in zip(parameters, parameterNames) {
            precondition(p.name == name, "optimiser expected parameter \(name), got \(p.name)")
            precondition(p.parameter.role == .trainable, "\(p.name) is not trainable")
            precondition(p.parameter.gradient.count == p.parameter.value.count, "\(p.name): gradient size")
        }
    }

    /// Every slot, parameter by parameter, slot names in the order given at `init`.
    func tensors() -> [(name: String, tensor: Tensor)] {
        slots.flatMap { $0.map { ($0.name, Tensor(shape: $0.shape, values: $0.values)) } }
    }

    /// Copies `tensors` into the slots and sets the step count, all or nothing: the count must
    /// not be negative, every slot must be present with its parameter's shape, and no other name
    /// may appear.
    mutating func restore(_ tensors: [String: Tensor], stepCount: Int) throws(OptimizerStateError) {
        guard stepCount >= 0 else {
            throw OptimizerStateError(name: "step", reason: "negative step count \(stepCount)")
        }
        let all = slots.joined()
        for slot in all {
            guard let tensor = tensors[slot.name] else {
                throw OptimizerStateError(name: slot.name, reason: "missing from the checkpoint")
            }
            guard tensor.shape == slot.shape else {
                let (got, expected) = (tensor.shape.shapeDescription, slot.shape.shapeDescription)
                throw OptimizerStateError(
                    name: slot.name,
                    reason: "shape \(got) does not match the parameter's \(expected)")
            }
        }
        if tensors.count != all.count {
            let known = Set(all.map(\.name))
            let unknown = tensors.keys.filter { !known.contains($0) }.sorted()
            throw OptimizerStateError(name: unknown.first ?? "", reason: "is not a state slot of this optimiser")
        }
        for slot in all { slot.values = tensors[slot.name]!.values }
        self.stepCount = stepCount
    }
}
