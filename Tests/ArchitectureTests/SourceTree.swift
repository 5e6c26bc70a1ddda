import Foundation

/// The project's own Swift files, read as text, for the tests that keep the architecture true.
struct SourceTree {
    struct File {
        /// The path from the repository root, e.g. `Sources/Build/Engine/UnitRunner.swift`.
        var path: String
        var text: String
        /// `Sources/<module>/...` gives the module; nil for tests.
        var module: String? {
            let parts = path.split(separator: "/")
            return parts.count > 2 && parts[0] == "Sources" ? String(parts[1]) : nil
        }
        var imports: Set<String> {
            var names: Set<String> = []
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                // `import X`, `@testable import X`, `public import X`, `import struct X.Y`.
                guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                    words[..<at].allSatisfy({ $0.hasPrefix("@") || ["public", "internal", "package"].contains($0) })
                else { continue }
                let named =
                    ["struct", "class", "enum", "func", "var", "protocol", "typealias"].contains(words[at + 1])
                    ? words[min(at + 2, words.count - 1)] : words[at + 1]
                names.insert(String(named.split(separator: ".")[0]))
            }
            return names
        }
    }

    let root: URL
    let files: [File]

    init() throws {
        root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var files: [File] = []
        for folder in ["Sources", "Tests"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in walker where url.pathExtension == "swift" {
                let relative = String(url.path.dropFirst(root.path.count + 1))
                files.append(File(path: relative, text: try String(contentsOf: url, encoding: .utf8)))
            }
        }
        self.files = files.sorted { $0.path < $1.path }
    }

    var sources: [File] { files.filter { $0.path.hasPrefix("Sources/") } }

    /// The Swift modules under `Sources/` (the C shims have no Swift files).
    var modules: Set<String> { Set(sources.compactMap(\.module)) }

    /// The C modules: system-library targets (folders of `Sources/` with a `module.modulemap`)
    /// and C targets (with an `include/` folder of headers).
    var cModules: Set<String> {
        let base = root.appendingPathComponent("Sources")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        return Set(
            names.filter {
                FileManager.default.fileExists(atPath: base.appendingPathComponent("\($0)/module.modulemap").path)
                    || FileManager.default.fileExists(atPath: base.appendingPathComponent("\($0)/include").path)
            })
    }
}
