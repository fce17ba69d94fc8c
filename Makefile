# vorleser: rules.  Settings a packager edits are in config.mk.
include config.mk

# The clock-jump test (tests/e2e/53-faults-clock.sh) runs the daemon on a
# fake wall clock.
DEB_TEST += libfaketime

# Callbacks with fixed signatures (event loop, command table, libcurl)
# often ignore an argument; everything else -Wextra reports is fixed.
CFLAGS += -Wno-unused-parameter

ifeq ($(SANITIZE),1)
# Leaks of the ALSA plugins PortAudio loads are not ours (tests/lsan.supp).
export LSAN_OPTIONS = suppressions=$(abspath tests/lsan.supp):print_suppressions=0
export ASAN_OPTIONS = fast_unwind_on_malloc=0
BUILD   = build-san
OUT     = build-san
# Where the stub libjack lies, seen from the executable (jackgate.c).
CPPFLAGS += -DNOJACK_REL=\"nojack\"
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
          -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD   = build
OUT     = .
CPPFLAGS += -DNOJACK_REL=\"build/nojack\"
endif

ALL_CPPFLAGS = $(CPPFLAGS) -iquote daemon \
               $$($(PKG_CONFIG) --cflags $(PKGS) $(DLOPEN_PKGS))
ALL_LDLIBS   = $$($(PKG_CONFIG) --libs $(PKGS)) $(LDLIBS)

