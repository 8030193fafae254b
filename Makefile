# readyctl - plain Makefile. Overridable: CC, CFLAGS, LDFLAGS, PREFIX, DESTDIR, PKG_CONFIG,
# SANITIZE (e.g. SANITIZE=address,undefined), BUILD (output directory), LINK_STATIC, BUILD_JOBS.
CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
BUILD ?= build
SANITIZE ?=
SHELL := /bin/bash

VERSION := 0.1.0
PKGS := yaml-0.1 libpcre2-8 jansson

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wpointer-arith -Wvla -Wformat=2
BASE_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -g $(WARN) \
        -Isrc -I$(BUILD)/gen -DREADYCTL_VERSION='"$(VERSION)"' -MMD -MP
ifneq ($(SANITIZE),)
BASE_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_LDFLAGS := -fsanitize=$(SANITIZE)
endif
# Our flags first so a user's CFLAGS wins.
ALL_CFLAGS = $(BASE_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_LDFLAGS) $(LDFLAGS)
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# The readyctl binary is linked statically (libc included): mapping shared libraries and
# relocating a position-independent binary cost about 1 ms of the 3 ms a small release may
# take (docs/performance.md). Sanitizer builds cannot be static; tests and tools link
# libyaml, PCRE2 and jansson from their archives and libc dynamically, and valgrind runs
# $(BUILD)/readyctl-shared, which memcheck can follow into malloc. LINK_STATIC=0 links
# everything dynamically.
LINK_STATIC ?= 1
# Builds inside `make demo`, `make check` and `make fuzz` use every core even when make was
# started without -j (as .ci/run starts it); the test suites themselves run one at a time.
BUILD_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEP_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ifeq ($(LINK_STATIC),1)
PKG_LIBS = -Wl,-Bstatic $(DEP_LIBS) -Wl,-Bdynamic -lpthread -lm
ifeq ($(SANITIZE),)
BIN_LDFLAGS := -static
endif
else
PKG_LIBS = $(DEP_LIBS) -lpthread -lm
endif
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

