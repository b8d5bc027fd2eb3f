# The two commands a newcomer needs: `make test` (and, with the mission, `make run`).
# Each installs from the lockfile first when node_modules is missing or older than it.

SHELL := /bin/bash
BIN := node_modules/.bin
INSTALL_STAMP := node_modules/.install-stamp
BUILD_STAMP := dist/.build-stamp
SOURCE_DIRS := $(wildcard protocol astro fsw sim-hw ground mission bench hil)
SOURCES := $(shell find $(SOURCE_DIRS) -name '*.ts' 2>/dev/null) $(wildcard ground/console/*.html ground/console/*.css ground/console/*.js)

.PHONY: help install build typecheck lint format test run bench clean campaign digests system-packages

help:
	@echo "make run     install (npm ci) if needed, build, fly the default mission: progress, summary, out/report.html, out/archive.sqlite (MISSION_ARGS=\"--orbits 5 --seed 2\"; npx mission --help)"
	@echo "make test    install (npm ci, and nats-server with apt-get) if needed, check format and lint, type-check, build, run every test"
	@echo "make lint    the formatter's check and the linter (make format fixes what it can)"
	@echo "make bench [ONLY=name,...]  run the benchmarks (or only the named: speed tick protocol yield round-trip archive stack-memory fsw-memory campaign fleet placement campaign-nats ground-nats console) and print their figures and ratios"
	@echo "make campaign [SEED=n] [RUNS=n] [PATH=p] [PROFILE=orbit|short] [MUTANT=name] [WORKERS=n] [NATS=URL]  property-based fault campaign on WORKERS threads (default: one per core), or with NATS=URL on \`npx campaign worker --nats URL\` processes (test/property/README.md, docs/scaling.md)"
	@echo "make digests telemetry SHA-256s of the default mission and a fixed set of campaign scenarios (a change that must not alter behaviour leaves them)"
	@echo "make build   compile to dist/ (the CLIs build on demand too)"
	@echo "make clean   remove dist/ and out/"
	@echo "make hil     hardware in the loop: simulator, flight software, link relay, ground (docs/hil.md; SPEED=1 LINK=relay; FLEET=walker:1/2 or a fleet file: those three for each spacecraft, one ground)"

install: $(INSTALL_STAMP)

# npm ci only when node_modules is missing or older than the lockfile (npm's own record of the install,
# node_modules/.package-lock.json, tells), so that an `npm ci` run by hand counts.
$(INSTALL_STAMP): package-lock.json package.json
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then \
	  echo npm ci; npm ci; \
	fi
	@touch $@

build: $(BUILD_STAMP)

$(BUILD_STAMP): $(INSTALL_STAMP) $(SOURCES) tsconfig.json tsconfig.build.json
	$(BIN)/tsc -p tsconfig.build.json
	node ground/console/build.js
	@touch $@

typecheck: $(INSTALL_STAMP)
	$(BIN)/tsc -p tsconfig.json --noEmit
	$(BIN)/tsc -p ground/console/tsconfig.json --noEmit

# The formatter's check (160 columns) and the linter, over every .ts and .js file (biome.json says which rules and why some are off).
lint: $(INSTALL_STAMP)
	$(BIN)/biome check .

# Formats the tree in place and applies the linter's safe fixes.
format: $(INSTALL_STAMP)
	$(BIN)/biome check --write .

# The system packages the tests need: nats-server (the integration tests start a throwaway one) and
# chromium (the web console's tests drive it headless). Installed with apt-get when missing (sudo when
# not root); one clear line when that cannot be done.
SYSTEM_PACKAGES := nats-server chromium
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null 2>&1 || [ -x /usr/sbin/$$p ] || [ -x /usr/bin/$$p ] || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	  else echo "make: the tests need$$missing and this user cannot install it (no root, no sudo): apt-get install$$missing, then make test again"; exit 1; fi; \
	  echo "installing$$missing for the tests (apt-get)"; \
	  { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq$$missing >/dev/null; } \
	    || { echo "make: apt-get could not install$$missing: install it by hand, then make test again"; exit 1; }; \
	fi

test: lint typecheck build system-packages
	$(BIN)/vitest run

# The main job: a mission flown in simulation, with its report (mission/run/README.md).
run: build
	node bin/mission.js $(MISSION_ARGS)

bench: build
	BENCH_ONLY='$(ONLY)' node dist/bench/main.js

# The yardstick of a change that must not alter behaviour: the same code gives the same figures, bit for bit.
digests: build
	node bin/mission.js --digest --no-progress --out out/digests | tail -n 1
	node dist/mission/campaign/digests.js

clean:
	rm -rf dist out

# Hardware in the loop (docs/hil.md): every program as its own process on loopback; Ctrl-C stops them all.
# Ports and the world are make variables; HIL_ARGS passes any other `hil` option (npx hil --help).
# FLEET (a fleet file, cluster:N or walker:P/S): a simulator, relay and flight software per spacecraft on
# free ports, one ground on TM_PORT and API_PORT; the ports of one spacecraft are then not passed.
.PHONY: hil
SPEED ?= 1
LINK ?= relay
FLEET ?=
HIL_DIR ?= out/hil
HW_PORT ?= 5700
CONTROL_PORT ?= 5701
FSW_TC_PORT ?= 5800
RELAY_DOWNLINK_PORT ?= 5801
TM_PORT ?= 10016
RELAY_UPLINK_PORT ?= 10017
API_PORT ?= 8090
hil: build
	node bin/hil.js --speed $(SPEED) --link $(LINK) --dir $(HIL_DIR) $(if $(SEED),--seed $(SEED)) \
	  $(if $(FLEET),--fleet $(FLEET),--hw-port $(HW_PORT) --control-port $(CONTROL_PORT) --fsw-tc-port $(FSW_TC_PORT) --relay-downlink-port $(RELAY_DOWNLINK_PORT)) \
	  --tm-port $(TM_PORT) $(if $(FLEET),,--relay-uplink-port $(RELAY_UPLINK_PORT)) --api-port $(API_PORT) $(HIL_ARGS)

# The fault campaign. PATH (fast-check's counterexample path) shadows the shell's
# PATH on the command line: the recipe gets the original one back.
CAMPAIGN_ORIGINAL_PATH := $(shell printenv PATH)
CAMPAIGN_PATH := $(if $(filter command line,$(origin PATH)),$(PATH))
campaign: override PATH := $(CAMPAIGN_ORIGINAL_PATH)
campaign: build
	node dist/mission/campaign/main.js --seed '$(SEED)' --runs '$(RUNS)' --path '$(CAMPAIGN_PATH)' --profile '$(PROFILE)' --mutant '$(MUTANT)' --workers '$(WORKERS)' --nats '$(NATS)'
