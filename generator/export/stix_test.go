package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// stixSchemaDir holds the OASIS STIX 2.1 JSON Schemas in a full checkout;
// a fresh clone has no ../shared and the tests that need it skip.
var stixSchemaDir = filepath.Join("..", "..", "..", "shared", "ref", "stix2.1-schemas", "schemas")

func TestSTIXValidatesAgainstOASISSchemas(t *testing.T) {
	schemas := mustSTIXSchemas(t)
	raw := mustSTIX(t, realData(t))
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	objects := doc.(map[string]any)["objects"].([]any)
	if err := schemas["bundle"].Validate(withoutLocations(doc)); err != nil {
		t.Errorf("bundle: %v", err)
	}
	counts := map[string]int{}
	for _, v := range objects {
		o := v.(map[string]any)
		typ, _ := o["type"].(string)
		counts[typ]++
		if o["spec_version"] != "2.1" {
			t.Errorf("%s: spec_version %v", o["id"], o["spec_version"])
		}
		sch := schemas[typ]
		if sch == nil {
			t.Errorf("%s: no schema for type %q", o["id"], typ)
			continue
		}
		if err := sch.Validate(o); err != nil {
			t.Errorf("%s: %v", o["id"], err)
		}
	}
	for _, typ := range []string{"campaign", "threat-actor", "intrusion-set", "identity", "attack-pattern", "location", "report", "relationship", "indicator"} {
		if counts[typ] == 0 {
			t.Errorf("no %s objects", typ)
		}
	}
	t.Logf("%d bytes, objects by type: %v", len(raw), counts)
}

// withoutLocations returns a copy of bundle without its location objects.
// bundle.json lists the object types it knows, and location is not among
// them, so a location falls to the branch for custom objects, where it
// matches both core.json and cyber-observable-core.json and fails "oneOf".
// Each location is checked against sdos/location.json instead. The
// bundle schema tries every object against every type (oneOf), which for
// thousands of indicators takes minutes: the bundle keeps the first 50
// indicators and their relationships; every object is still checked
// against its own type's schema.
func withoutLocations(bundle any) any {
	b := maps.Clone(bundle.(map[string]any))
	kept, seen := map[any]bool{}, 0
	b["objects"] = slices.DeleteFunc(slices.Clone(b["objects"].([]any)), func(o any) bool {
		m := o.(map[string]any)
		switch {
		case m["type"] == "location":
			return true
		case m["type"] == "indicator":
			seen++
			kept[m["id"]] = seen <= 50
			return seen > 50
		case m["type"] == "relationship" && m["relationship_type"] == "indicates":
			return !kept[m["source_ref"]]
		}
		return false
	})
	return b
}

// TestSTIXSchemasRejectBadObjects shows the validator setup is not
// vacuous: each broken copy of a good object must fail.
func TestSTIXSchemasRejectBadObjects(t *testing.T) {
	schemas := mustSTIXSchemas(t)
	objs := mustObjects(t, mustSTIX(t, fixture()))
	campaign := find(t, objs, isRecord("campaign", "op"))
	place := find(t, objs, isType("location"), func(o map[string]any) bool { return o["name"] == "Corsica" })
	tests := []struct {
		name   string
		obj    map[string]any
		change func(o map[string]any)
	}{
		{"campaign without name", campaign, func(o map[string]any) { delete(o, "name") }},
		{"campaign with a bad id", campaign, func(o map[string]any) { o["id"] = "campaign--not-a-uuid" }},
		{"campaign with another type's id", campaign, func(o map[string]any) { o["id"] = strings.Replace(o["id"].(string), "campaign", "report", 1) }},
		{"campaign without created", campaign, func(o map[string]any) { delete(o, "created") }},
		{"created without milliseconds", campaign, func(o map[string]any) { o["created"] = "2024-01-01T00:00:00Z" }},
		{"spec_version 3", campaign, func(o map[string]any) { o["spec_version"] = "3.0" }},
		{"empty aliases", campaign, func(o map[string]any) { o["aliases"] = []any{} }},
		{"location without country", place, func(o map[string]any) { delete(o, "country") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sch := schemas[tt.obj["type"].(string)]
			if err := sch.Validate(tt.obj); err != nil {
				t.Fatalf("the unbroken object fails already: %v", err)
			}
			broken := mustClone(t, tt.obj)
			tt.change(broken)
			if sch.Validate(broken) == nil {
				t.Errorf("validates: %v", broken)
			}
		})
	}
	t.Run("bundle holding a campaign without name", func(t *testing.T) {
		bundle := map[string]any{"type": "bundle", "id": "bundle--" + uuid5(stixNamespace, "test"), "objects": []any{campaign}}
		if err := schemas["bundle"].Validate(bundle); err != nil {
			t.Fatalf("the unbroken bundle fails already: %v", err)
		}
		broken := mustClone(t, campaign)
		delete(broken, "name")
		bundle["objects"] = []any{broken}
		if schemas["bundle"].Validate(bundle) == nil {
			t.Error("validates")
		}
	})
}

