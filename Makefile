# The two commands a newcomer needs: `make test` (and, with the mission, `make run`).
# Each installs from the lockfile first when node_modules is missing or older than it.

SHELL := /bin/bash
BIN := node_modules/.bin
INSTALL_STAMP := node_modules/.install-stamp
BUILD_STAMP := dist/.build-stamp
SOURCE_DIRS := $(wildcard protocol fsw sim-hw ground mission bench)
SOURCES := $(shell find $(SOURCE_DIRS) -name '*.ts' 2>/dev/null)

.PHONY: help install build typecheck test bench clean

help:
	@echo "make test    install (npm ci) if needed, type-check, build, run every test"
	@echo "make bench   run the benchmarks and print their figures and ratios"
	@echo "make build   compile to dist/ (the CLIs build on demand too)"
	@echo "make clean   remove dist/ and out/"

install: $(INSTALL_STAMP)

$(INSTALL_STAMP): package-lock.json package.json
	npm ci
	@touch $@

build: $(BUILD_STAMP)

$(BUILD_STAMP): $(INSTALL_STAMP) $(SOURCES) tsconfig.json tsconfig.build.json
	$(BIN)/tsc -p tsconfig.build.json
	@touch $@

typecheck: $(INSTALL_STAMP)
	$(BIN)/tsc -p tsconfig.json --noEmit

test: typecheck build
	$(BIN)/vitest run

bench: build
	node dist/bench/main.js

clean:
	rm -rf dist out
