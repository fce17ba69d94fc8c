#!/bin/sh
# Feed polling: vorleserd --poll-once beside newsboat -x reload (issue 3).
cd "$(dirname "$0")/.." && exec python3 bench/feeds.py