func TestSTIXIsDeterministic(t *testing.T) {
	first, again := mustSTIX(t, realData(t)), mustSTIX(t, realData(t))
	if !bytes.Equal(first, again) {
		t.Fatal("two exports of the same data differ")
	}
	// Known values, computed with Python's uuid.uuid5.
	if got, want := uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d"; got != want {
		t.Errorf("uuid5(DNS, python.org) = %s, want %s", got, want)
	}
	big := find(t, mustObjects(t, first), isRecord("campaign", "big-french-overseas-territories"))
	if want := "campaign--0eebee9d-7c1a-5fbe-be6a-65493df30200"; big["id"] != want {
		t.Errorf("BIG campaign id = %v, want %s", big["id"], want)
	}
}

// TestSTIXRenameChangesOneLine renames a campaign: the diff of the two
// bundles must be that campaign's line and the bundle id, which hashes the
// content.
func TestSTIXRenameChangesOneLine(t *testing.T) {
	d := realData(t)
	before := mustSTIX(t, d)
	d.Campaign("matriochka").Name = "Matriochka (renamed)"
	after := mustSTIX(t, d)
	a, b := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	if len(a) != len(b) {
		t.Fatalf("line count changed: %d → %d", len(a), len(b))
	}
	var changed []string
	for i := range a {
		if a[i] != b[i] {
			changed = append(changed, strings.TrimSpace(b[i]))
		}
	}
	if len(changed) != 2 || !strings.HasPrefix(changed[0], `{"type":"bundle","id":"bundle--`) ||
		!strings.HasPrefix(changed[1], `{"type":"campaign",`) || !strings.Contains(changed[1], `"name":"Matriochka (renamed)"`) {
		t.Errorf("changed lines: %q", changed)
	}
}

func TestSTIXRelationshipsOfBIG(t *testing.T) {
	d := realData(t)
	objs := mustObjects(t, mustSTIX(t, d))
	byID := map[string]map[string]any{}
	for _, o := range objs {
		byID[o["id"].(string)] = o
	}
	big := find(t, objs, isRecord("campaign", "big-french-overseas-territories"))
	var attributions []map[string]any
	var techniques, places []string
	for _, r := range objs {
		if r["source_ref"] != big["id"] {
			continue
		}
		to := byID[r["target_ref"].(string)]
		switch r["relationship_type"] {
		case "attributed-to":
			attributions = append(attributions, r)
		case "uses":
			techniques = append(techniques, externalID(to, "DISARM"))
		case "targets":
			places = append(places, placeCode(to))
		}
	}
	if len(attributions) != 1 {
		t.Fatalf("attributions: %v", attributions)
	}
	a := attributions[0]
	if actor := byID[a["target_ref"].(string)]; !isRecord("threat-actor", "baku-initiative-group")(actor) {
		t.Errorf("attributed to %v", actor)
	}
	if by := byID[a["created_by_ref"].(string)]; !isRecord("identity", "viginum")(by) {
		t.Errorf("attribution created by %v, want VIGINUM", by)
	}
	if c, ok := a["confidence"]; ok { // VIGINUM's confidence is not stated
		t.Errorf("confidence = %v, want none", c)
	}
	if a["created"] != "2024-12-02T00:00:00.000Z" {
		t.Errorf("attribution created %v, want the day of the claim", a["created"])
	}
	var wantTechniques []string
	for _, u := range d.Campaign("big-french-overseas-territories").Techniques {
		wantTechniques = append(wantTechniques, u.ID)
	}
	assertSameSet(t, "uses", techniques, wantTechniques)
	var wantPlaces []string
	for _, tg := range d.Campaign("big-french-overseas-territories").Targets {
		wantPlaces = append(wantPlaces, tg.Place)
	}
	assertSameSet(t, "targets", places, wantPlaces)
	report := find(t, objs, isRecord("report", "vie-publique-2024-big-azerbaidjan"))
	for _, id := range []any{a["id"], big["id"], a["target_ref"]} {
		if !slices.Contains(report["object_refs"].([]any), id) {
			t.Errorf("the report making the attribution does not refer to %v", id)
		}
	}
}

