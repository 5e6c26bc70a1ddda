# The project's commands. `make test` is what CI runs (.ci/run).
.PHONY: build test lint format fuzz fuzz-build bench demo example golden

build:
	swift build -c release

# Then a real Slurm (scripts/test-slurm, docs/cluster.md) when its Debian packages are installed
# (scripts/bootstrap installs them): it needs the debug melshard that `swift test` just built.
test: lint
	swift test
	if command -v slurmctld > /dev/null; then scripts/test-slurm; fi

# The formatter ships with the toolchain; .swift-format holds the house settings (4 spaces, 120 columns).
lint:
	swift format lint --strict --recursive --parallel Sources Tests Package.swift Fuzz/Package.swift Fuzz/Sources \
	  Fuzz/Targets

format:
	swift format format --in-place --recursive --parallel Sources Tests Package.swift Fuzz/Package.swift \
	  Fuzz/Sources Fuzz/Targets

# libFuzzer on every parser of shared files (docs/fuzzing.md): FUZZ_SECONDS each (default 60).
# A package of its own (Fuzz/), built with the sanitizers into .build-fuzz so the main build is untouched.
FUZZ_SECONDS ?= 60
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run

# swiftc's -sanitize=fuzzer links libFuzzer but instruments no Swift code for coverage (Swift 6.3.1):
# without -sanitize-coverage libFuzzer would see only the C libraries' edges, never the parsers'.
FUZZ_COVERAGE = -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table
fuzz-build:
	swift build --package-path Fuzz --scratch-path .build-fuzz -c debug --sanitize=fuzzer --sanitize=address \
	  -Xswiftc $(FUZZ_COVERAGE)

# Side-by-side benchmarks against librosa and PyTorch CPU (need `scripts/bootstrap --python`).
bench: build
	.build/release/melshard bench features
	.build/release/melshard bench build
	.build/release/melshard bench ingest
	.build/release/melshard bench train

# The README's main command: `melshard demo` synthesises a GTZAN-style and a Speech-Commands-style
# corpus, builds both with the studies' recipes (shortened) into out/demo, and verifies them.
demo: build
	.build/release/melshard demo --out out/demo

# The older walk-through: features of one generated file, then a folder corpus built with
# manifests/example-folder.toml, its status and its verification.
example: build
	mkdir -p out
	.build/release/melshard example-audio out/example.wav
	.build/release/melshard mel out/example.wav --preset heydarshahi -o out/example.npy
	for label in low high; do mkdir -p out/example-corpus/$$label; for i in 1 2 3 4 5 6; do \
	  seed=$$(( $$i + $$( [ $$label = high ] && echo 100 || echo 0 ) )); \
	  [ -f out/example-corpus/$$label/$$label-$$i.wav ] || \
	  .build/release/melshard example-audio out/example-corpus/$$label/$$label-$$i.wav --seconds 10 --seed $$seed; \
	done; done
	.build/release/melshard build manifests/example-folder.toml --out out/example-build --jobs 2
	.build/release/melshard status out/example-build
	.build/release/melshard verify out/example-build

# Regenerate Tests/AudioDSPTests/Golden with librosa (by hand, never in CI).
golden:
	python3 scripts/golden/make_golden.py
