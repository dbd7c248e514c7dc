package scrape

import (
	"fmt"
	"os"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
)

// idWords is how many words of a title go into a new source's id.
const idWords = 6

// commitSafely turns a publisher's matching entries into new records; a
// panic fails that publisher only, after undoing what it wrote.
func (r *runner) commitSafely(res *Result, st *store, today dataset.Date) {
	start := time.Now()
	var c commit
	defer func() {
		res.Duration += time.Since(start)
		if v := recover(); v != nil {
			c.undo(st)
			res.New = nil
			res.fail(fmt.Errorf("panic: %v", v))
		}
	}()
	if err := c.run(r, res, st, today); err != nil {
		c.undo(st)
		res.New = nil
		res.fail(err)
	}
}

// commit is one publisher's share of the store: what it planned and
// wrote, so a failure can take it all back.
type commit struct {
	ids, keys, paths []string
}

// run plans a record for each entry not yet recorded and writes them,
// unless the run is dry.
func (c *commit) run(r *runner, res *Result, st *store, today dataset.Date) error {
	var recs []sourceRecord
	for _, it := range res.matched {
		key, ok := urlKey(it.Link)
		if !ok {
			continue
		}
		if _, dup := st.urls[key]; dup {
			res.Duplicates++
			continue
		}
		st.urls[key] = res.ID
		c.keys = append(c.keys, key)
		rec := r.record(res.pub, it, today, st)
		c.ids = append(c.ids, rec.ID)
		recs = append(recs, rec)
	}
	for _, rec := range recs {
		ns := NewSource{ID: rec.ID, Title: rec.Title, URL: rec.URL, Published: rec.Published}
		if !r.cfg.DryRun {
			path, err := st.create(rec.ID, rec.render())
			if err != nil {
				return err
			}
			c.paths = append(c.paths, path)
			ns.Path = path
		}
		res.New = append(res.New, ns)
	}
	return nil
}

// undo removes the files this commit wrote and releases its ids and URLs.
func (c *commit) undo(st *store) {
	for _, p := range c.paths {
		_ = os.Remove(p) // written by this run a moment ago; nothing else refers to it
	}
	for _, id := range c.ids {
		delete(st.ids, id)
	}
	for _, k := range c.keys {
		delete(st.urls, k)
	}
	*c = commit{}
}

// record builds the source record of one entry and reserves its id.
func (r *runner) record(p *Publisher, it Item, today dataset.Date, st *store) sourceRecord {
	year, published := today.Year, ""
	if it.Date.Valid() && !today.Before(it.Date) {
		year, published = it.Date.Year, it.Date.String()
	}
	key, _ := urlKey(it.Link)
	base := fmt.Sprintf("%s-%d-%s", p.Organization, year, slug(it.Title, key, idWords))
	return sourceRecord{
		ID:        st.newID(base),
		URL:       it.Link,
		Title:     it.Title,
		Publisher: p.Organization,
		Language:  p.Language,
		Kind:      p.sourceKind(r.orgs[p.Organization]),
		Published: published,
		Retrieved: today.String(),
		Excerpt:   it.Summary,
	}
}
