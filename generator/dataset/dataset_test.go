package dataset

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in        string
		want      string
		prec      Precision
		start     string
		end       string
		wantError bool
	}{
		{"2024", "2024", PrecisionYear, "2024-01-01", "2024-12-31", false},
		{"2023-07", "2023-07", PrecisionMonth, "2023-07-01", "2023-07-31", false},
		{"2024-02", "2024-02", PrecisionMonth, "2024-02-01", "2024-02-29", false},
		{"2024-12-02", "2024-12-02", PrecisionDay, "2024-12-02", "2024-12-02", false},
		{"2024-13", "", 0, "", "", true},
		{"2023-02-29", "", 0, "", "", true},
		{"24-12-02", "", 0, "", "", true},
		{"yesterday", "", 0, "", "", true},
		{"", "", 0, "", "", true},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if (err != nil) != tt.wantError {
			t.Errorf("ParseDate(%q) error = %v", tt.in, err)
			continue
		}
		if tt.wantError {
			continue
		}
		if d.String() != tt.want || d.Precision() != tt.prec ||
			d.Start().Format(time.DateOnly) != tt.start || d.End().Format(time.DateOnly) != tt.end {
			t.Errorf("ParseDate(%q) = %s prec %d, %s..%s", tt.in, d, d.Precision(), d.Start().Format(time.DateOnly), d.End().Format(time.DateOnly))
		}
	}
}

func TestDateOrderKeepsPrecision(t *testing.T) {
	if MustDate("2023").Before(MustDate("2023-07")) {
		t.Error(`"2023" is not before "2023-07": they overlap`)
	}
	if !MustDate("2023-06").Before(MustDate("2023-07")) {
		t.Error(`"2023-06" is before "2023-07"`)
	}
}

func TestLoadFromMapFS(t *testing.T) {
	schemas, err := NewSchemas()
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"data/places/FR.yaml":   {Data: []byte("name: France\nkind: country\n")},
		"data/places/fr.yaml":   {Data: []byte("name: France\nkind: country\n")},
		"data/places/README.md": {Data: []byte("not a record")},
	}
	d, probs := Loader{FS: fsys, Root: "data", Schemas: schemas}.Load()
	if d.Place("FR") == nil {
		t.Error("FR not loaded")
	}
	if len(probs) != 2 { // fr.yaml: bad id; and a duplicate of FR once case is ignored
		t.Errorf("problems = %v", probs)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024", "2023-07", "2024-12-02", "2024-13", "0000-00-00", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		again, err := ParseDate(d.String())
		if err != nil || again.String() != d.String() {
			t.Fatalf("%q parsed as %q, which does not parse back (%v)", s, d, err)
		}
		if d.End().Before(d.Start()) {
			t.Fatalf("%q ends before it starts", s)
		}
	})
}

// FuzzDecodeRecord feeds any bytes to the loader as a campaign file: it
// must report located problems, never panic. Its seeds include the
// hostile files of TestHostileYAMLStaysBounded, made small.
func FuzzDecodeRecord(f *testing.F) {
	for _, s := range []string{"name: x\nstatus: ended\nsummary: y [@a]\n", "a: [b\n", "- 1\n- 2\n", "x: &a [*a]\n", "\tname: x\n", "name: x\nname: y\n"} {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		"name: " + strings.Repeat("[", 2000) + strings.Repeat("]", 2000),
		"name: " + strings.Repeat("[", 2000),
		"name: " + strings.Repeat("{a: ", 200),
		"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nname: *f\n",
		"name: x\n" + strings.Repeat("? {a}\n", 50),
		"a: &a [x]\n? *a\n: y\n",
		"name: x\n---\nname: y\n",
		"name: x\n---\n",
		"name: x\n---\n[unclosed\n",
		"name: [" + strings.Repeat("a,", 3000) + "a]\n",
	} {
		f.Add([]byte(s))
	}
	schemas, err := NewSchemas()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"data/campaigns/x.yaml": {Data: data}}
		_, probs := Loader{FS: fsys, Root: "data", Schemas: schemas}.Load()
		for _, p := range probs {
			if p.Path == "" || p.Message == "" || p.Line < 1 || p.Col < 1 {
				t.Fatalf("unlocated problem %+v", p)
			}
		}
	})
}

func TestActiveYears(t *testing.T) {
	d := &Dataset{Sources: []*Source{{Meta: Meta{ID: "s"}, Published: MustDate("2024-03")}}}
	d.Index()
	claim := func(date string) *Claim { return &Claim{Date: MustDate(date), Source: "s"} }
	for _, tc := range []struct {
		name string
		c    Campaign
		want []int
	}{
		{"no first_seen", Campaign{}, nil},
		{"first only", Campaign{FirstSeen: claim("2021")}, []int{2021}},
		{"first and last", Campaign{FirstSeen: claim("2019-10"), LastSeen: claim("2021-02")}, []int{2019, 2020, 2021}},
		{"takedown extends", Campaign{FirstSeen: claim("2018"), Responses: []Response{
			{Kind: "takedown", Date: MustDate("2020-08")}, {Kind: "statement", Date: MustDate("2023")}}}, []int{2018, 2019, 2020}},
		{"last_seen wins over takedown", Campaign{FirstSeen: claim("2018"), LastSeen: claim("2018"), Responses: []Response{
			{Kind: "takedown", Date: MustDate("2020")}}}, []int{2018}},
		{"ongoing until its source", Campaign{FirstSeen: claim("2022"), Status: "ongoing", StatusSource: "s"}, []int{2022, 2023, 2024}},
		{"ended does not extend", Campaign{FirstSeen: claim("2022"), Status: "ended", StatusSource: "s"}, []int{2022}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := d.ActiveYears(&tc.c); !slices.Equal(got, tc.want) {
				t.Errorf("ActiveYears = %v, want %v", got, tc.want)
			}
		})
	}
}
