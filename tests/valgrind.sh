#!/bin/sh
# Runs vorleserd under valgrind memcheck; tests/run puts this script in
# $VORLESERD when VALGRIND=1 (make check VALGRIND=1), so every test that
# starts the daemon starts it under valgrind.  exec keeps the pid, so the
# tests' kill, wait and LISTEN_PID work unchanged.
#
# Errors are counted from the XML files, not from the exit status: many
# tests end the daemon with kill (or kill -9) and never look at how it
# exited.  --error-exitcode still fails a test that does look.  Leaks: only
# definite ones are errors (at a clean exit; a killed daemon has none).
# Third-party noise is suppressed in tests/valgrind.supp, each entry with
# the reason.
top=$(cd "$(dirname "$0")/.." && pwd)
: "${VORLESERD_REAL:?set by tests/run}"
: "${VALGRIND_DIR:?set by tests/run}"
exec valgrind --tool=memcheck --error-exitcode=99 --num-callers=30 \
    --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite \
    --suppressions="$top/tests/valgrind.supp" --gen-suppressions=all \
    --log-file="$VALGRIND_DIR/vg.%p.log" \
    --xml=yes --xml-file="$VALGRIND_DIR/vg.%p.xml" \
    "$VORLESERD_REAL" "$@"
