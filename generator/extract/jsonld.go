package extract

import (
	"encoding/json"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// maxLDDepth bounds how deep arrays, @graph and mainEntity are followed.
const maxLDDepth = 6

type ldNode = map[string]any

// jsonLD holds the JSON-LD objects of a page. Its methods read the
// article node first, then any node; a nil *jsonLD answers empty.
type jsonLD struct {
	nodes []ldNode          // every object found, flattened, in order
	byID  map[string]ldNode // nodes that carry an @id and more
	main  ldNode            // the article-like node, or nil
}

// parseJSONLD reads every JSON-LD script of doc; broken ones are skipped.
func parseJSONLD(doc *goquery.Document) *jsonLD {
	ld := &jsonLD{byID: map[string]ldNode{}}
	doc.Find("script[type]").Each(func(_ int, s *goquery.Selection) {
		typ, _, _ := strings.Cut(strings.ToLower(s.AttrOr("type", "")), ";")
		if strings.TrimSpace(typ) != "application/ld+json" {
			return
		}
		var v any
		if json.Unmarshal([]byte(unwrapScript(s.Text())), &v) == nil {
			ld.collect(v, 0)
		}
	})
	ld.main = ld.pickMain()
	return ld
}

// unwrapScript removes the comment and CDATA wrappers some pages put
// around their JSON, and turns the raw line breaks and tabs some put
// inside strings into spaces.
func unwrapScript(s string) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, s))
	for _, w := range [][2]string{{"<!--", "-->"}, {"//<![CDATA[", "//]]>"}, {"<![CDATA[", "]]>"}} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, w[0]), w[1]))
	}
	return strings.TrimSuffix(s, ";")
}

// collect adds the objects of v, following arrays, @graph and
// mainEntity down to maxLDDepth.
func (ld *jsonLD) collect(v any, depth int) {
	if depth > maxLDDepth {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			ld.collect(x, depth+1)
		}
	case ldNode:
		ld.nodes = append(ld.nodes, v)
		if id, ok := v["@id"].(string); ok && len(v) > 1 {
			if _, dup := ld.byID[id]; !dup {
				ld.byID[id] = v
			}
		}
		ld.collect(v["@graph"], depth+1)
		ld.collect(v["mainEntity"], depth+1)
	}
}

// pickMain returns the first node typed as an article, report or post,
// else the first node with a headline.
func (ld *jsonLD) pickMain() ldNode {
	for _, n := range ld.nodes {
		for _, t := range ldTypes(n) {
			if strings.HasSuffix(t, "Article") || strings.HasSuffix(t, "Posting") || t == "Report" {
				return n
			}
		}
	}
	for _, n := range ld.nodes {
		if ld.text(n["headline"]) != "" {
			return n
		}
	}
	return nil
}

// ldTypes returns the @type of n as a list.
func ldTypes(n ldNode) []string {
	switch t := n["@type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// str returns the text of key in the article node, else in the first
// node that has it.
func (ld *jsonLD) str(key string) string {
	if ld == nil {
		return ""
	}
	if s := ld.text(ld.main[key]); s != "" {
		return s
	}
	for _, n := range ld.nodes {
		if s := ld.text(n[key]); s != "" {
			return s
		}
	}
	return ""
}

// headline returns the article's headline, or its name when the two
// differ and only the name appears in the document title.
func (ld *jsonLD) headline(docTitle string) string {
	h := ld.str("headline")
	if ld == nil || ld.main == nil {
		return h
	}
	name, lower := ld.text(ld.main["name"]), strings.ToLower(docTitle)
	if name != "" && (h == "" || !strings.Contains(lower, strings.ToLower(h)) && strings.Contains(lower, strings.ToLower(name))) {
		return name
	}
	return h
}

// publisher returns the name of the article's publisher.
func (ld *jsonLD) publisher() string { return ld.str("publisher") }

// authors returns the names of the article's authors.
func (ld *jsonLD) authors() []string {
	if ld == nil || ld.main == nil {
		return nil
	}
	var out []string
	add := func(v any) {
		if s := cleanAuthor(ld.text(v)); s != "" && !contains(out, s) {
			out = append(out, s)
		}
	}
	if list, ok := ld.main["author"].([]any); ok {
		for _, a := range list {
			add(a)
		}
	} else {
		add(ld.main["author"])
	}
	return out
}

// text reads a JSON-LD value as text: a string, a node's name or
// @value (following an @id reference once), or the first of a list.
func (ld *jsonLD) text(v any) string {
	switch v := v.(type) {
	case string:
		return clean(v)
	case ldNode:
		if id, ok := v["@id"].(string); ok && len(v) == 1 {
			if ref, ok := ld.byID[id]; ok {
				v = ref
			}
		}
		for _, k := range []string{"name", "@value"} {
			if s, ok := v[k].(string); ok && clean(s) != "" {
				return clean(s)
			}
		}
	case []any:
		for _, x := range v {
			if s := ld.text(x); s != "" {
				return s
			}
		}
	}
	return ""
}

// contains reports whether list holds s, ignoring case.
func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
