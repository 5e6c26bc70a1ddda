// swift-tools-version: 6.1
import PackageDescription

/// C libraries come from Debian's -dev packages (scripts/bootstrap installs them).
/// Each one is reached through a header-only system-library target and wrapped once,
/// in one small Swift target; no stage module imports a C module directly.
func systemLibrary(_ name: String, pkgConfig: String? = nil, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "melshard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "melshard", targets: ["melshard"]),
        // The parsers of shared files, for the fuzz targets in Fuzz/ (a package of its own).
        .library(name: "TOML", targets: ["TOML"]),
        .library(name: "Recipe", targets: ["Recipe"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Safetensors", targets: ["Safetensors"]),
        .library(name: "Train", targets: ["Train"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C libraries: module maps and shim headers only.
        systemLibrary("CSndFile", pkgConfig: "sndfile", apt: "libsndfile1-dev"),
        systemLibrary("CSoxr", pkgConfig: "soxr", apt: "libsoxr-dev"),
        systemLibrary("CSampleRate", pkgConfig: "samplerate", apt: "libsamplerate0-dev"),
        systemLibrary("CFFTW", pkgConfig: "fftw3", apt: "libfftw3-dev"),
        systemLibrary("CBLAS", pkgConfig: "openblas", apt: "libopenblas-dev"),
        systemLibrary("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("CPNG", pkgConfig: "libpng", apt: "libpng-dev"),
        systemLibrary("CEspeakNG", pkgConfig: "espeak-ng", apt: "libespeak-ng-dev"),
        systemLibrary("CPocketSphinx", pkgConfig: "pocketsphinx", apt: "libpocketsphinx-dev"),

        // One Swift wrapper per C library.
        .target(name: "SoundFile", dependencies: ["CSndFile"]),
        .target(name: "Soxr", dependencies: ["CSoxr"]),
        .target(name: "SampleRate", dependencies: ["CSampleRate"]),
        .target(name: "FFT", dependencies: ["CFFTW"]),
        .target(name: "BLAS", dependencies: ["CBLAS"]),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "PNG", dependencies: ["CPNG"]),
        .target(name: "EspeakNG", dependencies: ["CEspeakNG"]),
        .target(name: "PocketSphinx", dependencies: ["CPocketSphinx"]),

        // melshard's own C: vector instructions chosen at run time (CPUID), which Swift cannot emit
        // for one function without tying the whole binary to one CPU. Wrapped once, by HostCPU.
        .target(name: "CHostCPU"),
        .target(name: "HostCPU", dependencies: ["CHostCPU"]),

        // File formats melshard reads and writes, in pure Swift.
        .target(name: "TOML"),
        .target(name: "Safetensors"),

        // What every stage shares.
        .target(name: "MelshardCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),

        // The recipe, and the index: every SQLite file melshard writes (index.sqlite, and a run's metrics.sqlite).
        .target(name: "Recipe", dependencies: ["TOML", "FeatureSettings", "TrainSettings"]),
        .target(name: "Index", dependencies: ["SQLite", "MelshardCore"]),

        // Stages.
        .target(
            name: "AudioDSP",
            dependencies: [
                "FeatureSettings", "MelshardCore", "SoundFile", "Soxr", "SampleRate", "FFT",
            ]),

        .target(
            name: "Ingest",
            dependencies: [
                "MelshardCore", "Recipe", "AudioDSP", "FeatureSettings", "SoundFile",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "Balance", dependencies: ["MelshardCore", "Recipe"]),
        // Word spans inside sentence recordings, and the benchmark corpus that measures them.
        .target(
            name: "Align",
            dependencies: [
                "MelshardCore", "AudioDSP", "FeatureSettings", "SoundFile", "Soxr", "EspeakNG", "PocketSphinx",
            ]),

        // The build engine: runs the stages as units of work with content keys.
        .target(
            name: "Build",
            dependencies: [
                "MelshardCore", "Recipe", "Index", "Ingest", "Align", "Balance", "AudioDSP", "FeatureSettings",
                "Safetensors", "HostCPU",
            ]),

        // Training: tensors and kernels in forward/backward pairs (NN), and runs on shards (Train).
        // Kernels are compiled optimised even in debug builds: the tests train real networks, and
        // unoptimised Swift loops run them about 50 times slower. -fno-math-errno lets sqrtf vectorise.
        .target(
            name: "NN", dependencies: ["BLAS", "MelshardCore"],
            swiftSettings: [.unsafeFlags(["-O", "-Xcc", "-fno-math-errno"])]),
        .target(name: "TrainSettings"),
        // What features to compute (FeatureParameters, presets, options): shared by Recipe and AudioDSP.
        .target(name: "FeatureSettings"),
        .target(
            name: "Train",
            dependencies: ["NN", "TrainSettings", "BLAS", "Safetensors", "Index", "MelshardCore", "HostCPU"]),
        // The studies' measurements on a trained run (`melshard evaluate`).
        .target(
            name: "Evaluate",
            dependencies: [
                "Train", "NN", "TrainSettings", "Safetensors", "AudioDSP", "FeatureSettings", "FFT", "MelshardCore",
            ],
            path: "Sources/Evaluate"),

        // Side-by-side benchmarks (`melshard bench`).
        .target(
            name: "Benchmarks",
            dependencies: [
                "AudioDSP", "FeatureSettings", "SoundFile", "MelshardCore", "Build", "NN", "Train", "TrainSettings",
                "BLAS", "HostCPU",
            ]),

        // Pictures of a build (`melshard inspect`, `melshard report`) and the demo corpus (`melshard demo`).
        .target(name: "Pictures", dependencies: ["PNG", "Index", "Safetensors", "AudioDSP", "FeatureSettings"]),
        .target(
            name: "Demo",
            dependencies: ["MelshardCore", "SoundFile", "Ingest", "Recipe", "Build", "Index", "Train", "TrainSettings"]),

        // The command-line interface: a library of subcommands and a thin executable.
        .target(
            name: "MelshardCommands",
            dependencies: [
                "MelshardCore", "AudioDSP", "FeatureSettings", "Benchmarks", "Build", "Recipe", "Align", "Pictures",
                "Demo", "Train", "TrainSettings", "Evaluate", "BLAS", "HostCPU",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "melshard", dependencies: ["MelshardCommands"]),

        // Tests, one target per module, next to nothing in ../shared.
        .target(name: "TestSupport", dependencies: ["MelshardCore", "SoundFile"], path: "Tests/TestSupport"),
        .testTarget(name: "SoundFileTests", dependencies: ["SoundFile", "MelshardCore", "TestSupport"]),
        .testTarget(
            name: "ResamplerTests", dependencies: ["Soxr", "SampleRate", "AudioDSP", "FeatureSettings", "TestSupport"]),
        .testTarget(name: "FFTTests", dependencies: ["FFT", "TestSupport"]),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "TestSupport"]),
        .testTarget(name: "TOMLTests", dependencies: ["TOML", "TestSupport"]),
        .testTarget(name: "SafetensorsTests", dependencies: ["Safetensors", "TestSupport"]),
        .testTarget(name: "MelshardCoreTests", dependencies: ["MelshardCore", "TestSupport"]),
        .testTarget(
            name: "AudioDSPTests", dependencies: ["AudioDSP", "FeatureSettings", "TestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "RecipeTests",
            dependencies: ["Recipe", "AudioDSP", "FeatureSettings", "TrainSettings", "TestSupport"]),
        .testTarget(name: "IndexTests", dependencies: ["Index", "SQLite", "TestSupport"]),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "Recipe", "Build", "Index", "SQLite", "MelshardCore", "SoundFile", "TestSupport"]),
        .testTarget(
            name: "AlignTests",
            dependencies: [
                "Align", "EspeakNG", "PocketSphinx", "AudioDSP", "FeatureSettings", "SoundFile", "MelshardCore",
                "TestSupport",
            ]),
        .testTarget(name: "BalanceTests", dependencies: ["Balance", "Recipe", "MelshardCore", "TestSupport"]),
        .testTarget(
            name: "BuildTests",
            dependencies: [
                "Build", "AudioDSP", "FeatureSettings", "Recipe", "Index", "SQLite", "Safetensors", "MelshardCore",
                "SoundFile", "TestSupport",
            ],
            exclude: ["check_shards.py"]),
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "FeatureSettingsTests", dependencies: ["FeatureSettings"]),
        .testTarget(name: "TrainSettingsTests", dependencies: ["TrainSettings"]),
        .testTarget(
            name: "MelshardCommandsTests",
            dependencies: [
                "MelshardCommands", "MelshardCore", "SoundFile", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "PNGTests", dependencies: ["PNG", "TestSupport"]),
        .testTarget(
            name: "PicturesTests", dependencies: ["Pictures", "PNG", "AudioDSP", "FeatureSettings", "TestSupport"]),
        .testTarget(name: "EspeakNGTests", dependencies: ["EspeakNG"]),
        .testTarget(
            name: "PocketSphinxTests", dependencies: ["PocketSphinx", "SoundFile"], exclude: ["Fixtures"]),
        .testTarget(name: "BLASTests", dependencies: ["BLAS"]),
        .testTarget(name: "HostCPUTests", dependencies: ["HostCPU"]),
        .testTarget(
            name: "BenchmarksTests",
            dependencies: [
                "Benchmarks", "AudioDSP", "FeatureSettings", "Build", "SoundFile", "TestSupport",
            ]),
        .testTarget(
            name: "NNTests", dependencies: ["NN", "BLAS", "MelshardCore", "Safetensors", "TestSupport"],
            exclude: ["Golden"]),
        .testTarget(
            name: "TrainTests",
            dependencies: [
                "Train", "TrainSettings", "NN", "Safetensors", "SQLite", "SoundFile", "BLAS", "MelshardCore",
                "TestSupport",
            ],
            exclude: [
                "Networks/state_dict_shapes.json", "Networks/small_networks.safetensors",
                "Interchange/network_step.safetensors",
            ]),
        .testTarget(
            name: "EvaluateTests",
            dependencies: [
                "Evaluate", "Train", "TrainSettings", "NN", "Safetensors", "PNG", "AudioDSP", "FeatureSettings", "FFT",
                "MelshardCore", "TestSupport",
            ],
            exclude: ["sklearn_metrics.py"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Recipe", "Ingest", "PNG", "TestSupport"]),
        // The fuzz targets' entry points, replayed on every committed seed and crash (docs/fuzzing.md).
        .testTarget(
            name: "FuzzTests", dependencies: ["TOML", "Recipe", "Ingest", "Safetensors", "Train"], path: "Fuzz/Sources",
            sources: ["Entries", "Regression"]),
    ]
)
