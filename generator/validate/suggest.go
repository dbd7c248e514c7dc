package validate

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// The ISO 3166 codes a place may take: every ISO 3166-1 alpha-2 code, and
// the ISO 3166-2 subdivisions the record needs. Place ids are a closed
// set: a valid code can be added as data/places/<code>.yaml, an invented
// one cannot.
var (
	//go:embed iso3166-1.tsv
	iso1 string
	//go:embed iso3166-2.tsv
	iso2 string

	isoNames = parseISO(iso1, iso2)
)

// placeAliases are codes people write for a place whose ISO code is
// another.
var placeAliases = map[string]string{"UK": "GB", "EL": "GR", "KO": "XK", "SP": "ES", "GE-AB": "GE"}

func parseISO(lists ...string) map[string]string {
	m := map[string]string{}
	for _, l := range lists {
		for _, line := range strings.Split(l, "\n") {
			if code, name, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
				m[code] = name
			}
		}
	}
	return m
}

// ISOName returns the English name of an ISO 3166 code the project
// accepts, and whether it accepts it.
func ISOName(code string) (string, bool) {
	n, ok := isoNames[code]
	return n, ok
}

// nearest returns the candidate closest to id by edit distance, ignoring
// case, when it is close enough to be a likely typo (at most a third of
// id's length, at least one edit), or "".
func nearest(id string, candidates []string) string {
	best, bestD := "", 0
	low := strings.ToLower(id)
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(low, strings.ToLower(c))
		if best == "" || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(1, len([]rune(id))/3) {
		return ""
	}
	return best
}

// didYouMean is ` (did you mean "x"?)`, or "" when nothing is close.
func didYouMean(id string, candidates []string) string {
	if n := nearest(id, candidates); n != "" && n != id {
		return fmt.Sprintf("; did you mean %q?", n)
	}
	return ""
}

// ids lists the ids of records, sorted.
func ids[T interface{ comparable }](m []T, id func(T) string) []string {
	out := make([]string, len(m))
	for i, r := range m {
		out[i] = id(r)
	}
	slices.Sort(out)
	return out
}
