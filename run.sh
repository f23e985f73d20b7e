#!/usr/bin/env bash
# Runs Vellum on its embedded defaults: builds the EAR and the WildFly server it runs in (both with Maven, into
# ear/target), prepares the appliance's home (.vellum/ unless VELLUM_HOME says otherwise), creates one user per role
# and starts WildFly in the foreground. Ctrl-C stops it. See README.md, "Quick start".
set -euo pipefail
cd "$(dirname "$0")"

ROLES=(admin producer compliance-officer archivist auditor)
HOME_DIR=${VELLUM_HOME:-$PWD/.vellum}
BASE=$HOME_DIR/standalone
BIND=${VELLUM_BIND_ADDRESS:-127.0.0.1}
PORT_OFFSET=${VELLUM_PORT_OFFSET:-0}
HTTP_PORT=$((8080 + PORT_OFFSET))
WILDFLY_VERSION=$(sed -n 's:.*<version.wildfly>\(.*\)</version.wildfly>.*:\1:p' pom.xml)
SERVER=$PWD/ear/target/wildfly-$WILDFLY_VERSION

echo "vellum: building the appliance and its server (the first run downloads WildFly and libraries)..."
started=$(date +%s)
mvn -B -q -DskipTests -Dspotless.check.skip=true -pl ear -am package
echo "vellum: built in $(( $(date +%s) - started )) s"

# The appliance's home keeps its data (H2 database, journal, keys) across builds; the configuration is refreshed
# from the freshly built server each time, so that changes to ear/src/main/cli take effect.
mkdir -p "$BASE/configuration" "$BASE/deployments" "$BASE/data/vellum" "$BASE/log"
chmod 700 "$HOME_DIR" "$BASE/data"
cp -r "$SERVER/standalone/configuration/." "$BASE/configuration/"
cp ear/target/vellum.ear "$BASE/deployments/vellum.ear"

# Users: one per role, named after it. A password comes from VELLUM_PASSWORD_<ROLE>; a role without one gets a
# generated password on its first run only. The server reads the bootstrap file, stores bcrypt hashes and deletes it.
bootstrap=$BASE/data/vellum/bootstrap-users.properties
declare -A shown
umask 077
: > "$bootstrap"
for role in "${ROLES[@]}"; do
    var=VELLUM_PASSWORD_$(tr 'a-z-' 'A-Z_' <<< "$role")
    marker=$BASE/data/vellum/.user-$role
    if [[ -n "${!var:-}" ]]; then
        password=${!var}
        if (( ${#password} < 12 )); then
            echo "vellum: $var must hold at least 12 characters" >&2
            exit 2
        fi
        shown[$role]="(from $var)"
    elif [[ ! -e $marker ]]; then
        password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
        shown[$role]="$password   (generated now; shown once)"
    else
        shown[$role]="(unchanged; set $var to reset it)"
        continue
    fi
    [[ $role == admin ]] && admin_password=$password
    printf '%s:%s\n' "$role" "$(printf '%s' "$password" | base64 | tr -d '\n')" >> "$bootstrap"
    touch "$marker"
done
umask 022
[[ -s $bootstrap ]] || rm -f "$bootstrap"

url=http://$BIND:$HTTP_PORT/vellum/

# A demo spool: on the first run the producer simulator writes the platform's logs (dirty parts included) into the
# default source's folder, and once the server is up a nightly run collects them. VELLUM_DEMO=0 skips it.
demo_spool=$BASE/data/vellum/spool/demo
demo_run=
if [[ ${VELLUM_DEMO:-1} != 0 && ! -e $demo_spool && -n ${admin_password:-} ]]; then
    java -jar producer-simulator/target/vellum-producer-simulator.jar --out "$demo_spool" --events 20000 \
        --nodes 3 --node-prefix demo- --seed "$RANDOM" --expected "$BASE/data/vellum/demo.expected.json" \
        | sed 's/^/vellum: demo spool: /'
    demo_run=1
fi

# Starts a nightly run over the demo spool and reports its accounting next to what the simulator expects.
demo() {
    local api=${url}api/v1 body id status=
    body=$(curl -s -u "admin:$admin_password" -X POST "$api/jobs/nightly-archive") || return 0
    id=$(sed -n 's/.*"execution_id":\([0-9]*\).*/\1/p' <<< "$body")
    [[ -n $id ]] || { echo "vellum: the demo run did not start: $body" >&2; return 0; }
    printf '  Demo: nightly-archive execution %s collects %s ...\n' "$id" "$demo_spool"
    for _ in $(seq 1 300); do
        body=$(curl -s -u "admin:$admin_password" "$api/jobs/executions/$id")
        status=$(sed -n 's/.*"status":"\([A-Z]*\)","steps".*/\1/p' <<< "$body")
        [[ $status == COMPLETED || $status == FAILED || $status == STOPPED ]] && break
        sleep 1
    done
    count() { sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p" <<< "$2" | head -1; }
    local expected
    expected=$(tr -d ' \n' < "$BASE/data/vellum/demo.expected.json")
    printf '  Demo: %s. Lines read %s (expected %s): appended %s (%s), duplicates %s (%s), quarantined %s (%s),\n' \
        "$status" "$(count lines_read "$body")" "$(count lines_read "$expected")" \
        "$(count appended "$body")" "$(count appended "$expected")" \
        "$(count duplicates "$body")" "$(count duplicates "$expected")" \
        "$(count quarantined "$body")" "$(count quarantined "$expected")"
    printf '        not audit %s (%s). Details: curl -u admin:PASSWORD %s/jobs/executions/%s\n\n' \
        "$(count not_audit "$body")" "$(count not_audit "$expected")" "$api" "$id"
}

# Prints how to sign in once the server is up; gives up if the server goes away first.
announce() {
    local server_pid=$1
    for _ in $(seq 1 480); do
        kill -0 "$server_pid" 2>/dev/null || return 0
        if grep -q 'WFLYSRV0025\|WFLYSRV0026' "$BASE/log/console.log" 2>/dev/null; then
            break
        fi
        sleep 0.5
    done
    if grep -q 'WFLYSRV0026' "$BASE/log/console.log" 2>/dev/null; then
        echo "vellum: WARNING: the server started with errors; see $BASE/log/server.log" >&2
    fi
    printf '\n  Vellum is running (started in %s s)\n' "$(( $(date +%s) - started ))"
    printf '    console:  %s\n    REST API: %sapi/v1   (docs/api.md)\n\n' "$url" "$url"
    printf '  Sign in with HTTP Basic or the login form as one of these users:\n'
    for role in "${ROLES[@]}"; do
        printf '    %-20s %s\n' "$role" "${shown[$role]}"
    done
    printf '\n  Try:  curl -u auditor:PASSWORD %sapi/v1/ledger/head\n' "$url"
    printf '  Home: %s (data, journal, keys, logs)    Stop: Ctrl-C\n\n' "$HOME_DIR"
    [[ -n $demo_run ]] && demo
    return 0
}

echo "vellum: starting WildFly $WILDFLY_VERSION (log: $BASE/log/server.log)"
rm -f "$BASE/log/console.log"
announce $$ &
# WildFly runs in the foreground (this script becomes standalone.sh), so Ctrl-C reaches it and it shuts down cleanly.
export JBOSS_JAVA_SIZING=${VELLUM_JAVA_SIZING:--Xms2g -Xmx2g}
exec "$SERVER/bin/standalone.sh" \
    -Djboss.server.base.dir="$BASE" \
    -Djboss.bind.address="$BIND" \
    -Djboss.socket.binding.port-offset="$PORT_OFFSET" \
    > "$BASE/log/console.log" 2>&1
