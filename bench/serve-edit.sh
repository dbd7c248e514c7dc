#!/usr/bin/env bash
# Edit-to-visible for portal serve (issue: the maintainer's loop):
#   bench/serve-edit.sh [campaigns]     default 1000
# Makes a synthetic project of that many campaigns on /dev/shm, starts
# portal serve on it, then three times rewrites one campaign's name and
# polls its page until the new name is served. Prints each time from the
# write to the changed page being served, and the first build's time.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
work=$(mktemp -d /dev/shm/serve-edit-XXXX)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/portal" ./cmd/portal
"$work/portal" synth --campaigns "$n" --out "$work/project" -C . >/dev/null
for d in site content; do rm -rf "$work/project/$d"; cp -r "$d" "$work/project/$d"; done
port=$((20000 + RANDOM % 20000))
start=$(date +%s%N)
"$work/portal" serve -C "$work/project" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
pid=$!
until grep -q "serving http://" "$work/serve.log"; do sleep 0.05; done
echo "campaigns=$n first build and serve: $(( ($(date +%s%N) - start) / 1000000 )) ms"
file="$work/project/data/campaigns/campaign-1.yaml"
for i in 1 2 3; do
  name="Edited name $i $RANDOM"
  t0=$(date +%s%N)
  sed -i "s/^name: .*/name: $name/" "$file"
  until curl -fs "http://127.0.0.1:$port/campaigns/campaign-1/" | grep -q "$name"; do sleep 0.01; done
  echo "edit $i: $(( ($(date +%s%N) - t0) / 1000000 )) ms to visible"
done
grep -E "rebuilt in|changed:" "$work/serve.log" | tail -3
