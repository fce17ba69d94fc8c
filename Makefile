# vorleser: rules.  Settings a packager edits are in config.mk.
include config.mk

# Callbacks with fixed signatures (event loop, command table, libcurl)
# often ignore an argument; everything else -Wextra reports is fixed.
CFLAGS += -Wno-unused-parameter

ifeq ($(SANITIZE),1)
BUILD   = build-san
OUT     = build-san
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
          -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD   = build
OUT     = .
endif

ALL_CPPFLAGS = $(CPPFLAGS) -Idaemon $$($(PKG_CONFIG) --cflags $(PKGS))
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

all: $(VORLESERD) $(VORLESER) units

$(BUILD)/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(VORLESERD): $(BUILD)/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(BUILD)/main.o $(LIB) $(ALL_LDLIBS)

$(VORLESER): $(BUILD)/client.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(BUILD)/client.o $(LIB) $(ALL_LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(ALL_LDLIBS)

# systemd units, generated from systemd/*.in with the install paths.
UNIT_IN  = $(wildcard systemd/*.in)
UNIT_OUT = $(UNIT_IN:systemd/%.in=$(BUILD)/systemd/%)
units: $(UNIT_OUT)
$(BUILD)/systemd/%: systemd/%.in config.mk
	@mkdir -p $(@D)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' $< > $@

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)

# Installs the Debian packages that are missing (see DEB_* in config.mk).
deps:
	@sh tests/deps.sh $(DEB_BUILD) $(DEB_TEST)

run: deps
	@$(MAKE) --no-print-directory all
	./$(VORLESERD) $(RUNFLAGS)

check: deps
	@$(MAKE) --no-print-directory test

test: all $(UNIT_BIN)
	@VORLESERD=$(abspath $(VORLESERD)) VORLESER=$(abspath $(VORLESER)) \
	    UNITDIR=$(abspath $(BUILD)/tests) sh tests/run $(TESTS)

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
	$(FUZZ_CC) $(ALL_CPPFLAGS) -Itests -std=c11 $(FUZZ_FLAGS) \
	    -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(ALL_LDLIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

install: all
	install -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(DATADIR)/voices $(DESTDIR)$(USERUNITDIR) \
	    $(DESTDIR)$(DOCDIR)
	install -m 0755 $(VORLESERD) $(VORLESER) $(DESTDIR)$(BINDIR)/
	cp -R voices/. $(DESTDIR)$(DATADIR)/voices/
	find $(DESTDIR)$(DATADIR)/voices -type d -exec chmod 0755 {} +
	find $(DESTDIR)$(DATADIR)/voices -type f -exec chmod 0644 {} +
	for f in $(UNIT_OUT); do install -m 0644 $$f $(DESTDIR)$(USERUNITDIR)/; done
	install -m 0644 docs/vorleser.conf.example $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vorleserd $(DESTDIR)$(BINDIR)/vorleser
	rm -rf $(DESTDIR)$(DATADIR)
	for f in $(UNIT_OUT); do rm -f $(DESTDIR)$(USERUNITDIR)/$${f##*/}; done
	rm -rf $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build build-san build-fuzz vorleserd vorleser
