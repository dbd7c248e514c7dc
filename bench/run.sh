#!/usr/bin/env bash
# Measures the foundation's targets at scale (see README "Benchmarks"):
#   bench/run.sh [campaigns]      default 10000 campaigns + 50000 sources
# Prints wall time and peak RSS of a full portal build against bare Hugo
# rendering as many minimal pages, and the load + validate time. Takes a
# few minutes at 10000 campaigns on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./bench/compare -campaigns "${1:-10000}" "${@:2}"
