#!/usr/bin/env bash
# Run Hawtio 4.2.0 (the plain war) in Jetty 12.0.16 on this machine and point it at a ser2net-camel node's
# Jolokia (http://NODE:8778/observe/jolokia). Both come from Maven Central through mvn; nothing else is downloaded.
#
#   deploy/hawtio/run-hawtio.sh [JOLOKIA_URL]        default JOLOKIA_URL: http://127.0.0.1:8778/observe/jolokia
#
# Environment: HAWTIO_PORT (8090), HAWTIO_HOST (127.0.0.1), HAWTIO_DIR (work folder, ~/.cache/ser2net-camel-hawtio),
#              HAWTIO_ALLOW (extra hosts Hawtio's proxy may reach, comma-separated; the node's host is added for you).
# Runs in the foreground; Ctrl-C stops it.
set -euo pipefail

HAWTIO_VERSION=4.2.0
JETTY_VERSION=12.0.16
JOLOKIA_URL=${1:-http://127.0.0.1:8778/observe/jolokia}
PORT=${HAWTIO_PORT:-8090}
HOST=${HAWTIO_HOST:-127.0.0.1}
DIR=${HAWTIO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ser2net-camel-hawtio}

# split the Jolokia URL into the parts Hawtio's Connect page asks for
if [[ ! $JOLOKIA_URL =~ ^(https?)://([^/:]+)(:([0-9]+))?(/.*)?$ ]]; then
  echo "not an http(s) URL: $JOLOKIA_URL" >&2; exit 2
fi
SCHEME=${BASH_REMATCH[1]}
NODE=${BASH_REMATCH[2]}
NODE_PORT=${BASH_REMATCH[4]:-$([[ $SCHEME == https ]] && echo 443 || echo 80)}
NODE_PATH=${BASH_REMATCH[5]:-/jolokia}
ALLOW="localhost,127.0.0.1,$NODE${HAWTIO_ALLOW:+,$HAWTIO_ALLOW}"

mkdir -p "$DIR"
fetch() { # groupId:artifactId:version:type -> file in $DIR
  local file=$2
  if [[ ! -s $DIR/$file ]]; then
    mvn -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$DIR" -Dmdep.stripVersion=false >&2
  fi
}
fetch "io.hawt:hawtio-war:$HAWTIO_VERSION:war" "hawtio-war-$HAWTIO_VERSION.war"
fetch "org.eclipse.jetty:jetty-home:$JETTY_VERSION:tar.gz" "jetty-home-$JETTY_VERSION.tar.gz"

JETTY_HOME=$DIR/jetty-home-$JETTY_VERSION
[[ -d $JETTY_HOME ]] || tar -xzf "$DIR/jetty-home-$JETTY_VERSION.tar.gz" -C "$DIR"

# a Jetty base of our own: http + ee10 deployer, the war deployed at /hawtio
JETTY_BASE=$DIR/base-$HAWTIO_VERSION
if [[ ! -f $JETTY_BASE/start.d/http.ini ]]; then
  mkdir -p "$JETTY_BASE"
  (cd "$JETTY_BASE" && java -jar "$JETTY_HOME/start.jar" --add-modules=http,ee10-deploy >/dev/null 2>&1)
fi
mkdir -p "$JETTY_BASE/webapps"
cp -f "$DIR/hawtio-war-$HAWTIO_VERSION.war" "$JETTY_BASE/webapps/hawtio.war"

CONNECT_URL="http://$HOST:$PORT/hawtio/connect/remote"
cat >&2 <<MSG

Hawtio $HAWTIO_VERSION starting on http://$HOST:$PORT/hawtio/
Open $CONNECT_URL, "Add connection":
    Name: ser2net ($NODE)   Scheme: $SCHEME   Host: $NODE   Port: $NODE_PORT   Path: $NODE_PATH
then "Connect" and open Camel > ser2net-camel > Routes.
(The node's Jolokia is read-only: Hawtio shows routes and statistics but cannot stop or start them.)

MSG

cd "$JETTY_BASE"
exec java \
  -Dhawtio.disableProxy=false \
  -Dhawtio.proxyAllowlist="$ALLOW" \
  -Dhawtio.authenticationEnabled=false \
  -jar "$JETTY_HOME/start.jar" jetty.http.host="$HOST" jetty.http.port="$PORT"