func TestSTIXRefsResolve(t *testing.T) {
	objs := mustObjects(t, mustSTIX(t, realData(t)))
	ids := map[any]bool{}
	for _, o := range objs {
		if ids[o["id"]] {
			t.Errorf("duplicate id %v", o["id"])
		}
		ids[o["id"]] = true
	}
	for _, o := range objs {
		refs := []any{o["created_by_ref"], o["source_ref"], o["target_ref"]}
		if list, ok := o["object_refs"].([]any); ok {
			refs = append(refs, list...)
		}
		for _, r := range refs {
			if r != nil && !ids[r] {
				t.Errorf("%v refers to %v, which is not in the bundle", o["id"], r)
			}
		}
	}
}

func TestSTIXMapping(t *testing.T) {
	objs := mustObjects(t, mustSTIX(t, fixture()))
	op := find(t, objs, isRecord("campaign", "op"))
	want := map[string]any{
		"description": "Text.\n\nMore, end.",
		"first_seen":  "2023-07-01T00:00:00.000Z", "last_seen": "2024-02-29T23:59:59.999Z",
		"created": "2024-05-01T00:00:00.000Z", "modified": "2024-12-02T00:00:00.000Z",
	}
	for k, v := range want {
		if op[k] != v {
			t.Errorf("campaign %s = %q, want %q", k, op[k], v)
		}
	}
	confidence := map[string]any{}
	for _, r := range objs {
		if r["relationship_type"] == "attributed-to" {
			by := find(t, objs, func(o map[string]any) bool { return o["id"] == r["created_by_ref"] })
			confidence[by["name"].(string)] = r["confidence"]
		}
	}
	if want := map[string]any{"A": 85.0, "B": 50.0, "C": 15.0, "D": nil}; fmt.Sprint(confidence) != fmt.Sprint(want) {
		t.Errorf("confidence by claimant = %v, want %v", confidence, want)
	}
	corsica := find(t, objs, isType("location"), func(o map[string]any) bool { return o["name"] == "Corsica" })
	if corsica["country"] != "FR" || corsica["administrative_area"] != "FR-20R" {
		t.Errorf("Corsica = %v", corsica)
	}
	net := find(t, objs, isRecord("intrusion-set", "net"))
	find(t, objs, func(o map[string]any) bool {
		return o["source_ref"] == net["id"] && o["relationship_type"] == "originates-from"
	})
	agency := find(t, objs, isRecord("threat-actor", "agency"))
	if fmt.Sprint(agency["threat_actor_types"]) != "[nation-state]" {
		t.Errorf("state agency types = %v", agency["threat_actor_types"])
	}
	technique := find(t, objs, isType("attack-pattern"))
	if externalID(technique, "DISARM") != "T0049.001" || technique["kill_chain_phases"] == nil {
		t.Errorf("technique = %v", technique)
	}
	uncited := find(t, objs, isRecord("report", "s3"))
	if fmt.Sprint(uncited["object_refs"]) != fmt.Sprintf("[%s]", uncited["created_by_ref"]) {
		t.Errorf("a report nothing cites refers to %v, want its publisher", uncited["object_refs"])
	}
}

