package export

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/interference-watch/portal/generator/dataset"
)

func TestWrite(t *testing.T) {
	d := &dataset.Dataset{Campaigns: []*dataset.Campaign{{
		Meta: dataset.Meta{ID: "op", Path: "data/campaigns/op.yaml"}, Name: "=HYPERLINK(\"x\")", Status: "ended",
		FirstSeen:    &dataset.Claim{Date: dataset.MustDate("2023-07"), Source: "s"},
		Attributions: []dataset.Attribution{{Actor: "a", By: "o", Confidence: "high", Source: "s"}, {Actor: "a", By: "p", Source: "s"}},
		Targets:      []dataset.Target{{Place: "NC", Source: "s"}},
	}}}
	d.Index()
	dest := t.TempDir()
	if err := Write(d, dest, fstest.MapFS{"campaign.schema.json": {Data: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	var b struct {
		Campaigns []map[string]any `json:"campaigns"`
	}
	mustJSON(t, filepath.Join(dest, "data", "interference-watch.json"), &b)
	if len(b.Campaigns) != 1 || b.Campaigns[0]["id"] != "op" || b.Campaigns[0]["first_seen"].(map[string]any)["date"] != "2023-07" {
		t.Errorf("bundle = %+v", b)
	}
	var one map[string]any
	mustJSON(t, filepath.Join(dest, "data", "campaigns", "op.json"), &one)
	if one["name"] != "=HYPERLINK(\"x\")" {
		t.Errorf("campaign json = %v", one)
	}
	f, err := os.Open(filepath.Join(dest, "data", "campaigns.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("csv rows = %v, %v", rows, err)
	}
	if got := rows[1][1]; got != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula not neutralised: %q", got)
	}
	if got := rows[1][6]; got != "o; p" {
		t.Errorf("attributed_by = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "schemas", "campaign.schema.json")); err != nil {
		t.Error(err)
	}
}

func mustJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}
