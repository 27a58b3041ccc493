#!/usr/bin/env bash
# Speed and size figures for the README, on a release build, side by side with the reference
# Python decoders on the same files. Usage: scripts/benchmark.sh   (BENCH_ACTIVITIES=1000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet fitdecode gpxpy >/dev/null 2>&1 || true
swift build -c release --product athletiq-bench >/dev/null
OUT=$(mktemp)
.build/release/athletiq-bench Tests/Fixtures all | tee "$OUT"
python3 scripts/bench_reference.py Tests/Fixtures | tee -a "$OUT"
python3 - "$OUT" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
get = lambda **k: next(r for r in rows if all(r.get(a) == b for a, b in k.items()))
fit, gpx = get(measure="decode", format="fit"), get(measure="decode", format="gpx")
fitdecode, gpxpy = get(measure="reference", library="fitdecode"), get(measure="reference", library="gpxpy")
memory, storage, export = get(measure="memory"), get(measure="storage"), get(measure="strava_export_import")
print()
print("| measure | athletIQ | reference | ratio | target |")
print("|---|---|---|---|---|")
print(f"| FIT decoding (records/s, {fit['files']} fixture files) | {fit['samples_per_second']:,.0f} | fitdecode {fitdecode['samples_per_second']:,.0f} | {fit['samples_per_second']/fitdecode['samples_per_second']:.0f}x | ≥ 100x |")
print(f"| GPX decoding (points/s, {gpx['files']} fixture files) | {gpx['samples_per_second']:,.0f} | gpxpy {gpxpy['samples_per_second']:,.0f} | {gpx['samples_per_second']/gpxpy['samples_per_second']:.0f}x | ≥ 30x |")
large = next((r for r in rows if r.get("measure") == "decode_large_gpx"), None)
large_ref = next((r for r in rows if r.get("library") == "gpxpy-large"), None)
if large and large_ref:
    print(f"| GPX decoding (points/s, one 10-hour track of {large['points']:,} points, {large['bytes']/1e6:.1f} MB) | {large['samples_per_second']:,.0f} | gpxpy {large_ref['samples_per_second']:,.0f} | {large['samples_per_second']/large_ref['samples_per_second']:.0f}x | ≥ 30x |")
print(f"| Peak memory decoding {memory['file']} ({memory['file_bytes']/1e6:.1f} MB) | {memory['peak_rss_growth_bytes']/1e6:.1f} MB | | {memory['ratio_to_file']:.1f}x the file | < 3x |")
print(f"| Strava export of {export['activities']} one-hour activities ({export['export_megabytes']:.0f} MB), imported into SQLite | {export['import_seconds']:.1f} s | | {export['imported']} imported, {export['failed']} failed | < 60 s |")
analytics = get(measure="analytics")
print(f"| Fitness/fatigue/form over 10 years of daily loads | {analytics['fitness_ten_years_ms']:.2f} ms | | | < 10 ms |")
print(f"| Weekly statistics over 5,000 activities, through the HTTP API | {analytics['stats_5000_activities_api_ms']:.1f} ms | | | < 20 ms |")
print(f"| The same, first request after an activity changed (every row read again) | {analytics['stats_5000_activities_after_change_ms']:.1f} ms | | | |")
print(f"| Analysis of a 10-hour activity (36,000 samples) | {analytics['analysis_36000_samples_ms']:.1f} ms | | | < 20 ms |")
pages = next((r for r in rows if r.get("measure") == "pages"), None)
if pages:
    print(f"| Dashboard page, athlete with 5,000 activities (server time; weight with CSS and JS) | {pages['dashboard_ms']:.1f} ms | | {pages['dashboard_bytes']/1000:.0f} kB | < 50 ms, < 200 kB |")
    print(f"| Activity page, 10-hour ride of 36,000 samples (server time; weight with CSS and JS) | {pages['activity_ms']:.1f} ms | | {pages['activity_bytes']/1000:.0f} kB | < 50 ms, < 200 kB |")
curves = next((r for r in rows if r.get("measure") == "curves"), None)
if curves:
    print(f"| Power curve of all time, athlete with 10,000 rides, through the HTTP API | {curves['power_curve_all_time_10000_activities_ms']:.1f} ms | | | < 50 ms |")
    print(f"| The same, last 90 days with all time laid over it | {curves['power_curve_90_days_and_all_time_10000_activities_ms']:.1f} ms | | | |")
day = next((r for r in rows if r.get("measure") == "strava_day"), None)
if day:
    print(f"| Strava day: {day['users']} athletes, {day['activities']:,} activities, quota {day['read_limit']} | {day['read_requests']} reads, {day['received_429']} × 429 | | {day['reads_per_enriched_activity']} reads per enriched activity; summaries within {day['longest_summary_wait_minutes']} min; first activity within {day['longest_first_activity_wait_minutes']} min | never over the limit |")
print(f"| Stored samples vs JSON ({storage['activities']} activities) | {storage['stored_bytes']/1e6:.2f} MB | JSON {storage['json_bytes']/1e6:.1f} MB | {storage['json_to_stored']:.0f}x smaller | ≥ 10x |")
PY