# Every daemon/*.c except the two programs' entry points goes into one
# static library; the programs and the unit tests link against it, so a
# unit test pulls in only the modules it uses.
PROG_SRC = daemon/main.c daemon/client.c
LIB_SRC  = $(filter-out $(PROG_SRC), $(wildcard daemon/*.c))
LIB_OBJ  = $(LIB_SRC:daemon/%.c=$(BUILD)/%.o)
LIB      = $(BUILD)/libvorleser.a

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

VORLESERD = $(OUT)/vorleserd
VORLESER  = $(OUT)/vorleser

.PHONY: all deps run check test unit e2e bench demo fuzz fuzz-build \
        install uninstall \
        clean units
.DEFAULT_GOAL := all
.SECONDARY:

# The libjack that stands in for the real one when no JACK server is
# there (daemon/nojack/libjack.c, jackgate.c): a shared object of its own.
NOJACK = $(BUILD)/nojack/libjack.so.0

all: $(VORLESERD) $(VORLESER) $(NOJACK) units

$(BUILD)/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -iquote tests $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(VORLESERD): $(BUILD)/main.o $(LIB)
	$(CC) $(LDFLAGS) $(DAEMON_LDFLAGS) -o $@ $(BUILD)/main.o $(LIB) $(ALL_LDLIBS)

$(NOJACK): daemon/nojack/libjack.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -shared -Wl,-soname,libjack.so.0 -o $@ $<

$(VORLESER): $(BUILD)/client.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(BUILD)/client.o $(LIB) $(ALL_LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(ALL_LDLIBS)

# systemd units, generated from systemd/*.in with the install paths.
UNIT_IN  = $(wildcard systemd/*.in)
UNIT_OUT = $(UNIT_IN:systemd/%.in=$(BUILD)/systemd/%)
UNIT_SED = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
           -e 's|@VERSION@|$(VERSION)|g'
units: $(UNIT_OUT)
$(BUILD)/systemd/%: systemd/%.in config.mk
	@mkdir -p $(@D)
	$(UNIT_SED) $< > $@

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)

# Installs the Debian packages that are missing (see DEB_* in config.mk).
deps:
	@sh tests/deps.sh $(DEB_BUILD) $(DEB_TEST) \
	    $(if $(filter 1,$(VALGRIND)),valgrind)

run: deps
	@$(MAKE) --no-print-directory all
	$(VORLESERD) $(RUNFLAGS)

demo: deps
	@$(MAKE) --no-print-directory all
	$(VORLESERD) --demo

check: deps
	@$(MAKE) --no-print-directory test

# VALGRIND=1: the end-to-end tests run the daemon under valgrind memcheck
# (tests/valgrind.sh); the unit tests are not run again.
# TEST_JOBS=N runs N end-to-end tests at once (tests/run).
TEST_JOBS = 1
ifeq ($(VALGRIND),1)
TEST_ARGS = --e2e-only
endif
test: all $(UNIT_BIN)
	@VORLESERD=$(abspath $(VORLESERD)) VORLESER=$(abspath $(VORLESER)) \
	    UNITDIR=$(abspath $(BUILD)/tests) VALGRIND=$(VALGRIND) \
	    TEST_JOBS=$(TEST_JOBS) sh tests/run $(TEST_ARGS) $(TESTS)

unit: all $(UNIT_BIN)
	@UNITDIR=$(abspath $(BUILD)/tests) sh tests/run --unit-only

e2e: all
	@VORLESERD=$(abspath $(VORLESERD)) VORLESER=$(abspath $(VORLESER)) \
	    sh tests/run --e2e-only

bench: all
	@sh bench/run $(BENCH)

# libFuzzer targets (clang): every tests/fuzz/fuzz_NAME.c, run for
# FUZZ_SECONDS each on the seed corpus tests/fuzz/NAME/ (copied to a
# scratch corpus in build-fuzz/, so the repository only keeps the seeds).
FUZZ_CC      = clang
FUZZ_SECONDS = 60
FUZZ_FLAGS   = -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
               -fno-omit-frame-pointer
FUZZ_SRC     = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN     = $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_OBJ     = $(LIB_SRC:daemon/%.c=build-fuzz/obj/%.o)

build-fuzz/obj/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -std=c11 $(FUZZ_FLAGS) -c -o $@ $<

build-fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -iquote tests -std=c11 $(FUZZ_FLAGS) \
	    -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(ALL_LDLIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

# What `make install` puts where (see config.mk for the folders).  Every
# file gets an explicit mode.  Optional parts (voices, site rules, the
# bash completion) are installed when they exist in the tree.  The units
# are generated again here, because PREFIX or BINDIR on the command line
# must reach them even when build/systemd is up to date.
MAN_SRC  = docs/vorleser.1 docs/vorleser.conf.5 docs/vorleserd.8
DOC_SRC  = docs/vorleser.conf.example docs/protocol.md docs/service.md
DEMO_SRC = $(wildcard daemon/demo/*)

install: all
	install -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(USERUNITDIR) $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(VORLESERD) $(VORLESER) $(DESTDIR)$(BINDIR)/
	install -d -m 0755 $(DESTDIR)$(PKGLIBDIR)
	install -m 0644 $(NOJACK) $(DESTDIR)$(PKGLIBDIR)/
	for m in $(MAN_SRC); do \
	    install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/ || exit 1; done
	if [ -d voices ]; then \
	    cp -R voices/. $(DESTDIR)$(DATADIR)/voices/ && \
	    find $(DESTDIR)$(DATADIR)/voices -type d -exec chmod 0755 {} + && \
	    find $(DESTDIR)$(DATADIR)/voices -type f -exec chmod 0644 {} +; \
	fi
	if [ -f daemon/siterules.conf ]; then \
	    install -m 0644 daemon/siterules.conf $(DESTDIR)$(DATADIR)/; fi
	install -m 0644 daemon/feeds.default $(DESTDIR)$(DATADIR)/feeds.default
	install -d -m 0755 $(DESTDIR)$(DATADIR)/demo
	for f in $(DEMO_SRC); do \
	    install -m 0644 $$f $(DESTDIR)$(DATADIR)/demo/ || exit 1; done
	for f in $(UNIT_IN); do n=$${f##*/}; \
	    $(UNIT_SED) $$f > $(DESTDIR)$(USERUNITDIR)/$${n%.in} && \
	    chmod 0644 $(DESTDIR)$(USERUNITDIR)/$${n%.in} || exit 1; done
	install -m 0644 $(DOC_SRC) $(DESTDIR)$(DOCDIR)/
	if [ -f docs/vorleser.bash-completion ]; then \
	    install -d -m 0755 $(DESTDIR)$(COMPLETIONDIR) && \
	    install -m 0644 docs/vorleser.bash-completion \
	    $(DESTDIR)$(COMPLETIONDIR)/vorleser; fi

# Removes what install put there; the data and doc folders are ours alone.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vorleserd $(DESTDIR)$(BINDIR)/vorleser
	for m in $(MAN_SRC); do \
	    rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; done
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(PKGLIBDIR)
	for f in $(UNIT_IN); do n=$${f##*/}; \
	    rm -f $(DESTDIR)$(USERUNITDIR)/$${n%.in}; done
	rm -f $(DESTDIR)$(COMPLETIONDIR)/vorleser

clean:
	rm -rf build build-san build-fuzz vorleserd vorleser
