# HTTPS after fetch.c initialises OpenSSL without its error texts: the
# certificate is still checked (a self-signed server is refused with
# curl's certificate reason), and an OpenSSL error that lost its text is
# worded again (https to a port that answers in plain HTTP: "SSL
# routines::...", not "lib(20)::reason(267)").  A trusted HTTPS server
# cannot be made here without changing the system's certificate store
# (docs/design.md, "Memory", says how that was checked by hand).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
python3 "$TOP/tests/mkfeed.py" "$T/www/f.rss" --name f
start_httpd www "$T/www"
HP=$(cat "$T/www.port")

# The same folder over TLS, with the committed self-signed certificate;
# and a port that answers any connection at once in plain HTTP, which a
# TLS client takes for a record of an unknown version (http.server
# itself would wait for a line end the ClientHello may not contain).
python3 -c 'import functools, http.server, os, socket, ssl, sys, threading
def plain(ls):
    while True:
        c, _ = ls.accept()
        c.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
        c.close()
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(8)
threading.Thread(target=plain, args=(ls,), daemon=True).start()
h = functools.partial(http.server.SimpleHTTPRequestHandler,
    directory=sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
c.load_cert_chain(sys.argv[2], sys.argv[3])
s.socket = c.wrap_socket(s.socket, server_side=True)
with open(sys.argv[4] + ".tmp", "w") as f:
    f.write("%d %d" % (s.server_address[1], ls.getsockname()[1]))
os.rename(sys.argv[4] + ".tmp", sys.argv[4])
s.serve_forever()' "$T/www" "$TOP/tests/data/tls/cert.pem" \
    "$TOP/tests/data/tls/key.pem" "$T/tls.port" 2>>"$T/httpd.log" &
PIDS="$PIDS $!"
wait_for "[ -s '$T/tls.port' ]" || fail "TLS server did not start"
read -r TP PP < "$T/tls.port"

cat > "$FEEDS" <<EOT
https://127.0.0.1:$TP/f.rss
https://127.0.0.1:$PP/f.rss
http://127.0.0.1:$HP/f.rss
EOT
poll_once

reason() { # URL: the reason the daemon logged for that feed
	grep -F "poll: $1: " "$T/daemon.log" | grep -v ': [0-9]*, [0-9]* new' |
	    head -n 1 | sed "s|^.*poll: $1: ||"
}
grep -q "poll: http://127.0.0.1:$HP/f.rss: 200, [1-9][0-9]* new" \
    "$T/daemon.log" || fail "plain HTTP feed not stored"
ok "plain HTTP feed stored"

r=$(reason "https://127.0.0.1:$TP/f.rss")
case $r in
"SSL certificate problem: "*) ;;
*) fail "self-signed server not refused for its certificate: $r" ;;
esac
ok "self-signed server refused: $r"

r=$(reason "https://127.0.0.1:$PP/f.rss")
case $r in
*"SSL routines::"*) ;;
*) fail "OpenSSL error without its text: $r" ;;
esac
case $r in
*"reason("*) fail "OpenSSL reason not worded: $r" ;;
esac
ok "OpenSSL error worded: $r"
