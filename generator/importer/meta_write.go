package importer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fetch"
	"go.yaml.in/yaml/v3"
)

// MappingPath is the maintainers' file that says which of Meta's
// networks are which campaigns, under data/.
const MappingPath = "mappings/meta-threat-research.yaml"

// IndicatorsSchemaLine starts every indicator file.
const IndicatorsSchemaLine = "# yaml-language-server: $schema=../../generator/schema/indicators.schema.json"

// fileYear finds the year of a quarter or half in a file name: Q2_2023, H1_2026.
var fileYear = regexp.MustCompile(`[QH][0-9](?:-[0-9])?[_ ](20[0-9]{2})`)

// MaxIndicatorsPerCampaign bounds one campaign's indicator file.
const MaxIndicatorsPerCampaign = 15_000

// Mapping is one entry of the mapping file: a network (a CSV file of
// Meta's repository) and the campaign it is, with the evidence.
type Mapping struct {
	File     string `yaml:"file"`               // the CSV's path in the repository
	Campaign string `yaml:"campaign"`           // campaign id
	Evidence string `yaml:"evidence"`           // why this network is that campaign
	Source   string `yaml:"source,omitempty"`   // an existing source for the report; else one is made for the file
	Reported string `yaml:"reported,omitempty"` // when Meta reported it, when the files do not say
	line     int
}

