import Foundation
import Safetensors
import TestSupport
import Testing

/// The official implementation reads what we write, and we read what it writes.
@Suite struct PythonInteropTests {
    let directory = TemporaryDirectory("safetensors-python")

    /// One line per tensor, `name|dtype|shape|values`, then `__metadata__|<json>`; floats as
    /// Python's shortest round-trip repr, so the comparison below is exact.
    static let describeFile = """
        import json
        from safetensors import safe_open
        from safetensors.numpy import load_file
        tensors = load_file(sys.argv[1])
        for name in sorted(tensors):
            t = tensors[name]
            values = ",".join(repr(v) for v in t.ravel().tolist())
            print(name, t.dtype.name, "x".join(str(d) for d in t.shape), values, sep="|")
        with safe_open(sys.argv[1], "np") as f:
            print("__metadata__|" + json.dumps(f.metadata(), sort_keys=True))
        """

    @Test func numpyLoadsWhatWeWrite() throws {
        let features: [Float] = [0.1, -2.5, 65519, 70000, 1e-8, -0.0, 3.14159, 0x1p-24, 1000.3, -1, 0.5, 2049]
        let tensors: [SafetensorsTensor] = [
            .float16("features", shape: [2, 3, 2], values: features),
            .float32("features32", shape: [1, 2, 2], values: [0.1, -1e30, 0x1p-149, 123.456]),
            .int32("labels", shape: [3], values: [0, -1, .max]),
            .uint8("onehot", shape: [3, 2], values: [1, 0, 0, 1, 255, 7]),
            .int64("clip_ids", shape: [3], values: [.min, 42, .max]),
            .float32("empty", shape: [0, 4], values: []),
        ]
        let metadata = ["note": #"quotes " and \ backslash"#, "ünï": "🎷 日本語\n\u{1}", "preset": "gtzan"]
        let path = directory.file("ours.safetensors")
        try Data(SafetensorsEncoder.encode(tensors, metadata: metadata)).write(to: URL(fileURLWithPath: path))

        let output = try Python.run(Self.describeFile, arguments: [path])
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let metadataLine = try #require(lines.last)
        lines.removeLast()

        func row(_ name: String, _ dtype: String, _ shape: String, _ values: [String]) -> String {
            [name, dtype, shape, values.joined(separator: ",")].joined(separator: "|")
        }
        #expect(lines.count == 6)
        #expect(
            lines.first { $0.hasPrefix("clip_ids|") }
                == row("clip_ids", "int64", "3", ["-9223372036854775808", "42", "9223372036854775807"]))
        #expect(lines.first { $0.hasPrefix("labels|") } == row("labels", "int32", "3", ["0", "-1", "2147483647"]))
        #expect(
            lines.first { $0.hasPrefix("onehot|") } == row("onehot", "uint8", "3x2", ["1", "0", "0", "1", "255", "7"]))
        #expect(lines.first { $0.hasPrefix("empty|") } == row("empty", "float32", "0x4", []))

        // Floats: Python's repr of the stored value must parse to exactly what we stored.
        func floats(_ name: String) throws -> (dtype: String, shape: String, values: [Float]) {
            let fields = try #require(lines.first { $0.hasPrefix(name + "|") }).split(
                separator: "|", omittingEmptySubsequences: false)
            return (
                String(fields[1]), String(fields[2]), fields[3].split(separator: ",").map { Float(Double(String($0))!) }
            )
        }
        let f16 = try floats("features")
        #expect(f16.dtype == "float16" && f16.shape == "2x3x2")
        #expect(f16.values.map(\.bitPattern) == features.map { Float(Float16($0)).bitPattern })
        #expect(f16.values[2] == 65504 && f16.values[3] == .infinity)  // rounding agrees with numpy's
        let f32 = try floats("features32")
        #expect(f32.dtype == "float32" && f32.shape == "1x2x2")
        #expect(f32.values == [0.1, -1e30, 0x1p-149, 123.456])

        let decoded =
            try JSONSerialization.jsonObject(with: Data(metadataLine.dropFirst("__metadata__|".count).utf8))
            as? [String: String]
        #expect(decoded == metadata)
    }

    @Test func weLoadWhatNumpyWrites() throws {
        let path = directory.file("theirs.safetensors")
        _ = try Python.run(
            """
            import numpy as np
            from safetensors.numpy import save_file
            save_file({
                "features": (np.arange(3 * 4 * 5, dtype=np.float32).reshape(3, 4, 5) / 8 - 3).astype(np.float16),
                "spectra": np.array([[-1.5, 0.25, 3.0], [1 / 1024, 65504.0, -0.0]], dtype=np.float32),
                "labels": np.array([0, 7, -2], dtype=np.int32),
                "clip_ids": np.array([2**62, -1, 5], dtype=np.int64),
                "onehot": np.eye(3, 4, dtype=np.uint8),
                "empty": np.zeros((0, 4), dtype=np.float32),
            }, sys.argv[1], metadata={"source": "numpy", "quote": 'a "b" \\u00fc'})
            """, arguments: [path])

        let file = try SafetensorsFile(path: path)
        #expect(file.header.metadata == ["source": "numpy", "quote": #"a "b" ü"#])
        #expect(file.header.entries.map(\.name) == ["clip_ids", "empty", "features", "labels", "onehot", "spectra"])
        #expect(file.header.dataStart % 8 == 0)
        #expect(file.header.entry("features")?.dtype == .f16 && file.header.entry("features")?.shape == [3, 4, 5])
        #expect(try file.floats("features") == (0..<60).map { Float($0) / 8 - 3 })
        #expect(
            try file.floats("spectra").map(\.bitPattern)
                == [-1.5, 0.25, 3.0, 1.0 / 1024, 65504, -0.0].map { Float($0).bitPattern })
        #expect(try file.int32s("labels") == [0, 7, -2])
        #expect(try file.int64s("clip_ids") == [1 << 62, -1, 5])
        #expect(file.header.entry("onehot")?.shape == [3, 4])
        #expect(try file.uint8s("onehot") == [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0])
        #expect(file.header.entry("empty")?.shape == [0, 4])
        #expect(try file.floats("empty") == [])
        #expect(try SafetensorsFile.readHeader(path: path) == file.header)

        // Our encoder lays the same tensors out exactly as the official writer does: same
        // offsets, byte-identical data buffer (only the header's key order differs).
        let ours = try SafetensorsFile(
            bytes: SafetensorsEncoder.encode(
                file.header.entries.map { try file.tensor($0.name) }, metadata: file.header.metadata), path: "ours")
        #expect(ours.header.entries == file.header.entries)
        let theirBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let ourBytes = try SafetensorsEncoder.encode(
            file.header.entries.map { try file.tensor($0.name) }, metadata: file.header.metadata)
        #expect(theirBytes[file.header.dataStart...] == ourBytes[ours.header.dataStart...])
    }
}
