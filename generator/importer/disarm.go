// Package importer turns public curated datasets into portal records. It
// reads the DISARM framework's STIX 2.1 bundle ([ParseDISARM]) and writes
// one data/techniques/<ID>.yaml file per technique ([Write]).
//
// Only facts cross over: a technique's id, name and tactic, and the URL of
// DISARM's own page about it. DISARM's description text is never stored;
// the site links to it instead.
//
// Re-importing is safe. A field the importer does not own, and every
// comment, survives; a file whose facts did not change upstream is left
// byte for byte as it was.
package importer

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Technique is one DISARM technique as the portal keeps it.
type Technique struct {
	ID     string // T0049 or T0049.001; also the file name
	Name   string
	Tactic string // the tactic's id, such as TA17
	URL    string // DISARM's page about the technique; may be empty
}

// Reasons an attack-pattern is skipped, the keys of [Framework.Skipped].
const (
	SkipNoID       = "no technique id"
	SkipRevoked    = "revoked"
	SkipDeprecated = "deprecated"
	SkipNoName     = "no name"
	SkipNoTactic   = "no known tactic"
	SkipDuplicate  = "duplicate id"
)

// Framework is what a bundle holds that the portal keeps.
type Framework struct {
	Techniques     []Technique    // sorted by ID, ids unique
	Skipped        map[string]int // attack-patterns left out, by reason
	AttackPatterns int            // attack-pattern objects in the bundle
}

var (
	techniqueID = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)
	tacticID    = regexp.MustCompile(`^TA[0-9]{2}$`)
)

// stixObject holds the fields of a STIX object that the importer reads.
type stixObject struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	Revoked    bool   `json:"revoked"`
	Deprecated bool   `json:"x_mitre_deprecated"`
	ShortName  string `json:"x_mitre_shortname"`
	Phases     []struct {
		Phase string `json:"phase_name"`
	} `json:"kill_chain_phases"`
	References []struct {
		ExternalID string `json:"external_id"`
		URL        string `json:"url"`
	} `json:"external_references"`
}

// ParseDISARM reads a STIX 2.1 bundle of the DISARM framework. Tactics are
// x-mitre-tactic objects whose x_mitre_shortname names a kill-chain phase
// and whose external id is TAnn; techniques are attack-patterns whose
// external id is Tnnnn or Tnnnn.nnn. Revoked and deprecated objects and
// attack-patterns without a valid id, name or tactic are skipped and
// counted. A bundle without a single technique is an error.
func ParseDISARM(data []byte) (*Framework, error) {
	var bundle struct {
		Type    string       `json:"type"`
		Objects []stixObject `json:"objects"`
	}
	if err := json.Unmarshal(data, &bundle); err != nil {
		return nil, fmt.Errorf("disarm: read STIX bundle: %w", err)
	}
	if bundle.Type != "bundle" {
		return nil, fmt.Errorf("disarm: STIX object of type %q, want a bundle", bundle.Type)
	}
	tactics := tacticsByPhase(bundle.Objects)
	f := &Framework{Skipped: map[string]int{}}
	seen := map[string]bool{}
	for _, o := range bundle.Objects {
		if o.Type != "attack-pattern" {
			continue
		}
		f.AttackPatterns++
		t, reason := technique(o, tactics)
		if reason == "" && seen[t.ID] {
			reason = SkipDuplicate
		}
		if reason != "" {
			f.Skipped[reason]++
			continue
		}
		seen[t.ID] = true
		f.Techniques = append(f.Techniques, t)
	}
	if len(f.Techniques) == 0 {
		return nil, errors.New("disarm: the bundle holds no usable technique; is it the DISARM framework?")
	}
	slices.SortFunc(f.Techniques, func(a, b Technique) int { return cmp.Compare(a.ID, b.ID) })
	return f, nil
}

// tacticsByPhase maps each live tactic's short name to its TA id.
func tacticsByPhase(objs []stixObject) map[string]string {
	m := map[string]string{}
	for _, o := range objs {
		if o.Type != "x-mitre-tactic" || o.Revoked || o.Deprecated || o.ShortName == "" {
			continue
		}
		if id, _ := externalID(o, tacticID); id != "" {
			m[o.ShortName] = id
		}
	}
	return m
}

// technique extracts a Technique from an attack-pattern, or says why not.
func technique(o stixObject, tactics map[string]string) (Technique, string) {
	id, ref := externalID(o, techniqueID)
	switch {
	case o.Revoked:
		return Technique{}, SkipRevoked
	case o.Deprecated:
		return Technique{}, SkipDeprecated
	case id == "":
		return Technique{}, SkipNoID
	}
	t := Technique{ID: id, Name: strings.Join(strings.Fields(o.Name), " "), URL: webURL(ref)}
	if t.Name == "" {
		return Technique{}, SkipNoName
	}
	for _, p := range o.Phases {
		if ta := tactics[p.Phase]; ta != "" {
			t.Tactic = ta
			break
		}
	}
	if t.Tactic == "" {
		return Technique{}, SkipNoTactic
	}
	return t, ""
}

// externalID returns the first external id of o matching pattern, with
// the URL given alongside it.
func externalID(o stixObject, pattern *regexp.Regexp) (id, ref string) {
	for _, r := range o.References {
		if pattern.MatchString(r.ExternalID) {
			return r.ExternalID, r.URL
		}
	}
	return "", ""
}

// webURL returns raw, trimmed, if it is an absolute http(s) URL, else "".
func webURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return raw
}
