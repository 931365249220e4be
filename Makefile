# Thin wrapper over CMake, for those who have make. The README's commands are
# ./scripts/demo and ./scripts/check, which need only sh; `make demo` and
# `make check` do the same.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all demo check deps install clean bench

all: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@./scripts/deps

# Builds the library and runs the echo demo over loopback.
demo: all
	$(BUILD)/examples/echo_demo

# The whole suite: plain, under ASan+UBSan, under valgrind, and the fuzzers for a
# bounded time. Ends with ctest's summary of the last run.
check:
	./scripts/check

# The benchmark suite (bench/README.md), on a Release build of its own in
# build-bench: every echo server peer through every mode, then cnet's own
# benchmarks. Takes about 15 minutes; BENCH_FLAGS passes options to bench/run.
bench:
	@./scripts/deps bench
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCNET_TESTS=OFF $(CMAKE_FLAGS)
	cmake --build build-bench -j $(JOBS)
	bench/run -b build-bench $(BENCH_FLAGS)

install: all
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) build-*
