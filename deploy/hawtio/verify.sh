#!/usr/bin/env bash
# End-to-end check that Hawtio shows our bridges, with the real things and nothing but loopback traffic:
# builds and starts ser2net-camel with its simulated demo stick, sends bytes through bridge "zigbee" (port 6638),
# starts Hawtio 4.2.0 in Jetty 12.0.16 (run-hawtio.sh), and drives headless Chromium (check-hawtio.mjs) to add the
# connection, open Camel > routes, check the route names and exchange counts, and save a screenshot.
# Stops everything it started on exit.
#
#   deploy/hawtio/verify.sh [SCREENSHOT.png]          (default deploy/hawtio/hawtio-routes.png), from the repository root
#
# Needs: Java 17, Maven, Node.js/npm, python3 and Chromium (Debian: apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHOT=$(realpath -m "${1:-deploy/hawtio/hawtio-routes.png}")
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_http() { for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done; echo "no answer from $1" >&2; return 1; }

# 1. the app, with a demo stick served on 6638 per a snippet in a temp folder
mkdir -p "$WORK/snippets"
cat > "$WORK/snippets/10c4:ea60.yaml" <<'YAML'
connection: &zigbee
  accepter: tcp,6638
  connector: serialdev,DEVNODE,115200n81,local
YAML
mvn -B -q package -DskipTests
java -Dser2net.snippets="$WORK/snippets" -Dser2net.demo=true -jar target/ser2net-camel.jar > "$WORK/app.log" 2>&1 &
PIDS+=($!)
wait_http http://127.0.0.1:8778/observe/health
for _ in $(seq 1 60); do grep -q 'bridge zigbee: up' "$WORK/app.log" && break; sleep 0.5; done

# some traffic through the bridge (the demo stick echoes), then a client that stays connected during the
# check, so both bridge routes are Started (the device route runs only while a client holds the device open)
python3 - <<'PY'
import socket, time
for i in range(3):
    time.sleep(0.5)  # max-connections is 1: let the bridge see the previous client leave
    with socket.create_connection(("127.0.0.1", 6638), timeout=5) as s:
        for j in range(5):
            msg = b"hello %d %d\n" % (i, j)
            s.sendall(msg)
            got = b""
            while len(got) < len(msg):
                got += s.recv(100)
            assert got == msg, got
PY
python3 -c '
import socket, time
time.sleep(0.5)
s = socket.create_connection(("127.0.0.1", 6638))
while True:
    s.sendall(b"ping\n"); s.recv(100); time.sleep(1)
' &
PIDS+=($!)

# 2. Hawtio
HAWTIO_PORT=8090 deploy/hawtio/run-hawtio.sh http://127.0.0.1:8778/observe/jolokia > "$WORK/hawtio.log" 2>&1 &
PIDS+=($!)
wait_http http://127.0.0.1:8090/hawtio/

# 3. the browser
if [[ ! -d $WORK/npm/node_modules/playwright-core ]]; then
  (mkdir -p "$WORK/npm" && cd "$WORK/npm" && npm install --silent --no-audit --no-fund playwright-core >/dev/null)
fi
NODE_PATH="$WORK/npm/node_modules" node deploy/hawtio/check-hawtio.mjs "$SHOT"
