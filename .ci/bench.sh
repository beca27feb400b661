#!/usr/bin/env bash
# End-to-end speed figures for BENCHMARKS.md (issue 6): for each size, generate a synthetic batch with
# `awards gen`, then time `awards run` (load, stage, decide, report, publish) — and `awards validate`
# (load only) — under /usr/bin/time -v, printing wall time, peak RSS and the per-stage durations the run
# logs. Usage: .ci/bench.sh [SIZES...]   (default: 10000 50000)
# Environment: BENCH_DIR (default /tmp/awards-bench), BENCH_SEED (1), BENCH_THREADS (2), BENCH_MODE
# (run | validate | both; default both).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 50000)
dir=${BENCH_DIR:-/tmp/awards-bench}
seed=${BENCH_SEED:-1}
threads=${BENCH_THREADS:-2}
mode=${BENCH_MODE:-both}
mkdir -p "$dir"
go build -o "$dir/awards" ./cmd/awards
echo "machine: nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
printf '%-10s %-9s %10s %12s %10s  %s\n' enterprises command wall_s peak_rss_MiB input_MiB stages
for n in "${sizes[@]}"; do
	in="$dir/batch-$n-seed$seed"
	if [ ! -f "$in/.complete" ]; then
		rm -rf "$in"
		"$dir/awards" gen --enterprises "$n" --out "$in" --seed "$seed" >/dev/null
		touch "$in/.complete"
	fi
	size=$(du -sm "$in" | cut -f1)
	cmds=(run validate)
	[ "$mode" = run ] && cmds=(run)
	[ "$mode" = validate ] && cmds=(validate)
	for cmd in "${cmds[@]}"; do
		out="$dir/out-$n"
		rm -rf "$out"
		args=("$cmd" --input "$in")
		[ "$cmd" = run ] && args+=(--out "$out" --threads "$threads" --temp-dir "$dir/tmp")
		log="$dir/$cmd-$n.log"
		/usr/bin/time -v "$dir/awards" "${args[@]}" >"$log.out" 2>"$log" || { echo "awards $cmd failed: see $log"; exit 1; }
		wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
		rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$log")
		stages=$(grep -o '"seconds":[0-9.]*,"time":"[^"]*","message":"stage [a-z]*"' "$log" |
			sed -E 's/"seconds":([0-9.]*),"time":"[^"]*","message":"stage ([a-z]*)"/\2=\1s/' | tr '\n' ' ' || true)
		printf '%-10s %-9s %10s %12s %10s  %s\n' "$n" "$cmd" "$wall" "$rss" "$size" "$stages"
	done
done
