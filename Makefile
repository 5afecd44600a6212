# Poshtiban — the two commands of the README:
#   make run    set up, build (release), migrate, seed demo data, serve on http://127.0.0.1:3000
#   make test   set up, then format, lint, unit + integration tests on SQLite and PostgreSQL,
#               and the browser suite in headless Chromium
# and `make bench` for the figures.

SHELL := /bin/bash
# Outside the checkout, so a fresh clone (CI) reuses earlier builds.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/poshtiban/target
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export LEPTOS_SITE_ROOT ?= $(CARGO_TARGET_DIR)/site
# Content-hashed file names (poshtiban.<hash>.wasm …), cached by browsers as immutable; the
# server reads the hashes from the hash.txt cargo-leptos writes beside its binary.
export LEPTOS_HASH_FILES ?= true

.PHONY: run test setup setup-test build bench

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

build: setup
	@scripts/build.sh

run: build
	@mkdir -p data
	DATABASE_URL=$${DATABASE_URL:-sqlite:data/poshtiban.db} SEED_DEMO=$${SEED_DEMO:-true} \
	  SMS_PROVIDER=$${SMS_PROVIDER:-console} \
	  PAYMENT_SIMULATOR=$${PAYMENT_SIMULATOR-127.0.0.1:3099} \
	  $(CARGO_TARGET_DIR)/release/poshtiban serve

test: setup-test
	@scripts/test.sh

bench: setup-test
	@scripts/bench.sh
