#!/usr/bin/env bash
# Benchmarks: each prints its figures as ratios against a baseline run side by side.
#   npm run bench -- NAME [args]     NAME: store | spearman | teacher | figures | server | http-stack | hf | generation | train-dtype | train-processes | demo | forgetting | scale | select | pool | view | label-margins
#   npm run bench -- all             every benchmark but demo, forgetting, scale, select, pool and view (minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
py="$(bash scripts/python.sh)"
run() {
  local name=$1; shift
  echo "== bench: $name"
  case "$name" in
    store)    node dist/bench/store-write.js "$@" ;;
    spearman) node dist/bench/spearman.js "$@" ;;
    teacher)  node dist/bench/teacher-throughput.js "$@" ;;
    figures)  node dist/bench/figure-export.js "$@" ;;
    server)   OPENBLAS_NUM_THREADS=1 "$py" bench/server_bench.py "$@" ;;
    http-stack) "$py" bench/http_stack_bench.py "$@" ;;
    hf)       OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$py" bench/hf_bench.py "$@" ;;
    generation) "$py" bench/generation_bench.py "$@" ;;
    train-dtype) "$py" bench/train_dtype_bench.py "$@" ;;
    train-processes) "$py" bench/train_processes_bench.py "$@" ;;
    demo)     node dist/bench/demo-wall-time.js "$@" ;;
    forgetting) node dist/bench/forgetting.js "$@" ;;
    select)   node dist/bench/select-scale.js "$@" ;;
    pool)     node dist/bench/pool-scale.js "$@" ;;
    scale)    node dist/bench/scale.js "$@" ;;
    view)     node dist/bench/view.js "$@" ;;
    label-margins) node dist/bench/label-margins.js "$@" ;;
    *) echo "unknown benchmark '$name' (store, spearman, teacher, figures, server, http-stack, hf, generation, train-dtype, train-processes, demo, forgetting, scale, select, pool, view, label-margins, all)" >&2; exit 2 ;;
  esac
}
name="${1:-}"
if [ -z "$name" ]; then sed -n '2,4p' "$0"; exit 2; fi
shift
if [ "$name" = all ]; then
  for n in store spearman teacher figures server hf; do run "$n"; done
else
  run "$name" "$@"
fi
