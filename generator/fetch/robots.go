package fetch

import (
	"bytes"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// robots is the part of a robots.txt that applies to one crawler. It is
// immutable once built.
type robots struct {
	rules      []rule
	crawlDelay time.Duration
	note       string // why the rules are synthetic, for error messages
	failed     bool   // robots.txt could not be had: everything is disallowed
}

// rule is one Allow or Disallow line; pattern is percent-normalised and
// may hold the * and trailing $ wildcards.
type rule struct {
	allow   bool
	pattern string
}

// group is a run of user-agent lines and the rules that follow them.
type group struct {
	agents     []string // lower-case product tokens, or "*"
	rules      []rule
	crawlDelay time.Duration
}

func allowAll(note string) *robots { return &robots{note: note} }

func disallowAll(note string) *robots {
	return &robots{rules: []rule{{pattern: "/"}}, note: note, failed: true}
}

// parseRobots returns the rules of data for the crawler named token,
// combining every group that names it, else every "*" group (RFC 9309
// section 2.2.1). Lines it does not understand are skipped.
func parseRobots(data []byte, token string) *robots {
	groups := parseGroups(data)
	if r, ok := pickGroups(groups, strings.ToLower(token)); ok {
		return r
	}
	r, _ := pickGroups(groups, "*")
	return r
}

// pickGroups combines the groups naming agent and reports whether any did.
func pickGroups(groups []group, agent string) (*robots, bool) {
	r, found := &robots{}, false
	for _, g := range groups {
		if slices.Contains(g.agents, agent) {
			r.rules = append(r.rules, g.rules...)
			r.crawlDelay = max(r.crawlDelay, g.crawlDelay)
			found = true
		}
	}
	return r, found
}

func parseGroups(data []byte) []group {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var groups []group
	inAgents := false // the previous record was a user-agent line
	lines := strings.FieldsFunc(string(data), func(r rune) bool { return r == '\n' || r == '\r' })
	for _, line := range lines {
		key, val, ok := splitRecord(line)
		if !ok {
			continue
		}
		if key == "user-agent" {
			if !inAgents {
				groups = append(groups, group{})
			}
			g := &groups[len(groups)-1]
			g.agents = append(g.agents, agentToken(val))
			inAgents = true
			continue
		}
		if len(groups) == 0 || !addRecord(&groups[len(groups)-1], key, val) {
			continue
		}
		inAgents = false
	}
	return groups
}

// addRecord adds an allow, disallow or crawl-delay record to g and reports
// whether key was one of them.
func addRecord(g *group, key, val string) bool {
	switch key {
	case "allow", "disallow":
		if val != "" { // an empty rule matches nothing
			g.rules = append(g.rules, rule{allow: key == "allow", pattern: normPercent(val)})
		}
	case "crawl-delay":
		if secs, err := strconv.ParseFloat(val, 64); err == nil && secs > 0 && secs < 86400 {
			g.crawlDelay = max(g.crawlDelay, time.Duration(secs*float64(time.Second)))
		}
	default:
		return false
	}
	return true
}

// splitRecord splits "Key: value # comment" into a lower-case key and a
// trimmed value.
func splitRecord(line string) (key, val string, ok bool) {
	line, _, _ = strings.Cut(line, "#")
	key, val, ok = strings.Cut(line, ":")
	return strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val), ok
}

// agentToken reduces a user-agent value such as "InterferenceWatchBot/1.0"
// to its lower-case product token.
func agentToken(val string) string {
	end := strings.IndexFunc(val, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == '-' || r == '*')
	})
	if end >= 0 {
		val = val[:end]
	}
	return strings.ToLower(val)
}

// allowed reports whether path (escaped path plus any "?query") may be
// fetched: the longest matching rule decides, Allow winning ties, and no
// match means allowed. /robots.txt is always allowed.
func (r *robots) allowed(path string) bool {
	if path == "/robots.txt" {
		return true
	}
	path = normPercent(path)
	best, allow := -1, true
	for _, ru := range r.rules {
		n := len(ru.pattern)
		if n < best || (n == best && allow) || !matchPattern(ru.pattern, path) {
			continue
		}
		best, allow = n, ru.allow
	}
	return allow
}

// matchPattern matches path against a robots.txt pattern: a prefix match
// where * matches any run of characters and a final $ anchors the end.
func matchPattern(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	rest, ok := strings.CutPrefix(path, parts[0])
	if !ok {
		return false
	}
	if len(parts) == 1 {
		return !anchored || rest == ""
	}
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	last := parts[len(parts)-1]
	if anchored {
		return strings.HasSuffix(rest, last)
	}
	return strings.Contains(rest, last)
}

// robotsPath is what robots.txt rules are matched against.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}
