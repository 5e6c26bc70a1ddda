# The project's commands. `make test` is what CI runs (.ci/run).
.PHONY: build test bench demo golden

build:
	swift build -c release

test:
	swift test

# Side-by-side feature benchmark against librosa (needs `scripts/bootstrap --python`).
bench: build
	.build/release/melshard bench features

# The README's main command: compute the study's features for a file the project generates.
demo: build
	mkdir -p out
	.build/release/melshard example-audio out/example.wav
	.build/release/melshard mel out/example.wav --preset heydarshahi -o out/example.npy

# Regenerate Tests/FeaturesTests/Golden with librosa (by hand, never in CI).
golden:
	python3 scripts/golden/make_golden.py
