#!/usr/bin/env bash
# The same ingest load (IngestLoad) against four set-ups, one after the other, each on a fresh database:
#   h2         one node, embedded H2, journal writer (the embedded default)
#   pg         one node, PostgreSQL with separated privileges, journal writer
#   pg-shared  one node, PostgreSQL, shared writer (what every node of a cluster runs)
#   pg-2       two nodes, PostgreSQL, shared writer, the clients spread over both
# Usage: bench/cluster.sh [clients] [batch] [seconds] [modes...]   (defaults: 4 1000 60 h2 pg pg-shared pg-2)
# Clients keep a session (form login): with HTTP Basic a bcrypt check per request, not the ledger, sets the rate.
# Needs PostgreSQL on 127.0.0.1:5432, reachable as postgres with psql (as on these machines and in CI); makes database
# vellum_bench and roles vellum_bench_owner and vellum_bench_app, and drops them at the end. Servers listen on ports
# 8580 and 8680 only. docs/BENCHMARKS.md records results.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${1:-4}
BATCH=${2:-1000}
SECONDS_MEASURED=${3:-60}
shift $(( $# < 3 ? $# : 3 ))
MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(h2 pg pg-shared pg-2)
HEAP=${BENCH_HEAP:-1g}
WORK=$PWD/ear/target/bench-cluster
WILDFLY_VERSION=$(sed -n 's:.*<version.wildfly>\(.*\)</version.wildfly>.*:\1:p' pom.xml)
H2_SERVER=$PWD/ear/target/wildfly-$WILDFLY_VERSION
PG_SERVER=$PWD/ear/target/postgresql/wildfly-$WILDFLY_VERSION
PSQL=(psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)

[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -DskipTests -Dspotless.check.skip=true -pl ear -am install
[ -d "$PG_SERVER" ] || { echo "no PostgreSQL server in $PG_SERVER: build where /etc/postgresql exists"; exit 1; }

PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
OWNER_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
APP_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
PIDS=()

stop_servers() {
    for pid in "${PIDS[@]}"; do
        kill -- "-$pid" 2> /dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        while kill -0 -- "-$pid" 2> /dev/null; do sleep 0.5; done
    done
    PIDS=()
}

drop_database() {
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS vellum_bench WITH (FORCE)" \
        -c "DROP ROLE IF EXISTS vellum_bench_app" -c "DROP ROLE IF EXISTS vellum_bench_owner"
}
trap 'stop_servers; drop_database > /dev/null 2>&1 || true' EXIT

# A fresh PostgreSQL database made by the operator's scripts, and the properties file naming it.
fresh_database() {
    drop_database
    VELLUM_DB_OWNER_PASSWORD=$OWNER_PASSWORD VELLUM_DB_APP_PASSWORD=$APP_PASSWORD "${PSQL[@]}" -d postgres \
        -v owner=vellum_bench_owner -v app=vellum_bench_app -f ear/src/main/postgresql/create-roles.sql
    "${PSQL[@]}" -d postgres -v db=vellum_bench -v owner=vellum_bench_owner -v app=vellum_bench_app \
        -f ear/src/main/postgresql/create-database.sql > /dev/null
    umask 077
    cat > "$WORK/database.properties" << EOF
vellum.db.name=vellum_bench
vellum.db.owner.user=vellum_bench_owner
vellum.db.owner.password=$OWNER_PASSWORD
vellum.db.app.user=vellum_bench_app
vellum.db.app.password=$APP_PASSWORD
EOF
    umask 022
}

# start_node SERVER DIR OFFSET [ARGS...]: a server of its own base directory, producer's password set, in the background.
start_node() {
    local server=$1 dir=$2 offset=$3
    shift 3
    mkdir -p "$dir/deployments" "$dir/data/vellum"
    cp -r "$server/standalone/configuration" "$dir/"
    cp ear/target/vellum.ear "$dir/deployments/"
    printf 'producer:%s\n' "$(printf '%s' "$PASSWORD" | base64)" > "$dir/data/vellum/bootstrap-users.properties"
    JBOSS_JAVA_SIZING="-Xms$HEAP -Xmx$HEAP" setsid "$server/bin/standalone.sh" -Djboss.server.base.dir="$dir" \
        -Djboss.socket.binding.port-offset="$offset" "$@" > "$dir/console.log" 2>&1 &
    PIDS+=($!)
}

await_node() {
    local dir=$1
    for _ in $(seq 1 180); do
        grep -q 'WFLYSRV0025\|WFLYSRV0026' "$dir/console.log" 2> /dev/null && break
        sleep 1
    done
    grep -q 'WFLYSRV0025' "$dir/console.log" || { echo "a server did not start cleanly: $dir/console.log"; exit 1; }
}

run_mode() {
    local mode=$1 dir=$WORK/$1 bases
    rm -rf "$dir" && mkdir -p "$dir"
    case $mode in
        h2)
            start_node "$H2_SERVER" "$dir/node-1" 500
            await_node "$dir/node-1"
            bases=http://127.0.0.1:8580/ ;;
        pg)
            fresh_database
            start_node "$PG_SERVER" "$dir/node-1" 500 --properties="$WORK/database.properties"
            await_node "$dir/node-1"
            bases=http://127.0.0.1:8580/ ;;
        pg-shared | pg-2)
            fresh_database
            local shared=(-Dvellum.ledger.writer=shared -Dvellum.pki.dir="$dir/shared/keys"
                -Dvellum.pseudonym.key-file="$dir/shared/keys/pseudonym.key" -Dvellum.archive.dir="$dir/shared/archives")
            start_node "$PG_SERVER" "$dir/node-1" 500 --properties="$WORK/database.properties" "${shared[@]}" \
                -Djboss.node.name=bench-1
            await_node "$dir/node-1"
            bases=http://127.0.0.1:8580/
            if [ "$mode" = pg-2 ]; then
                start_node "$PG_SERVER" "$dir/node-2" 600 --properties="$WORK/database.properties" "${shared[@]}" \
                    -Djboss.node.name=bench-2
                await_node "$dir/node-2"
                bases=$bases,http://127.0.0.1:8680/
            fi ;;
        *) echo "unknown mode $mode"; exit 2 ;;
    esac
    echo "== $mode"
    java -cp verifier/target/test-classes:verifier/target/classes:ear/target/test-classes \
        -Dfile.encoding=UTF-8 org.vellum.bench.IngestLoad "$bases" producer "$PASSWORD" "$CLIENTS" "$BATCH" \
        "$SECONDS_MEASURED" session
    stop_servers
}

mkdir -p "$WORK"
echo "ingest on $(nproc) cores, ${HEAP} heap per server; PostgreSQL $("${PSQL[@]}" -d postgres -tAc 'SHOW server_version')"
for mode in "${MODES[@]}"; do
    run_mode "$mode"
done
