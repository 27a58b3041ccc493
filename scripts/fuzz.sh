#!/usr/bin/env bash
# Fuzzes each decoder with libFuzzer (the runtime ships with the Swift toolchain), seeded with the
# sample files of Tests/Fixtures. Usage: scripts/fuzz.sh [seconds per target] [targets...]
# Targets: fit gpx tcx archive samples. Crashes are saved under fuzz-corpus/crashes/<target>/;
# replay one with: ATHLETIQ_FUZZ_TARGET=fit swift run athletiq-fuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fit gpx tcx archive samples)

swift build -c release --product athletiq-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -D -Xswiftc FUZZING >/dev/null
BINARY=.build-fuzz/release/athletiq-fuzz

seed() {
    local target=$1 dir=fuzz-corpus/$1
    mkdir -p "$dir" "fuzz-corpus/crashes/$target"
    case $target in
        fit) cp Tests/Fixtures/fit/*.fit "$dir/" ;;
        gpx) cp Tests/Fixtures/gpx/*.gpx "$dir/" ;;
        tcx) cp Tests/Fixtures/tcx/*.tcx "$dir/" ;;
        archive)
            for f in Tests/Fixtures/fit/fitparse-Activity.fit Tests/Fixtures/gpx/gpxpy-track-with-empty-segment.gpx; do
                gzip -c "$f" > "$dir/$(basename "$f").gz"
            done
            (cd Tests/Fixtures && python3 -c "
import zipfile; z = zipfile.ZipFile('../../$dir/seed.zip', 'w', zipfile.ZIP_DEFLATED)
z.write('fit/fitparse-Activity.fit', 'activities/1.fit'); z.writestr('activities.csv', 'Activity ID,Filename\n1,activities/1.fit\n'); z.close()")
            ;;
        samples) printf '\001' > "$dir/empty" ;;
    esac
}

status=0
for target in "${TARGETS[@]}"; do
    seed "$target"
    echo "==> fuzzing $target for ${SECONDS_PER_TARGET}s"
    if ATHLETIQ_FUZZ_TARGET=$target "$BINARY" "fuzz-corpus/$target" -max_total_time="$SECONDS_PER_TARGET" \
        -max_len=262144 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        -artifact_prefix="fuzz-corpus/crashes/$target/" >"fuzz-corpus/$target.log" 2>&1; then
        echo "    no crash: $(grep -E 'stat::number_of_executed_units' "fuzz-corpus/$target.log" | awk '{print $2}') inputs"
    else
        echo "    CRASH: see fuzz-corpus/$target.log and fuzz-corpus/crashes/$target/"
        status=1
    fi
done
exit $status
