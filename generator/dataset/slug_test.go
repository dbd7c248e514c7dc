package dataset

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Harbour council approves new ferry timetable & fares", "harbour-council-approves-new-ferry-timetable"},
		{"Ingérences étrangères : l'Assemblée s'inquiète", "ingerences-etrangeres-lassemblee-sinquiete"},
		{"Straße, Œuvre — Ærø", "strasse-oeuvre-aero"},
		{"Ingérence : « BIG »", "ingerence-big"},
		{"中文标题", ""},
		{strings.Repeat("a", 100) + " b", strings.Repeat("a", 100)},
	}
	for _, tt := range tests {
		if got := Slug(tt.title, 6); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}
