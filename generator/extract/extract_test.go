package extract

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExtractFixtures(t *testing.T) {
	tests := []struct {
		file, url string
		want      Metadata
	}{
		{"jsonld-graph.html", "https://ledger.example.com/news/ferry-timetable?utm=x", Metadata{
			Title:        "Harbour council approves new ferry timetable & fares",
			Published:    "2024-03-31", // 23:30 at -05:00 stays on the 31st
			Language:     "en",
			Description:  "The winter timetable adds two crossings.",
			CanonicalURL: "https://ledger.example.com/news/ferry-timetable",
			SiteName:     "The Coastal Ledger",
			Author:       "Ana Lima, Tom Berg",
			Summary: "The harbour council voted on Sunday to add two evening crossings to the winter ferry timetable. " +
				"Mr. Holt, who chairs the council, said the change would help commuters. " +
				"Fares rise by five per cent from May, the first increase in three years.",
		}},
		{"opengraph.html", "https://valley.example.net/energy/solar-farm?ref=rss", Metadata{
			Title:        "Solar Farm Opens on Former Airfield",
			Published:    "2024-05-14",
			Language:     "en",
			Description:  "The largest solar farm in the valley opened today.",
			CanonicalURL: "https://valley.example.net/energy/solar-farm",
			SiteName:     "Valley News",
			Author:       "Kim Osei",
			Summary: "A solar farm built on a disused airfield started supplying power on Tuesday. " +
				"The site holds forty thousand panels and can power about twelve thousand homes, according to the operator. " +
				"Local farmers will keep grazing sheep between the rows of panels, a practice the operator says keeps the grass short without machines.",
		}},
		{"title-suffix.html", "https://northside.example.org/2023/library", Metadata{
			Title:        "How the Old Library Was Saved by Its Readers",
			Published:    "2023-07",
			Language:     "en",
			Description:  "A neighbourhood campaign kept the doors open.",
			CanonicalURL: "https://northside.example.org/2023/library",
			SiteName:     "northside.example.org",
			Summary: "When the city announced that the old library would close, the readers who had used it for decades did not give up. " +
				"They collected signatures, organised readings on the steps and raised money for a new roof. " +
				"After a year of campaigning, the council agreed to lease the building to a trust run by volunteers.",
		}},
		{"french.html", "http://ouest.example.fr/politique/budget", Metadata{
			Title:        "Le conseil régional adopte son budget",
			Published:    "2024-12-02",
			Language:     "fr",
			CanonicalURL: "http://ouest.example.fr/politique/budget",
			SiteName:     "Journal de l'Ouest",
			Summary: "Les élus du conseil régional ont adopté lundi le budget de l'année prochaine, après une longue séance. " +
				"Le texte prévoit une hausse des dépenses pour les transports et les lycées, mais il est critiqué par l'opposition. " +
				"Selon la présidente, cette hausse est financée par des économies sur le fonctionnement.",
		}},
		{"no-date.html", "no-date.html", Metadata{
			Title:    "Notes from the workshop",
			Language: "en",
			Summary: "These are short notes from the workshop on community radio that took place in the spring. " +
				"We talked about licences, volunteers and the cost of transmitters, and we shared the tools we use to plan programmes. " +
				"The next workshop will be announced on this page. " + // exactly 60 words with the next sentence
				"Thanks to everyone who came and to the hosts for the room and the coffee.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := Extract(mustReadFile(t, filepath.Join("testdata", tt.file)), tt.url)
			if got != tt.want {
				t.Errorf("Extract(%s) =\n%#v\nwant\n%#v", tt.file, got, tt.want)
			}
		})
	}
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