LIB_SRC := $(sort $(wildcard src/*/*.c))
# ar keeps one member per base name: two src/*/x.c files would silently replace each other.
ifneq ($(words $(notdir $(LIB_SRC))),$(words $(sort $(notdir $(LIB_SRC)))))
$(error two source files under src/ share a base name; rename one)
endif
CORE_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB_OBJ := $(CORE_OBJ) $(BUILD)/gen/builtin_pack.o
LIB := $(BUILD)/libreadyctl.a
BIN := $(BUILD)/readyctl
RULE_FILES := $(sort $(wildcard rules/*.yaml))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: fuzz fuzz-lib check-fuzz-corpus all demo check check-unit check-golden check-integration check-sanitize deps test-deps \
        install uninstall clean bench fuzz golden-update
all: $(BIN) readyctl

readyctl: $(BIN)
	cp $(BIN) $@

$(BIN): $(BUILD)/src/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(BIN_LDFLAGS) $(DEP_LIBS) -lpthread -lm $(ALL_LDFLAGS)

$(BUILD)/readyctl-shared: $(BUILD)/src/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(ALL_LDFLAGS)

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The default rule pack is compiled in, already parsed (src/rules/builtin.h): tools/pack_compile,
# linked with the library's own objects (so any change to the loader remakes the pack), loads
# rules/*.yaml, fails the build on a bad rule or pattern, and writes the node trees as C data.
$(BUILD)/tools/pack_compile: $(BUILD)/tools/pack_compile.o $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(ALL_LDFLAGS)

$(BUILD)/gen/builtin_pack.c: $(BUILD)/tools/pack_compile $(RULE_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/pack_compile $@ $(RULE_FILES)

$(BUILD)/gen/builtin_pack.o: $(BUILD)/gen/builtin_pack.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB) tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests -o $@ $< $(LIB) $(CHECK_LIBS) $(PKG_LIBS) $(ALL_LDFLAGS)

deps:
	@bash ci/install-deps.sh build

test-deps:
	@bash ci/install-deps.sh test

# The main job: render the bundled chart with the real helm, lint it, show the checklist.
demo: test-deps
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) all
	@bash ci/demo.sh

# Every suite prints "NAME: N passed, M failed"; the last line adds them up.
check: test-deps
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) all $(TEST_BIN) $(BUILD)/tests/promql_check \
	    $(BUILD)/tests/yaml_fast_diff
	@mkdir -p $(BUILD)
	@set -o pipefail; { $(MAKE) --no-print-directory check-unit check-golden check-integration && \
	  $(MAKE) --no-print-directory check-sanitize; } 2>&1 | tee $(BUILD)/check.log
	@awk '/^[a-z-]+: [0-9]+ passed, [0-9]+ failed$$/ {p += $$2; f += $$4} \
	  END {printf "check: %d passed, %d failed\n", p, f; exit f != 0}' $(BUILD)/check.log

check-unit: $(TEST_BIN)
	@bash tests/run-unit.sh $(TEST_BIN)

check-golden: $(BIN)
	@bash tests/golden.sh $(BIN)

check-integration: $(BIN) $(BUILD)/tests/promql_check $(BUILD)/tests/yaml_fast_diff
	@bash tests/rule-fixtures.sh $(BIN)
	@bash tests/docs.sh $(BIN)
	@bash tests/baseline.sh $(BIN)
	@bash tests/determinism.sh $(BIN)
	@bash tests/precommit.sh
	@bash tests/html.sh $(BIN)
	@bash tests/json-schema.sh $(BIN)
	@bash tests/secret-redaction.sh $(BIN)
	@bash tests/backup-docs.sh $(BIN)
	@bash tests/charts.sh $(BIN)
	@bash tests/real-charts.sh $(BIN)
	@bash tests/template-lines.sh $(BIN)
	@bash tests/real-configs.sh $(BIN)
	@bash tests/init.sh $(BIN)
	@bash tests/helm-plugin.sh $(BIN)
	@bash tests/install.sh
	@bash tests/ci-templates.sh $(BIN)
	@bash tests/pipes.sh $(BIN)
	@bash tests/hostile.sh $(BIN)
	@bash tests/sarif-validate.sh $(BIN)
	@bash tests/promql-oracle.sh $(BUILD)/tests/promql_check
	@bash tests/yaml-fast-diff.sh $(BUILD)/tests/yaml_fast_diff

# Unit and golden suites again under AddressSanitizer and UndefinedBehaviorSanitizer, the
# release binary under valgrind, and a ThreadSanitizer build on four threads.
check-sanitize:
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) BUILD=build-san SANITIZE=address,undefined build-san/readyctl $(TEST_BIN:$(BUILD)/%=build-san/%)
	@ASAN_OPTIONS=detect_leaks=1 bash tests/run-unit.sh $(TEST_BIN:$(BUILD)/%=build-san/%)
	@ASAN_OPTIONS=detect_leaks=1 bash tests/golden.sh build-san/readyctl
	@ASAN_OPTIONS=detect_leaks=1 bash tests/init.sh build-san/readyctl
	@$(MAKE) --no-print-directory $(BUILD)/readyctl-shared
	@bash tests/valgrind.sh $(BUILD)/readyctl-shared
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) BUILD=build-tsan SANITIZE=thread build-tsan/readyctl
	@bash tests/threads.sh build-tsan/readyctl
	@$(MAKE) --no-print-directory check-fuzz-corpus

# Rewrites golden files from the current output: review the diff before committing.
# Benchmarks: figures and ratios in one run (DESIGN.md §8), never assertions.
BENCH_MB ?= 32
$(BUILD)/bench/bench: bench/bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(ALL_LDFLAGS)

bench: deps $(BIN)
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench
	@$(BUILD)/bench/bench $(BENCH_MB) $(BIN) testdata

# Fuzzing: the library built with clang's fuzzer instrumentation plus ASan/UBSan
# (docs/fuzzing.md). `make fuzz` runs every target for FUZZ_SECONDS, or for FUZZ_RUNS
# executions when that is set; FUZZ_TARGETS=build-fuzz/fuzz_pack picks one; FUZZ_FORK=2 runs
# a target on two worker processes that share its corpus (libFuzzer's -fork: FUZZ_RUNS then
# counts the executions of all workers together).
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
FUZZ_FORK ?=
FUZZ_MAX_LEN ?= 4096
FUZZ_TARGETS := $(patsubst fuzz/%.c,build-fuzz/%,$(wildcard fuzz/fuzz_*.c))
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_LIMIT = $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS)) \
    $(if $(FUZZ_FORK),-fork=$(FUZZ_FORK))

# The fuzz library is the ordinary $(LIB) rule run with BUILD=build-fuzz and clang.
fuzz-lib:
	@$(MAKE) --no-print-directory -j$(BUILD_JOBS) BUILD=build-fuzz CC=clang SANITIZE=address,undefined \
	    CFLAGS="-O1 -fsanitize=fuzzer-no-link" build-fuzz/libreadyctl.a

build-fuzz/fuzz_%: fuzz/fuzz_%.c fuzz-lib
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 $(FUZZ_FLAGS) -Isrc \
	    -o $@ $< build-fuzz/libreadyctl.a $(PKG_LIBS)

# A target's seeds are fuzz/corpus-<name>/ (fuzz_pack: fuzz/corpus-pack/) when it has its
# own, plus the shared fuzz/corpus/; its dictionary is fuzz/<name>.dict, else yaml.dict.
FUZZ_SEEDS = name=$${t\#\#*/fuzz_}; seeds=fuzz/corpus; [ -d fuzz/corpus-$$name ] && seeds="fuzz/corpus-$$name fuzz/corpus"; \
	    dict=fuzz/yaml.dict; [ -f fuzz/$$name.dict ] && dict=fuzz/$$name.dict

# Fuzzes each target from its seeds; what it finds goes to build-fuzz/corpus-<target>/.
fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do $(FUZZ_SEEDS); mkdir -p build-fuzz/corpus-$${t##*/}; \
	    $$t $(FUZZ_LIMIT) -max_len=$(FUZZ_MAX_LEN) -timeout=10 -rss_limit_mb=2048 \
	        -print_final_stats=1 -dict=$$dict build-fuzz/corpus-$${t##*/} $$seeds || exit 1; done

# In make check: each fuzz target replays its seeds (regression inputs included), no fuzzing.
check-fuzz-corpus: $(FUZZ_TARGETS)
	@n=0; for t in $(FUZZ_TARGETS); do $(FUZZ_SEEDS); \
	    files=$$(for d in $$seeds; do echo $$d/*; done); \
	    $$t $$files > build-fuzz/replay.log 2>&1 || \
	    { cat build-fuzz/replay.log; echo "fuzz-corpus: $$n passed, 1 failed ($$t)"; exit 1; }; \
	    n=$$((n + 1)); done; \
	    echo "fuzz-corpus: $$n passed, 0 failed"

golden-update: $(BIN)
	@UPDATE=1 bash tests/golden.sh $(BIN)
	@UPDATE=1 bash tests/charts.sh $(BIN)

MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions

# The binary carries the default pack; the pack's files are installed too, as the
# reference for `--rules` packs of one's own.
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/readyctl/rules \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/readyctl
	install -m 644 docs/readyctl.1 $(DESTDIR)$(MANDIR)/man1/readyctl.1
	install -m 644 $(RULE_FILES) $(DESTDIR)$(DATADIR)/readyctl/rules/
	install -m 644 ci/completion/readyctl.bash $(DESTDIR)$(BASHCOMPDIR)/readyctl
	install -m 644 ci/completion/_readyctl $(DESTDIR)$(ZSHCOMPDIR)/_readyctl

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/readyctl $(DESTDIR)$(MANDIR)/man1/readyctl.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/readyctl $(DESTDIR)$(ZSHCOMPDIR)/_readyctl
	rm -rf $(DESTDIR)$(DATADIR)/readyctl

clean:
	rm -rf build build-san build-fuzz build-tsan readyctl

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
