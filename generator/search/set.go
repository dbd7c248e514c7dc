package search

import (
	"encoding/binary"
	"errors"
	"math/bits"
)

// A set of record numbers is stored in whichever of two forms is smaller:
//
//	0, n, first, gap, gap …   a sorted list, each number as the gap from the previous (uvarints)
//	1, start, len, bytes …    a bitmap: bit j of byte i is record start+8i+j
//
// so a term found in every record costs one bit per record at most.
const (
	setList   = 0
	setBitmap = 1
)

// appendSet appends the encoding of the sorted, distinct numbers docs.
func appendSet(buf []byte, docs []int32) []byte {
	list := []byte{setList}
	list = binary.AppendUvarint(list, uint64(len(docs)))
	prev := int32(0)
	for _, d := range docs {
		list = binary.AppendUvarint(list, uint64(d-prev))
		prev = d
	}
	if len(docs) == 0 {
		return append(buf, list...)
	}
	lo, hi := docs[0], docs[len(docs)-1]
	n := int(hi-lo)/8 + 1
	if 1+uvarintLen(uint64(lo))+uvarintLen(uint64(n))+n >= len(list) {
		return append(buf, list...)
	}
	buf = append(buf, setBitmap)
	buf = binary.AppendUvarint(buf, uint64(lo))
	buf = binary.AppendUvarint(buf, uint64(n))
	start := len(buf)
	buf = append(buf, make([]byte, n)...)
	for _, d := range docs {
		buf[start+int(d-lo)/8] |= 1 << ((d - lo) % 8)
	}
	return buf
}

func uvarintLen(x uint64) int { return len(binary.AppendUvarint(nil, x)) }

var errCorrupt = errors.New("search index: corrupt shard")

// bitset is a set of record numbers in memory, one bit each.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) has(d int) bool { return b[d/64]&(1<<(d%64)) != 0 }

func (b bitset) add(d int) { b[d/64] |= 1 << (d % 64) }

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func (b bitset) or(c bitset) {
	for i := range b {
		b[i] |= c[i]
	}
}

func (b bitset) and(c bitset) {
	for i := range b {
		b[i] &= c[i]
	}
}

// readSet decodes one set at the start of p into a bitset of n records
// and returns the rest of p.
func readSet(p []byte, n int) (bitset, []byte, error) {
	if len(p) == 0 {
		return nil, nil, errCorrupt
	}
	b := newBitset(n)
	kind, p := p[0], p[1:]
	a, p, err := uvarint(p)
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case setList: // a is the length
		d := uint64(0)
		for range a {
			var gap uint64
			if gap, p, err = uvarint(p); err != nil {
				return nil, nil, err
			}
			if d += gap; d >= uint64(n) {
				return nil, nil, errCorrupt
			}
			b.add(int(d))
		}
		return b, p, nil
	case setBitmap: // a is the first record
		size, p, err := uvarint(p)
		if err != nil || uint64(len(p)) < size || a+size*8 > uint64(n)+7 {
			return nil, nil, errCorrupt
		}
		for i, by := range p[:size] {
			for by != 0 {
				if d := int(a) + 8*i + bits.TrailingZeros8(by); d < n {
					b.add(d)
				}
				by &= by - 1
			}
		}
		return b, p[size:], nil
	}
	return nil, nil, errCorrupt
}

func uvarint(p []byte) (uint64, []byte, error) {
	x, k := binary.Uvarint(p)
	if k <= 0 {
		return 0, nil, errCorrupt
	}
	return x, p[k:], nil
}
