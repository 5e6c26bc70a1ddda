import NN

/// A network's layers in the order its forward pass runs them, each with its `state_dict` path
/// (`features.12`), so that a pass can be stopped after any of them and resumed from there.
///
/// Nested `Sequential`s are opened: their forward pass is their children's, one after another,
/// so running the chain's links in order is the network's forward pass, value for value. Any
/// other container (`Concatenate`'s branches) is one link: a layer inside a branch is not on
/// the main path, and nothing can be cut there.
public struct LayerChain {
    /// One layer of the chain.
    public struct Link {
        /// The layer's path in the `state_dict` (`features.12`), without a trailing dot.
        public let path: String
        public let layer: any Layer
    }

    public let links: [Link]

    public init(_ root: any Layer) {
        var links: [Link] = []
        func open(_ layer: any Layer, path: String) {
            if let sequential = layer as? Sequential {
                for child in sequential.children {
                    open(child.layer, path: path.isEmpty ? child.name : path + "." + child.name)
                }
            } else {
                links.append(Link(path: path, layer: layer))
            }
        }
        open(root, path: "")
        self.links = links
    }

    /// The index of the link at `path`.
    ///
    /// - Throws: `LesionError.unknownLayer` listing the paths there are, or
    ///   `.layerOffMainPath` when `path` names a layer inside a branch.
    public func index(of path: String) throws(LesionError) -> Int {
        if let i = links.firstIndex(where: { $0.path == path }) { return i }
        if let outer = links.first(where: { path.hasPrefix($0.path + ".") }) {
            throw .layerOffMainPath(layer: path, container: outer.path, kind: outer.layer.kind)
        }
        throw .unknownLayer(path, known: links.map(\.path))
    }

    /// Runs links `range` (`start..<end`) on `x`: `forward(x, 0..<links.count)` is the network's
    /// forward pass.
    public func forward(_ x: Tensor, _ range: Range<Int>, _ context: ForwardContext) -> Tensor {
        links[range].reduce(x) { $1.layer.forward($0, context) }
    }
}
