# Shared by the bench scripts that need a dedicated appliance: source it, then call start_appliance and run_nightly.

# start_appliance WORK PORT_OFFSET HEAP: builds (unless BENCH_NO_BUILD is set) and starts ./run.sh with its own home in
# WORK/home, passwords for admin, auditor and producer in PASSWORD, and waits until it answers; stops it when the script exits.
# Sets PASSWORD, BASE and IMPORT (the import folder the nightly job may read).
start_appliance() {
    local work=$1 offset=$2 heap=$3
    PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    BASE=http://127.0.0.1:$((8080 + offset))/vellum/api/v1
    # a previous run's WORM copies are immutable where it ran as root: lift the attribute before removing them
    [ -d "$work" ] && { chattr -R -i "$work" 2> /dev/null || true; }
    rm -rf "$work" && mkdir -p "$work"
    [ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -DskipTests -Dspotless.check.skip=true -pl producer-simulator,ear -am install
    IMPORT=$work/home/standalone/data/vellum/import
    mkdir -p "$IMPORT"
    VELLUM_DEMO=0 VELLUM_HOME=$work/home VELLUM_PORT_OFFSET=$offset VELLUM_PASSWORD_ADMIN=$PASSWORD \
        VELLUM_PASSWORD_AUDITOR=$PASSWORD VELLUM_PASSWORD_PRODUCER=$PASSWORD \
        VELLUM_JAVA_SIZING="-Xms$heap -Xmx$heap ${BENCH_JAVA_OPTS:-}" \
        setsid ./run.sh > "$work/run.log" 2>&1 &
    # shellcheck disable=SC2064
    trap "pkill -f 'jboss.server.base.dir=$work/home' || true; chattr -R -i '$work' 2> /dev/null || true" EXIT
    for _ in $(seq 1 120); do
        curl -sf -u "admin:$PASSWORD" "$BASE/system" > /dev/null 2>&1 && return 0
        sleep 2
    done
    echo "the appliance did not start; see $work/run.log"
    return 1
}

# run_nightly SPOOL: runs nightly-archive over SPOOL (source name "bench") and waits for it to end; sets json to the
# execution (GET /jobs/executions/{id}) and fails unless it completed.
run_nightly() {
    local id status
    id=$(curl -sf -u "admin:$PASSWORD" -X POST -H 'Content-Type: application/json' \
        -d "{\"sourceDir\":\"$1\",\"sourceName\":\"bench\"}" \
        "$BASE/jobs/nightly-archive" | python3 -c 'import json,sys; print(json.load(sys.stdin)["execution_id"])')
    while true; do
        json=$(curl -sf -u "admin:$PASSWORD" "$BASE/jobs/executions/$id")
        status=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["status"])' "$json")
        case $status in COMPLETED|FAILED|STOPPED) break ;; esac
        sleep 5
    done
    [ "$status" = COMPLETED ] || { echo "the nightly run ended $status"; return 1; }
}
