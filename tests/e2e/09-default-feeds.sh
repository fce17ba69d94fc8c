# Without a feeds file the daemon starts with the shipped default feeds,
# copied to the user's feeds file so that feed add and feed rm edit the
# user's own copy.  (No poll reaches the internet here: the test only
# looks at the subscriptions, and stops the daemon right away.)
. "$(dirname "$0")/lib.sh"

rm "$XDG_CONFIG_HOME/vorleser/feeds"
printf '[speech]\nautoplay = off\n[audio]\ndevice = null\n' \
    > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
start_daemon
[ -f "$XDG_CONFIG_HOME/vorleser/feeds" ] || fail "defaults not copied"
n=$(grep -c '^https://' "$TOP/daemon/feeds.default")
[ "$("$VORLESER" feeds | grep -c '^id: ')" -eq "$n" ] || fail "not $n feeds"
"$VORLESER" feeds | grep -q '^url: https://www.tagesschau.de/' || fail "no tagesschau"
cmp -s "$TOP/daemon/feeds.default" "$XDG_CONFIG_HOME/vorleser/feeds" ||
    grep -q 'tagesschau' "$XDG_CONFIG_HOME/vorleser/feeds" || fail "copy"
stop_daemon
ok "default feeds copied and subscribed"

# An existing feeds file, even an empty one, is the user's choice.
: > "$XDG_CONFIG_HOME/vorleser/feeds"
start_daemon
"$VORLESER" status | grep -qx 'feeds: 0' || fail "empty feeds file overridden"
ok "an empty feeds file stays empty"