// ReadMapping reads the mapping file; a missing file maps nothing.
func ReadMapping(dataDir string) ([]Mapping, error) {
	p := filepath.Join(dataDir, filepath.FromSlash(MappingPath))
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var doc struct {
		Networks yaml.Node `yaml:"networks"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	var ms []Mapping
	var errs []error
	for _, n := range doc.Networks.Content {
		var m Mapping
		dn := yaml.NewDecoder(bytes.NewReader(mustEncode(n)))
		dn.KnownFields(true)
		if err := dn.Decode(&m); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", p, n.Line, err))
			continue
		}
		m.line = n.Line
		if m.File == "" || m.Campaign == "" || strings.TrimSpace(m.Evidence) == "" {
			errs = append(errs, fmt.Errorf("%s:%d: a network needs file, campaign and evidence", p, n.Line))
			continue
		}
		ms = append(ms, m)
	}
	return ms, errors.Join(errs...)
}

func mustEncode(n *yaml.Node) []byte {
	b, _ := yaml.Marshal(n)
	return b
}

// MetaResult says what [ImportMeta] did or would do.
type MetaResult struct {
	Networks       int
	Mapped         []MappedNetwork
	Unmapped       []*Network
	Files          struct{ Created, Updated, Unchanged []string } // campaign ids
	SourcesCreated []string
	SourcesMatched []string
	Invalid        []*CellError
}

// MappedNetwork is a network imported onto a campaign.
type MappedNetwork struct {
	Mapping
	Network *Network
	Source  string
	ByType  map[string]int
}

// ImportMeta writes, for every mapped network, its indicators into
// data/indicators/<campaign>.yaml, one set per network, citing a source
// for the file (an existing one with the same URL, or a new unreviewed
// one). Sets a maintainer added by hand (of another dataset) are kept;
// a file whose content is unchanged is not rewritten. Every file is
// planned first: on any error nothing is written.
func ImportMeta(dataDir string, nets []*Network, maps []Mapping, dryRun bool) (*MetaResult, error) {
	d, err := loadExisting(dataDir)
	if err != nil {
		return nil, err
	}
	res := &MetaResult{Networks: len(nets)}
	byFile := map[string]*Network{}
	for _, n := range nets {
		byFile[n.File] = n
		res.Invalid = append(res.Invalid, n.Invalid...)
	}
	var errs []error
	mapped := map[string]bool{}
	byCampaign := map[string][]MappedNetwork{}
	byURL := map[string]string{}
	taken := map[string]bool{}
	for _, s := range d.Sources {
		taken[s.ID] = true
		if n, err := fetch.Normalize(s.URL); err == nil {
			byURL[n] = s.ID
		}
	}
	files := map[string][]byte{}
	matched := map[string]bool{}
	for _, m := range maps {
		n := byFile[m.File]
		switch {
		case n == nil:
			errs = append(errs, fmt.Errorf("%s:%d: no file %q in Meta's repository", MappingPath, m.line, m.File))
			continue
		case mapped[m.File]:
			errs = append(errs, fmt.Errorf("%s:%d: %q is mapped twice", MappingPath, m.line, m.File))
			continue
		case d.Campaign(m.Campaign) == nil:
			errs = append(errs, fmt.Errorf("%s:%d: unknown campaign %q", MappingPath, m.line, m.Campaign))
			continue
		case m.Source != "" && d.Source(m.Source) == nil:
			errs = append(errs, fmt.Errorf("%s:%d: unknown source %q", MappingPath, m.line, m.Source))
			continue
		case d.Organization("meta") == nil:
			errs = append(errs, errors.New("no organization meta in data/organizations"))
			continue
		}
		mapped[m.File] = true
		mn := MappedNetwork{Mapping: m, Network: n, Source: m.Source, ByType: map[string]int{}}
		if mn.Reported == "" {
			mn.Reported = n.Reported
		}
		if mn.Source == "" {
			u := FileURL(n.File)
			key, _ := fetch.Normalize(u)
			if id, ok := byURL[key]; ok {
				mn.Source = id
				matched[id] = true
			} else {
				year := "undated"
				if m := fileYear.FindStringSubmatch(n.File); m != nil {
					year = m[1] // the quarter's year in the file's name, for the id only
				}
				if len(mn.Reported) >= 4 {
					year = mn.Reported[:4]
				}
				id := uniqueID("meta-"+year+"-indicators-"+slug(strings.TrimSuffix(path.Base(n.File), path.Ext(n.File)), 8), taken)
				taken[id] = true
				prov := newMapping().str("dataset", MetaDataset).str("id", n.File).str("url", u).
					str("license", MetaLicense).str("attribution", MetaAttribution)
				sm := newMapping().str("url", u).quoted("title", "Threat indicators: "+path.Base(n.File)).str("publisher", "meta").
					quoted("published", mn.Reported).str("language", "en").str("kind", "platform-report").
					str("status", "unreviewed").add("imported", prov.n)
				data, err := fileBytes(SourceSchemaLine, sm)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				files[filepath.Join(dataDir, "sources", id+".yaml")] = data
				byURL[key] = id
				mn.Source = id
				res.SourcesCreated = append(res.SourcesCreated, id)
			}
		}
		for _, in := range n.Indicators {
			mn.ByType[in.Type]++
		}
		byCampaign[m.Campaign] = append(byCampaign[m.Campaign], mn)
		res.Mapped = append(res.Mapped, mn)
	}
	for _, n := range nets {
		if !mapped[n.File] {
			res.Unmapped = append(res.Unmapped, n)
		}
	}
	for c, mns := range byCampaign {
		p := filepath.Join(dataDir, "indicators", c+".yaml")
		data, err := indicatorFile(p, d.IndicatorsOf(c), mns)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		old, err := os.ReadFile(p)
		switch {
		case err == nil && bytes.Equal(old, data):
			res.Files.Unchanged = append(res.Files.Unchanged, c)
			continue
		case err == nil:
			res.Files.Updated = append(res.Files.Updated, c)
		default:
			res.Files.Created = append(res.Files.Created, c)
		}
		files[p] = data
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for id := range matched {
		res.SourcesMatched = append(res.SourcesMatched, id)
	}
	for _, l := range [][]string{res.Files.Created, res.Files.Updated, res.Files.Unchanged, res.SourcesCreated, res.SourcesMatched} {
		slices.Sort(l)
	}
	if dryRun {
		return res, nil
	}
	return res, writeAll(files)
}

// indicatorFile renders a campaign's indicator file: the sets of other
// datasets that old holds, kept as they are, then one set per mapped
// network, by file. The leading comment of an existing file is kept.
func indicatorFile(p string, old *dataset.Indicators, mns []MappedNetwork) ([]byte, error) {
	slices.SortFunc(mns, func(a, b MappedNetwork) int { return strings.Compare(a.File, b.File) })
	sets := &yaml.Node{Kind: yaml.SequenceNode}
	total := 0
	if old != nil {
		for _, s := range old.Sets {
			if s.Imported != nil && s.Imported.Dataset == MetaDataset {
				continue
			}
			n := &yaml.Node{}
			if err := n.Encode(s); err != nil {
				return nil, err
			}
			sets.Content = append(sets.Content, n)
			total += len(s.Indicators)
		}
	}
	for _, mn := range mns {
		total += len(mn.Network.Indicators)
		prov := newMapping().str("dataset", MetaDataset).str("id", mn.File).str("url", FileURL(mn.File)).
			str("license", MetaLicense).str("attribution", MetaAttribution)
		list := &yaml.Node{Kind: yaml.SequenceNode}
		for _, in := range mn.Network.Indicators {
			e := newMapping().str("type", in.Type).str("value", in.Value)
			e.n.Style = yaml.FlowStyle
			list.Content = append(list.Content, e.n)
		}
		set := newMapping().quoted("network", mn.File).str("by", "meta").str("source", mn.Source).
			quoted("reported", mn.Reported).add("imported", prov.n).add("indicators", list)
		sets.Content = append(sets.Content, set.n)
	}
	if total > MaxIndicatorsPerCampaign {
		return nil, fmt.Errorf("%s: %d indicators, more than %d for one campaign", p, total, MaxIndicatorsPerCampaign)
	}
	head := IndicatorsSchemaLine + "\n# Indicators published about this campaign's network. portal import meta-indicators\n" +
		"# writes the sets of Meta's threat-research repository (MIT licence, Meta Platforms, Inc.)\n" +
		"# from data/" + MappingPath + "; sets of other datasets are kept."
	if old != nil {
		if data, err := os.ReadFile(p); err == nil {
			var lines []string
			for _, l := range strings.Split(string(data), "\n") {
				if !strings.HasPrefix(l, "#") {
					break
				}
				lines = append(lines, l)
			}
			if len(lines) > 0 {
				head = strings.Join(lines, "\n")
			}
		}
	}
	return fileBytes(head, newMapping().add("sets", sets))
}
