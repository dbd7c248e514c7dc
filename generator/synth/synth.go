// Package synth makes a deterministic synthetic dataset with the shapes
// of the real one, for benchmarks at scale: about five sources per
// campaign, attributions, targets, techniques and cited summaries that
// cross-reference like curated records do.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// Options size the dataset. The same Options always give the same data.
type Options struct {
	Campaigns int
	Seed      int64
}

var words = strings.Fields(`account accounts amplified amplification audience audiences authentic bot campaign
channels claims content coordinated covert domains election fabricated fake forged influence information
inauthentic interference leaked media messages narrative network networks news operation outlets pages
platform platforms posts propaganda published readers report researchers sites social spoofed targeted
telegram video videos websites`)

// Generate builds the dataset in memory.
func Generate(o Options) *dataset.Dataset {
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x1f2e3d4c))
	d := &dataset.Dataset{}
	nPlaces, nOrgs, nTech := 60, max(20, o.Campaigns/50), 120
	nActors := max(10, o.Campaigns/10)
	for i := range nPlaces {
		d.Places = append(d.Places, &dataset.Place{Meta: meta(dataset.KindPlace, placeID(i)), Name: "Place " + placeID(i), Kind: "country"})
	}
	for i := range nOrgs {
		id := fmt.Sprintf("org-%d", i)
		d.Organizations = append(d.Organizations, &dataset.Organization{Meta: meta(dataset.KindOrganization, id),
			Name: "Organization " + title(r, 2), Kind: pick(r, "government", "platform", "research", "media", "ngo"),
			Country: placeID(r.IntN(nPlaces)), URL: "https://org" + fmt.Sprint(i) + ".example.org/", Domains: []string{"example.org"}})
	}
	for i := range nTech {
		id := fmt.Sprintf("T%04d", i+1)
		d.Techniques = append(d.Techniques, &dataset.Technique{Meta: meta(dataset.KindTechnique, id), Name: title(r, 3),
			Tactic: fmt.Sprintf("TA%02d", 1+r.IntN(18))})
	}
	nSources := o.Campaigns * 5
	for i := range nSources {
		id := fmt.Sprintf("src-%d-%d", 2015+i%10, i)
		d.Sources = append(d.Sources, &dataset.Source{Meta: meta(dataset.KindSource, id), URL: fmt.Sprintf("https://news%d.example.org/articles/%d-%s", i%97, i, slug(r)),
			Title: title(r, 8), Publisher: fmt.Sprintf("org-%d", r.IntN(nOrgs)), Published: date(r), Language: pick(r, "en", "fr", "de"),
			Kind: pick(r, "official-report", "platform-report", "research", "news"), Status: "reviewed",
			Excerpt: sentence(r, 20)})
	}
	for i := range nActors {
		id := fmt.Sprintf("actor-%d", i)
		d.Actors = append(d.Actors, &dataset.Actor{Meta: meta(dataset.KindActor, id), Name: "Actor " + title(r, 2),
			Kind: pick(r, "state-agency", "company", "network", "state-media"), Country: placeID(r.IntN(nPlaces)),
			Summary: paragraph(r, d.Sources[r.IntN(nSources)].ID)})
	}
	for i := range o.Campaigns {
		d.Campaigns = append(d.Campaigns, campaign(r, d, i))
	}
	d.Index()
	return d
}

func campaign(r *rand.Rand, d *dataset.Dataset, i int) *dataset.Campaign {
	srcs := make([]string, 5)
	for j := range srcs {
		srcs[j] = d.Sources[(i*5+j)%len(d.Sources)].ID
	}
	src := func() string { return srcs[r.IntN(len(srcs))] }
	first := date(r)
	last := dataset.MustDate(fmt.Sprintf("%04d-%02d", min(first.Year+r.IntN(3), 2025), 1+r.IntN(12)))
	if last.Before(first) {
		last = first
	}
	c := &dataset.Campaign{Meta: meta(dataset.KindCampaign, fmt.Sprintf("campaign-%d", i)), Name: "Operation " + title(r, 2),
		Status: pick(r, "ongoing", "ended", "unknown"), FirstSeen: &dataset.Claim{Date: first, Source: src()},
		LastSeen: &dataset.Claim{Date: last, Source: src()}}
	if c.Status != "unknown" {
		c.StatusSource = srcs[0]
	}
	for _, name := range []string{"x", "facebook", "telegram"}[:1+r.IntN(3)] {
		c.Platforms = append(c.Platforms, dataset.Platform{Name: name, Source: src()})
	}
	for range 1 + r.IntN(2) {
		a := dataset.Attribution{Actor: d.Actors[r.IntN(len(d.Actors))].ID,
			By: d.Organizations[r.IntN(len(d.Organizations))].ID, Confidence: pick(r, "high", "moderate", "low", "not-stated"), Source: src()}
		if a.Confidence != "not-stated" {
			a.Basis = &dataset.ConfidenceBasis{Quote: "we assess with " + a.Confidence + " confidence"}
		}
		c.Attributions = append(c.Attributions, a)
	}
	seen := map[string]bool{}
	for range 1 + r.IntN(4) {
		if p := d.Places[r.IntN(len(d.Places))].ID; !seen[p] {
			seen[p] = true
			c.Targets = append(c.Targets, dataset.Target{Place: p, Source: src()})
		}
	}
	for range 2 + r.IntN(5) {
		if t := d.Techniques[r.IntN(len(d.Techniques))].ID; !seen[t] {
			seen[t] = true
			c.Techniques = append(c.Techniques, dataset.TechniqueUse{ID: t, Source: src()})
		}
	}
	c.Impact = &dataset.Impact{Breakout: 1 + r.IntN(6), Source: src()}
	var paras []string
	for range 2 + r.IntN(3) {
		paras = append(paras, paragraph(r, src()))
	}
	c.Summary = strings.Join(paras, "\n\n") + "\n"
	return c
}

func meta(k dataset.Kind, id string) dataset.Meta {
	return dataset.Meta{ID: id, Path: "data/" + k.Dir() + "/" + id + ".yaml"}
}

// placeCodes are real ISO 3166-1 codes: place ids are a closed set.
var placeCodes = strings.Fields(`AE AF AL AM AR AT AU AZ BA BD BE BG BR BY CA CH CL CN CO CU CZ DE DK DZ EE EG ES
	ET FI FR GB GE GR HU ID IE IL IN IQ IR IT JP KE KR KZ LT LV LY MA MD ML MX MY NG NL NO PH PK PL PT RO RS RU
	SA SE SG SN SO SY TH TN TR TW UA`)

func placeID(i int) string { return placeCodes[i%len(placeCodes)] }

func pick(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }

func date(r *rand.Rand) dataset.Date {
	y := 2014 + r.IntN(11)
	switch r.IntN(3) {
	case 0:
		return dataset.MustDate(fmt.Sprint(y))
	case 1:
		return dataset.MustDate(fmt.Sprintf("%04d-%02d", y, 1+r.IntN(12)))
	}
	return dataset.MustDate(fmt.Sprintf("%04d-%02d-%02d", y, 1+r.IntN(12), 1+r.IntN(28)))
}

func title(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		w := words[r.IntN(len(words))]
		ws[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(ws, " ")
}

func slug(r *rand.Rand) string { return strings.ToLower(strings.ReplaceAll(title(r, 4), " ", "-")) }

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(r *rand.Rand, src string) string {
	return sentence(r, 25) + " " + sentence(r, 18) + " [@" + src + "]"
}
