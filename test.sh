#!/usr/bin/env bash
# Runs Wharf's whole test suite on a Debian machine with the .NET 10 SDK. It first installs what the tests
# need (Debian packages when run as root, npm packages for the JavaScript interop clients), then builds once
# and runs every test project. Exits non-zero on any failure; the last line is "N passed, N failed".
#   ./test.sh                     everything
#   ./test.sh --filter <expr>     only matching tests (dotnet test --filter syntax)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
filter=()
if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then
    filter=(--filter "$2")
fi

# --- what the tests need ---------------------------------------------------------------------------------
debian_packages=(
    librdkafka1            # the native Kafka client under Confluent.Kafka (Wharf's services) and kcat
    kcat                   # interop: librdkafka's command-line client
    python3-kafka          # interop: kafka-python 2.0.2, a pure Python protocol implementation
    python3-confluent-kafka # interop: confluent-kafka-python 1.7 on librdkafka
    python3-snappy python3-lz4 python3-zstandard # compression codecs for kafka-python
    python3-requests       # REST Proxy: seed 003's legacy v1 consumer scripts
    python3-avro           # Wharf.Avro: live interop with Apache Avro's Python implementation (LiveInteropTests)
    lz4 zstd               # interop: the reference command-line codecs read Wharf's compressed output
)
# Node.js may come from elsewhere (nodesource); install Debian's only when no npm is on PATH.
command -v npm >/dev/null 2>&1 || debian_packages+=(nodejs npm)
missing=()
for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "test.sh: installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "test.sh: apt-get failed" >&2; exit 1; }
    else
        echo "test.sh: missing Debian packages; run: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

interop_js="$root/tests/Wharf.Interop.Tests/js"
if [ -f "$interop_js/package.json" ] && [ ! -d "$interop_js/node_modules/kafkajs" ]; then
    echo "test.sh: installing npm packages for the JavaScript interop tests"
    (cd "$interop_js" && npm ci --no-audit --no-fund --loglevel=error) || { echo "test.sh: npm ci failed" >&2; exit 1; }
fi

registry_js="$root/tests/Wharf.SchemaRegistry.Tests/js"
if [ -f "$registry_js/package.json" ] && [ ! -d "$registry_js/node_modules/@kafkajs/confluent-schema-registry" ]; then
    echo "test.sh: installing npm packages for the Schema Registry interop test"
    (cd "$registry_js" && npm ci --no-audit --no-fund --loglevel=error) || { echo "test.sh: npm ci failed" >&2; exit 1; }
fi

# --- build once, then run each test project -------------------------------------------------------------
echo "test.sh: building"
dotnet build Wharf.slnx -c Release --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0
for project in tests/*.Tests/*.Tests.csproj; do
    name="$(basename "$project" .csproj)"
    echo "test.sh: running $name"
    if ! dotnet test "$project" -c Release --no-build --nologo "${filter[@]}" \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false; then
        status=1
    fi
done

# --- summary: sum the counters of every TRX file ---------------------------------------------------------
passed=0; failed=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1   # a test host crashed or a project did not run: count it, never report green
fi
echo "$passed passed, $failed failed"
exit "$status"
