# The fault tests' private mount namespace and tmpfs state folder.
#
# Source this first, then call "in_mount_ns "$0" "$@"" before lib.sh: it
# runs the test again in a private mount namespace (root may make one;
# elsewhere the test is skipped with 77).  After lib.sh, "state_on_tmpfs
# SIZE" makes the state folder a tmpfs of that size, unmounted at exit.

in_mount_ns() {
	[ -n "${FAULTS_NS:-}" ] && return 0
	if ! unshare -m --propagation private true 2>/dev/null; then
		echo "skip: no mount namespace (unshare -m) here"
		exit 77
	fi
	FAULTS_NS=1 exec unshare -m --propagation private sh "$@"
}

state_on_tmpfs() {
	STATE="$XDG_STATE_HOME"
	mount -t tmpfs -o "size=$1,mode=0700" tmpfs "$STATE" ||
	    fail "mount tmpfs"
	trap cleanup_ns EXIT
}

cleanup_ns() {
	[ "$(mypid)" = "$MAINPID" ] || return 0
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	umount "$STATE" 2>/dev/null
	rm -rf "$T"
}
