"""Reference decoders on the same fixture files, for the speed ratios of scripts/benchmark.sh."""
import json, os, statistics, sys, time

fixtures = sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures"

def timed(label, files, decode):
    """Rounds over every file for 5 s; the median round is the figure (a busy neighbour slows some
    rounds, not the typical one), as for athletIQ's own decoders."""
    samples, rounds, rates, start = 0, 0, [], time.perf_counter()
    while time.perf_counter() - start < 5 or rounds == 0:
        round_start, round_samples = time.perf_counter(), 0
        for path in files:
            round_samples += decode(path)
        samples += round_samples
        rates.append(round_samples / (time.perf_counter() - round_start))
        rounds += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"measure": "reference", "library": label, "rounds": rounds, "files": len(files),
                      "samples_per_second": statistics.median(rates), "mean_samples_per_second": samples / seconds}))

import fitdecode
def fit_records(path):
    count = 0
    with fitdecode.FitReader(path, check_crc=fitdecode.CrcCheck.DISABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                count += 1
    return count

def fit_ok(path):
    try:
        fit_records(path)
        with fitdecode.FitReader(path) as reader:
            for _ in reader: pass
        return True
    except Exception:
        return False

fit_dir = os.path.join(fixtures, "fit")
fit_files = [os.path.join(fit_dir, f) for f in sorted(os.listdir(fit_dir)) if f.endswith(".fit")]
fit_files = [f for f in fit_files if fit_ok(f)]
timed("fitdecode", fit_files, fit_records)

import gpxpy
def gpx_points(path):
    with open(path, encoding="utf-8-sig") as handle:
        gpx = gpxpy.parse(handle)
    points = sum(len(s.points) for t in gpx.tracks for s in t.segments)
    return points if points else sum(len(r.points) for r in gpx.routes)

gpx_dir = os.path.join(fixtures, "gpx")
gpx_files = [os.path.join(gpx_dir, f) for f in sorted(os.listdir(gpx_dir)) if f.endswith(".gpx")]
timed("gpxpy", gpx_files, gpx_points)

large = os.path.join(os.environ.get("TMPDIR", "/tmp"), "athletiq-synthetic-10h.gpx")
if os.path.exists(large):
    timed("gpxpy-large", [large], gpx_points)
