#!/usr/bin/env bash
# Edit-to-visible for portal serve (issue 16: the maintainer's loop):
#   bench/serve-edit.sh [campaigns ...]     default 1000 10000
# For each size, makes a synthetic project of that many campaigns on
# /dev/shm, starts portal serve on it, then three times rewrites one
# campaign's name and polls its page until the new name is served, then
# its first actor's page. Prints each time from the write to the changed
# page being served, and to the actor's, the first build's time and what
# serve said of each rebuild. PORTAL=path runs that
# portal binary instead of building this checkout's (to compare with an
# older one).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=$(mktemp -d /dev/shm/serve-edit-XXXX)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
portal="${PORTAL:-}"
if [ -z "$portal" ]; then
  portal="$work/portal"
  go build -o "$portal" ./cmd/portal
fi
for n in "${sizes[@]}"; do
  project="$work/project-$n"
  "$portal" synth --campaigns "$n" --out "$project" -C . >/dev/null
  for d in site content; do rm -rf "${project:?}/$d"; cp -r "$d" "$project/$d"; done
  port=$((20000 + RANDOM % 20000))
  start=$(date +%s%N)
  TMPDIR=/dev/shm "$portal" serve -C "$project" --addr "127.0.0.1:$port" 2>"$work/serve-$n.log" &
  pid=$!
  until grep -q "serving http://" "$work/serve-$n.log"; do sleep 0.05; done
  echo "campaigns=$n first build and serve: $(( ($(date +%s%N) - start) / 1000000 )) ms"
  file="$project/data/campaigns/campaign-1.yaml"
  actor=$(sed -n 's/^ *- actor: *//p' "$file" | head -1)
  for i in 1 2 3; do
    name="Edited name $i $RANDOM"
    t0=$(date +%s%N)
    sed -i "s/^name: .*/name: $name/" "$file"
    until curl -fs "http://127.0.0.1:$port/campaigns/campaign-1/" | grep -q "$name"; do sleep 0.01; done
    t1=$(date +%s%N)
    # A page that shows the campaign besides its own: its actor's.
    until curl -fs "http://127.0.0.1:$port/actors/$actor/" | grep -q "$name"; do sleep 0.01; done
    echo "campaigns=$n edit $i: $(( (t1 - t0) / 1000000 )) ms to visible; on its actor's page after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
    [ "$i" = 3 ] || sleep 1 # the next edit lands while the background build runs
  done
  # After the last edit, the whole site: the background build's end.
  until grep -q "the rest of the site rebuilt" "$work/serve-$n.log"; do sleep 0.1; done
  echo "campaigns=$n the whole site up to date $(( ($(date +%s%N) - t0) / 1000000 )) ms after the last edit"
  if grep -q "previews are off" "$work/serve-$n.log"; then echo "campaigns=$n a preview differed from Hugo's page"; fi
  grep -E "previewed|rebuilt in|updated in place|building in full|previews are off|later edit" "$work/serve-$n.log" | tail -12
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$project"
done
