# hakjibon - see README.md.  Plain GNU make, no configure.
.SUFFIXES:

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC        ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS    ?= -O2 -g
WARN       = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wformat=2
WERROR    ?=
SAN       ?=
B         ?= build
BIN       ?= bin

PKGS       = sqlite3 yaml-0.1 libutf8proc libcrypto libmd libzip expat freexl \
             xlsxwriter
CSV_LIBS  ?= -lcsv
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -DHAK_VERSION='"$(VERSION)"' -Iinclude -Ilib $(PKG_CFLAGS) \
             $(CFLAGS) $(WARN) $(WERROR) $(SAN)
ALL_LIBS   = $(PKG_LIBS) $(CSV_LIBS) -lm $(SAN)

HDR      = $(wildcard include/hak/*.h lib/*.h)
LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
LIB      = $(B)/libhak.a
# The tool layer (tool/, as curl's src/tool_*): options, usage, output
# formats, stdin and stdout; linked only into the programs and its tests.
TOOL_HDR = $(wildcard tool/*.h)
TOOL_SRC = $(wildcard tool/*.c)
TOOL_OBJ = $(TOOL_SRC:tool/%.c=$(B)/tool/%.o)
TOOL_LIB = $(B)/libhaktool.a
CMD_SRC  = $(wildcard cmd/*.c)
PROGS    = $(CMD_SRC:cmd/%.c=$(BIN)/%)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)
MANS     = $(wildcard man/*.1 man/*.5 man/*.7)
DEPS_OK  = $(B)/.deps-ok

all: $(PROGS)

# A plain build names a missing package and stops; `make deps`, `make
# demo` and `make check` install what is missing (as root; otherwise they
# print the apt-get command).  CI passes WERROR=-Werror; a user's build on
# another compiler is not stopped by a new warning.
INSTALL_DEPS = no
demo check check-asan deps: INSTALL_DEPS = yes
$(DEPS_OK): scripts/install-deps
	@sh scripts/install-deps $(if $(filter yes,$(INSTALL_DEPS)),,--check)
	@mkdir -p $(@D) && touch $@

deps:
	@sh scripts/install-deps

$(B)/lib/%.o: lib/%.c $(HDR) $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/tool/%.o: tool/%.c $(HDR) $(TOOL_HDR) $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I. -c -o $@ $<

$(TOOL_LIB): $(TOOL_OBJ)
	rm -f $@
	ar rcs $@ $(TOOL_OBJ)

$(BIN)/%: cmd/%.c $(TOOL_LIB) $(LIB) $(HDR) $(TOOL_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I. -o $@ $< $(TOOL_LIB) $(LIB) $(ALL_LIBS)

$(B)/tests/unit/%: tests/unit/%.c tests/unit/tap.h $(TOOL_LIB) $(LIB) $(HDR) $(TOOL_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I. -Itests/unit -o $@ $< $(TOOL_LIB) $(LIB) $(ALL_LIBS)

check: $(LIB) $(PROGS) $(UNITS)
	@HAK_BIN=$(abspath $(BIN)) HAK_UNIT=$(abspath $(B))/tests/unit \
	  sh tests/run

check-asan:
	$(MAKE) B=build-asan BIN=build-asan/bin CFLAGS='-O1 -g' \
	  SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' check

sanitize: check-asan

# Fuzzing (SPEC 7), not part of check: libFuzzer harnesses in tests/fuzz/
# built with clang against the library compiled with the same sanitizers
# in $(FUZZ_B) (clang warnings shown, not errors: gcc's -Werror build is
# the reference); each runs FUZZ_SECONDS on a corpus seeded from
# tests/fuzz/corpus/NAME.  make fuzz [FUZZ=csv] [FUZZ_SECONDS=300]
# [FUZZ_FLAGS='-max_len=200000'] (more libFuzzer options).
FUZZ_B       ?= build-fuzz
FUZZ         ?= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ_SECONDS ?= 60
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer

fuzz:
	$(MAKE) B=$(FUZZ_B) BIN=$(FUZZ_B)/bin CC=clang CFLAGS='-O1 -g' \
	  WARN='$(WARN) -Wno-unknown-warning-option' WERROR= \
	  SAN='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' fuzz-run

fuzz-run: $(FUZZ:%=$(B)/fuzz/%)
	@for h in $(FUZZ); do mkdir -p $(B)/fuzz/corpus-$$h && \
	  echo "== fuzz $$h for $(FUZZ_SECONDS)s" && \
	  $(B)/fuzz/$$h -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $(FUZZ_FLAGS) \
	    -artifact_prefix=$(B)/fuzz/$$h- $(B)/fuzz/corpus-$$h \
	    tests/fuzz/corpus/$$h || exit 1; done

$(B)/fuzz/%: tests/fuzz/%.c $(LIB) $(HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(ALL_LIBS)

demo: $(PROGS)
	@rm -f hakjibon-demo.db hakjibon-demo.db-wal hakjibon-demo.db-shm
	$(BIN)/hak demo --db hakjibon-demo.db
	@echo; echo "== High schools (hak-school list --level high)"
	@$(BIN)/hak-school --db hakjibon-demo.db list --level high -f table | head -n 8
	@echo; echo "== This year's new projects (hak-project list --year this-year --new)"
	@$(BIN)/hak-project --db hakjibon-demo.db list --year this-year --new -f table
	@echo; echo "== Overdue requests (hak-request list --overdue --sort department,due_on)"
	@$(BIN)/hak-request --db hakjibon-demo.db list --overdue --sort department,due_on -f table
	@s=$$($(BIN)/hak-survey --db hakjibon-demo.db list --no-header | tail -n 1 | cut -d, -f1); \
	  echo; echo "== This year's support survey (hak-survey results $$s --by level --question time_gained)"; \
	  $(BIN)/hak-survey --db hakjibon-demo.db results "$$s" --by level --question time_gained -f table
	@echo; echo "Try: export HAK_DB=hakjibon-demo.db PATH=$$PWD/$(BIN):\$$PATH; man -l man/hakjibon.7"
	@echo; echo "== Last week's report (hak-report weekly)"; echo
	@$(BIN)/hak-report --db hakjibon-demo.db weekly -f text

bench: $(PROGS)
	sh tests/bench/run $(BIN)

# The demo's weekly report in HTML, rendered by headless Chromium to
# $(B)/report.png, checked not to be blank.
screenshot: $(PROGS)
	sh tests/screenshot $(BIN) $(B)/report.png

lint: $(PROGS)
	mandoc -Tlint -W warning $(MANS)

install: $(PROGS)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	cp $(PROGS) $(DESTDIR)$(BINDIR)/
	for m in $(MANS); do s=$${m##*.}; cp $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	cp completions/hak.bash $(DESTDIR)$(BASHCOMPDIR)/hak
	for p in $(PROGS); do ln -sf hak $(DESTDIR)$(BASHCOMPDIR)/$${p##*/}; done
	cp completions/_hak $(DESTDIR)$(ZSHCOMPDIR)/_hak
	cp completions/hak.fish $(DESTDIR)$(FISHCOMPDIR)/hak.fish
	for p in $(PROGS); do n=$${p##*/}; [ $$n = hak ] || \
	  printf 'source %s/hak.fish\n' $(FISHCOMPDIR) > $(DESTDIR)$(FISHCOMPDIR)/$$n.fish; done

uninstall:
	for p in $(PROGS); do n=$${p##*/}; rm -f $(DESTDIR)$(BINDIR)/$$n \
	  $(DESTDIR)$(BASHCOMPDIR)/$$n $(DESTDIR)$(FISHCOMPDIR)/$$n.fish; done
	for m in $(MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_hak $(DESTDIR)$(FISHCOMPDIR)/hak.fish

dist:
	git archive --format=tar.gz --prefix=hakjibon-$(VERSION)/ \
	  -o hakjibon-$(VERSION).tar.gz HEAD

clean:
	rm -rf build build-asan build-fuzz bin hakjibon-demo.db hakjibon-demo.db-wal hakjibon-demo.db-shm

.PHONY: all deps check check-asan sanitize fuzz fuzz-run demo bench screenshot lint install uninstall dist clean