func TestSTIXFailsOnUnknownRecords(t *testing.T) {
	d := fixture()
	c := d.Campaign("op")
	c.Targets = append(c.Targets, dataset.Target{Place: "ZZ", Source: "s1"})
	c.Attributions[0].Confidence = "certain"
	_, err := STIX(d, nil)
	if err == nil || !strings.Contains(err.Error(), "place:ZZ") || !strings.Contains(err.Error(), `"certain"`) {
		t.Errorf("err = %v, want both problems", err)
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"One [@a].\n\nTwo [@a; @b], three [@c]", "One.\n\nTwo, three"},
		{"Keep [@a] words\napart.", "Keep words apart."},
		{"No citations *here*.", "No citations *here*."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// fixture is a small dataset that exercises every mapping rule.
func fixture() *dataset.Dataset {
	src := func(id, pub, published string) *dataset.Source {
		return &dataset.Source{Meta: dataset.Meta{ID: id}, URL: "https://example.org/" + id, Title: "Title " + id,
			Publisher: pub, Published: dataset.MustDate(published), Kind: "research", Status: "reviewed"}
	}
	d := &dataset.Dataset{
		Organizations: []*dataset.Organization{{Meta: dataset.Meta{ID: "a"}, Name: "A", Kind: "government", Country: "FR"},
			{Meta: dataset.Meta{ID: "b"}, Name: "B", Kind: "research"}, {Meta: dataset.Meta{ID: "c"}, Name: "C", Kind: "media"},
			{Meta: dataset.Meta{ID: "d"}, Name: "D", Kind: "platform"}},
		Places: []*dataset.Place{{Meta: dataset.Meta{ID: "FR"}, Name: "France", Kind: "country"},
			{Meta: dataset.Meta{ID: "FR-20R"}, Name: "Corsica", Kind: "region", Parent: "FR"}},
		Techniques: []*dataset.Technique{{Meta: dataset.Meta{ID: "T0049.001"}, Name: "Trolls Amplify", Tactic: "TA17",
			URL: "https://example.org/T0049.001.md"}},
		Actors: []*dataset.Actor{{Meta: dataset.Meta{ID: "net"}, Name: "Net", Kind: "network", Country: "FR", Summary: "S [@s1]."},
			{Meta: dataset.Meta{ID: "agency"}, Name: "Agency", Kind: "state-agency", Summary: "S [@s1]."}},
		Sources: []*dataset.Source{src("s1", "a", "2024-05"), src("s2", "b", "2024-12-02"), src("s3", "c", "2020")},
		Campaigns: []*dataset.Campaign{{Meta: dataset.Meta{ID: "op"}, Name: "Op", Aliases: dataset.Aliases{{Name: "O"}}, Summary: "Text [@s1].\n\nMore [@s1; @s2], end.",
			FirstSeen: &dataset.Claim{Date: dataset.MustDate("2023-07"), Source: "s1"}, LastSeen: &dataset.Claim{Date: dataset.MustDate("2024-02"), Source: "s1"},
			Attributions: []dataset.Attribution{{Actor: "net", By: "a", Confidence: "high", Source: "s1"},
				{Actor: "net", By: "b", Confidence: "moderate", Source: "s2"}, {Actor: "agency", By: "c", Confidence: "low", Source: "s2"},
				{Actor: "agency", By: "d", Confidence: "not-stated", Source: "s2"}},
			Targets:    []dataset.Target{{Place: "FR-20R", Source: "s2"}},
			Techniques: []dataset.TechniqueUse{{ID: "T0049.001", Source: "s2"}}}},
	}
	d.Index()
	return d
}

func mustSTIX(t *testing.T, d *dataset.Dataset) []byte {
	t.Helper()
	b, err := STIX(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustObjects(t *testing.T, raw []byte) []map[string]any {
	t.Helper()
	var b struct{ Objects []map[string]any }
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	return b.Objects
}

func mustClone(t *testing.T, o map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc.(map[string]any)
}

// mustSTIXSchemas compiles the schema of every SDO and SRO type, keyed by
// type, and of the bundle, keyed "bundle". Every file is added under its
// $id, and the loader refuses to fetch anything.
func mustSTIXSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	if _, err := os.Stat(stixSchemaDir); err != nil {
		t.Skipf("no STIX schemas: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(noFetch{})
	c.AssertFormat()
	ids := map[string]string{} // path under stixSchemaDir → $id
	err := filepath.WalkDir(stixSchemaDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || filepath.Ext(p) != ".json" {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		rel, _ := filepath.Rel(stixSchemaDir, p)
		ids[filepath.ToSlash(rel)], _ = doc.(map[string]any)["$id"].(string)
		return c.AddResource(ids[filepath.ToSlash(rel)], doc)
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*jsonschema.Schema{}
	for rel, id := range ids {
		typ := strings.TrimSuffix(filepath.Base(rel), ".json")
		if rel == "common/bundle.json" || strings.HasPrefix(rel, "sdos/") || strings.HasPrefix(rel, "sros/") {
			if out[typ], err = c.Compile(id); err != nil {
				t.Fatalf("compile %s: %v", rel, err)
			}
		}
	}
	return out
}

type noFetch struct{}

func (noFetch) Load(url string) (any, error) { return nil, errors.New("not fetching " + url) }

// find returns the one object that matches every test.
func find(t *testing.T, objs []map[string]any, tests ...func(map[string]any) bool) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, o := range objs {
		if !slices.ContainsFunc(tests, func(f func(map[string]any) bool) bool { return !f(o) }) {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		t.Fatalf("found %d matching objects, want 1", len(found))
	}
	return found[0]
}

func isType(typ string) func(map[string]any) bool {
	return func(o map[string]any) bool { return o["type"] == typ }
}

// isRecord matches the object of type typ made from the record with id.
func isRecord(typ, id string) func(map[string]any) bool {
	return func(o map[string]any) bool { return o["type"] == typ && externalID(o, "Interference Watch") == id }
}

func externalID(o map[string]any, source string) string {
	refs, _ := o["external_references"].([]any)
	for _, r := range refs {
		if r := r.(map[string]any); r["source_name"] == source {
			id, _ := r["external_id"].(string)
			return id
		}
	}
	return ""
}

func placeCode(o map[string]any) string {
	if a, ok := o["administrative_area"].(string); ok {
		return a
	}
	return o["country"].(string)
}

func assertSameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// TestSTIXDatesFromHistory: with the data's history, objects take the
// first and last commit of their record (relationships, of the record
// they start from); without it, nothing is dated 1970.
func TestSTIXDatesFromHistory(t *testing.T) {
	d := fixture()
	day := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	var paths []string
	for _, c := range d.Campaigns {
		c.Path = "data/campaigns/" + c.ID + ".yaml"
		paths = append(paths, c.Path)
	}
	log := history.FromChanges([]history.Change{
		{Commit: "b", Date: day("2026-03-05"), Subject: "edit", Paths: paths, Status: bytes.Repeat([]byte{'M'}, len(paths))},
		{Commit: "a", Date: day("2025-01-02"), Subject: "add", Paths: paths, Status: bytes.Repeat([]byte{'A'}, len(paths))},
	})
	raw, err := STIX(d, log)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, o := range mustObjects(t, raw) {
		byID[o["id"].(string)] = o
	}
	campaigns := 0
	for _, o := range byID {
		if o["type"] == "campaign" {
			campaigns++
			if o["created"] != "2025-01-02T00:00:00.000Z" || o["modified"] != "2026-03-05T00:00:00.000Z" {
				t.Errorf("campaign %s: created %v, modified %v; want the record's first and last commit", o["name"], o["created"], o["modified"])
			}
		}
		if o["type"] == "relationship" {
			if src := byID[o["source_ref"].(string)]; src != nil && src["type"] == "campaign" && o["created"] != src["created"] {
				t.Errorf("relationship %s from a campaign: created %v, want %v", o["relationship_type"], o["created"], src["created"])
			}
		}
	}
	if campaigns == 0 {
		t.Fatal("fixture has no campaign")
	}
	for _, lg := range []*history.Log{nil, log} {
		raw, err := STIX(d, lg)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(`"1970-`)) {
			t.Errorf("an object is dated 1970 (history %v)", lg != nil)
		}
	}
}
