package search

import (
	"encoding/binary"
	"maps"
	"slices"
)

// shards cuts the sorted terms of m into files of about target bytes:
//
//	count, then per term: length, UTF-8 bytes, set of records, set of names
//
// A shard holds at least one term, so a term bigger than target has a
// shard of its own. from is the first term of each shard.
func shards(m map[string]*posting, target int) (from []string, files [][]byte) {
	var cur []byte
	count := 0
	flush := func() {
		files = append(files, append(binary.AppendUvarint(nil, uint64(count)), cur...))
		cur, count = nil, 0
	}
	for _, t := range slices.Sorted(maps.Keys(m)) {
		e := binary.AppendUvarint(nil, uint64(len(t)))
		e = append(e, t...)
		e = appendSet(e, m[t].all)
		e = appendSet(e, m[t].names)
		if count > 0 && len(cur)+len(e) > target {
			flush()
		}
		if count == 0 {
			from = append(from, t)
		}
		cur = append(cur, e...)
		count++
	}
	if count > 0 {
		flush()
	}
	return from, files
}

// shard is a parsed shard file: its terms, in order, with their sets
// still encoded.
type shard []entry

type entry struct {
	term string
	sets []byte // the two sets and the rest of the shard
}

func parseShard(b []byte) (shard, error) {
	count, p, err := uvarint(b)
	if err != nil {
		return nil, err
	}
	var s shard
	for range count {
		var n uint64
		if n, p, err = uvarint(p); err != nil || uint64(len(p)) < n {
			return nil, errCorrupt
		}
		e := entry{term: string(p[:n]), sets: p[n:]}
		if p, err = skipSet(p[n:]); err != nil {
			return nil, err
		}
		if p, err = skipSet(p); err != nil {
			return nil, err
		}
		s = append(s, e)
	}
	return s, nil
}

// skipSet returns p after the set it starts with.
func skipSet(p []byte) ([]byte, error) {
	if len(p) == 0 {
		return nil, errCorrupt
	}
	kind, p := p[0], p[1:]
	a, p, err := uvarint(p)
	if err != nil {
		return nil, err
	}
	switch kind {
	case setList:
		for range a {
			if _, p, err = uvarint(p); err != nil {
				return nil, err
			}
		}
		return p, nil
	case setBitmap:
		size, p, err := uvarint(p)
		if err != nil || uint64(len(p)) < size {
			return nil, errCorrupt
		}
		return p[size:], nil
	}
	return nil, errCorrupt
}
