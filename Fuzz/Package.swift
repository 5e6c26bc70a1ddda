// swift-tools-version: 6.1
import PackageDescription

/// The libFuzzer targets (docs/fuzzing.md). A package of its own, so that the sanitizer flags
/// never touch the main build: `make fuzz` builds it with `--sanitize=fuzzer --sanitize=address`
/// into `.build-fuzz`. The entry points in `Sources/Entries/` are also compiled into the root package's
/// `FuzzTests`, which replays every seed and crash without sanitizers in `make test`.
let melshard = "melshard"

let package = Package(
    name: "melshard-fuzz",
    dependencies: [.package(name: melshard, path: "..")],
    targets: [
        .target(
            name: "FuzzEntries",
            dependencies: [
                .product(name: "TOML", package: melshard), .product(name: "Recipe", package: melshard),
                .product(name: "Ingest", package: melshard), .product(name: "Safetensors", package: melshard),
                .product(name: "Train", package: melshard),
            ],
            path: "Sources/Entries")
    ]
        + ["recipe", "manifest", "safetensors", "dataset-card"].map { name in
            .executableTarget(
                name: "fuzz-" + name, dependencies: ["FuzzEntries"], path: "Targets/" + name,
                swiftSettings: [.unsafeFlags(["-parse-as-library"])])
        }
)
