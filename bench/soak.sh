#!/bin/sh
# Soak: 50 changing feeds polled every few seconds, continuous speech,
# clients coming and going, for SOAK_SECONDS (default 1800): RSS and open
# fds must not grow.  Long: run it by name (make bench BENCH=soak).
cd "$(dirname "$0")/.." && exec python3 bench/soak.py
