#!/bin/sh
# Control socket under abuse: p99 ping with 200 abusive clients.
cd "$(dirname "$0")/.." && exec python3 bench/protocol.py
