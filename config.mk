# vorleser build configuration: what a packager edits.  The rules live in
# the Makefile.

VERSION     = 0.1.0

PREFIX      = /usr/local
BINDIR      = $(PREFIX)/bin
SBINDIR     = $(PREFIX)/bin
DATADIR     = $(PREFIX)/share/vorleser
PKGLIBDIR   = $(PREFIX)/lib/vorleser
MANDIR      = $(PREFIX)/share/man
SYSCONFDIR  = $(PREFIX)/etc
USERUNITDIR = $(PREFIX)/lib/systemd/user
DOCDIR      = $(PREFIX)/share/doc/vorleser
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions

CC          ?= cc
PKG_CONFIG  = pkg-config
# Linked: every process needs them.
PKGS        = sqlite3
# Loaded on first use with dlopen (daemon/dynlib.c), by these sonames;
# only their headers come from pkg-config.  A fetch loads libcurl, the
# first speech (or --render, `voices') libespeak-ng, the first opening of
# a sound device PortAudio, the first feed, page or OPML file libxml2
# (daemon/xml.h).  Change the sonames with the library's ABI.
DLOPEN_PKGS = libcurl espeak-ng portaudio-2.0 libxml-2.0
CURL_SONAME      = libcurl.so.4
XML_SONAME       = libxml2.so.2
ESPEAK_SONAME    = libespeak-ng.so.1
PORTAUDIO_SONAME = libportaudio.so.2

CPPFLAGS    = -D_GNU_SOURCE -DVERSION=\"$(VERSION)\" \
              -DDATADIR=\"$(DATADIR)\" \
              -DPKGLIBDIR=\"$(PKGLIBDIR)\" \
              -DCURL_SONAME=\"$(CURL_SONAME)\" \
              -DXML_SONAME=\"$(XML_SONAME)\" \
              -DESPEAK_SONAME=\"$(ESPEAK_SONAME)\" \
              -DPORTAUDIO_SONAME=\"$(PORTAUDIO_SONAME)\"
CFLAGS      = -std=c11 -O2 -g -Wall -Wextra -Wpedantic -Wshadow \
              -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
LDFLAGS     =
# vorleserd exports its own jack_client_open (daemon/jackgate.c), which
# PortAudio's JACK probe then calls: it skips the probe when no JACK server
# could answer (1.6 MB of peak RSS and most of Pa_Initialize's time).
DAEMON_LDFLAGS = -Wl,--undefined=jack_client_open \
	-Wl,--export-dynamic-symbol=jack_client_open
LDLIBS      = -lpthread -lm -ldl

# Debian 12 packages that provide the build and test dependencies.  `make
# deps` installs the missing ones.
DEB_BUILD   = build-essential pkg-config libcurl4-openssl-dev libxml2-dev \
              libsqlite3-dev libespeak-ng-dev portaudio19-dev
DEB_TEST    = python3 espeak-ng pulseaudio pulseaudio-utils \
              libasound2-plugins alsa-utils util-linux systemd mandoc
