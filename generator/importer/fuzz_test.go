package importer

import (
	"os"
	"testing"

	"go.yaml.in/yaml/v3"
)

func FuzzParseDISARM(f *testing.F) {
	if data, err := os.ReadFile("testdata/mini-disarm.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"type":"bundle","objects":[{"type":"attack-pattern","name":"x","external_references":[{"external_id":"T0001"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := ParseDISARM(data)
		if err != nil {
			return
		}
		for i, tc := range fw.Techniques {
			if !techniqueID.MatchString(tc.ID) || !tacticID.MatchString(tc.Tactic) || tc.Name == "" {
				t.Errorf("bad technique %+v", tc)
			}
			if i > 0 && fw.Techniques[i-1].ID >= tc.ID {
				t.Errorf("ids not sorted and unique: %s then %s", fw.Techniques[i-1].ID, tc.ID)
			}
		}
	})
}

func FuzzMerge(f *testing.F) {
	f.Add([]byte(handEdited), "Plan", "TA02", "https://example.org/")
	f.Add([]byte("name: x\nstatus: reviewed\n"), "y", "TA01", "")
	f.Add([]byte("- a\n"), "y", "TA01", "")
	f.Fuzz(func(t *testing.T, old []byte, name, tactic, url string) {
		tech := Technique{ID: "T0001", Name: name, Tactic: tactic, URL: url}
		data, out, err := merge(old, tech)
		if err != nil || out != changed {
			return
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) != 1 {
			t.Fatalf("merged file does not parse (%v):\n%s", err, data)
		}
		for _, fl := range fields(tech) {
			if v := lookup(doc.Content[0], fl.key); fl.value != "" && (v == nil || v.Value != fl.value) {
				t.Errorf("%s = %v, want %q\n%s", fl.key, v, fl.value, data)
			}
		}
	})
}
