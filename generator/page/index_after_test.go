package page

import (
	"reflect"
	"testing"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/synth"
)

// TestNewIndexAfterIsNewIndex: after an edit that gives one campaign other
// citations (a new record, as a reload makes it), NewIndexAfter over the
// index before it gives the same cross-references as NewIndex.
func TestNewIndexAfterIsNewIndex(t *testing.T) {
	d := synth.Generate(synth.Options{Campaigns: 50, Seed: 1})
	prev := NewIndex(d)
	edited := *d.Campaigns[3]
	edited.Summary = "Now citing another source only [@" + d.Sources[len(d.Sources)-1].ID + "]."
	edited.Impact, edited.FR, edited.Responses, edited.FirstSeen, edited.LastSeen = nil, nil, nil, nil, nil
	edited.Attributions, edited.Targets, edited.Techniques = nil, nil, nil
	next := *d
	next.Campaigns = append([]*dataset.Campaign(nil), d.Campaigns...)
	next.Campaigns[3] = &edited
	next.Index()
	want, got := NewIndex(&next), NewIndexAfter(&next, prev)
	if !reflect.DeepEqual(got.bySource, want.bySource) || !reflect.DeepEqual(got.cited, want.cited) {
		t.Error("NewIndexAfter's sources differ from NewIndex's")
	}
	if reflect.DeepEqual(prev.bySource, want.bySource) {
		t.Error("the edit changes no citation: the test compares nothing")
	}
}
