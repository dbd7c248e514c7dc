package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/interference-watch/portal/generator/atomicfile"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/safefs"
	"github.com/interference-watch/portal/generator/stamp"
	"github.com/spf13/cobra"
)

func translatedCmd(e *env) *cobra.Command {
	var fields []string
	c := &cobra.Command{
		Use:   "translated <file-or-folder>…",
		Short: "Record that the French of these records matches their English as it is now",
		Long: `After bringing a record's French up to date with its English, stamp it:
each French block (fr:) gets from:, the short hash of the English of each
field it translates. portal validate warns when that English changes later,
naming the field. Only the from: values change in the file; nothing else is
rewritten, and a file whose stamps are current is not written at all.

Give record files under data/ (campaigns, actors, organizations, sources), or
folders to stamp every record in them. With --field, only those French
fields are stamped (as portal validate names them: fr.summary,
responses[2].fr.note), so a block you have not checked keeps its warning.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := translatedFiles(e.root, args)
			if err != nil {
				return err
			}
			if len(fields) > 0 && len(files) != 1 {
				return fmt.Errorf("--field names fields of one record: give one file")
			}
			n, written := 0, 0
			for _, f := range files {
				k, err := stampFile(e, f, fields)
				if err != nil {
					return err
				}
				n += k
				if k > 0 {
					written++
				}
			}
			fmt.Fprintf(e.stderr, "%s stamped in %s\n", plural(n, "translation", "translations"), plural(written, "file", "files"))
			return nil
		},
	}
	c.Flags().StringArrayVar(&fields, "field", nil, "stamp only this French field (repeatable), as validate names it: fr.summary")
	return c
}

// translatedFiles resolves the arguments to record files of the kinds
// that have translations, as slash paths relative to root. Every one
// must lie in data/ under root; a folder stands for its records.
func translatedFiles(root string, args []string) ([]string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range args {
		abs := a
		if !filepath.IsAbs(a) {
			abs = filepath.Join(absRoot, a)
		}
		rel, err := filepath.Rel(absRoot, abs)
		if err != nil || !(rel == "data" || strings.HasPrefix(filepath.ToSlash(rel), "data/")) {
			return nil, fmt.Errorf("%s: not in the project's data/ folder", a)
		}
		rel = filepath.ToSlash(rel)
		info, err := os.Lstat(abs)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			if stampKind(rel) == "" {
				return nil, fmt.Errorf("%s: not a campaign, actor, organization or source record (data/<kind>s/<id>.yaml)", a)
			}
			out = append(out, rel)
			continue
		}
		files, refused, err := safefs.Walk(os.DirFS(absRoot), rel, safefs.MaxFile)
		if err != nil {
			return nil, err
		}
		if len(refused) > 0 {
			return nil, refused[0].Err
		}
		for _, f := range files {
			if stampKind(f) != "" {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// stampKind is the kind of the record at the slash path data/<dir>/<id>.yaml
// when that kind has translations, or "".
func stampKind(p string) dataset.Kind {
	dir, file := path.Split(p)
	if path.Dir(path.Clean(dir)) != "data" || !strings.HasSuffix(file, ".yaml") {
		return ""
	}
	switch k := dataset.KindOfDir(path.Base(dir)); k {
	case dataset.KindCampaign, dataset.KindActor, dataset.KindOrganization, dataset.KindSource:
		return k
	}
	return ""
}

// stampFile stamps one record file and says what changed on stdout; it
// returns how many stamps it wrote.
func stampFile(e *env, rel string, fields []string) (int, error) {
	data, err := safefs.ReadFile(os.DirFS(e.root), rel, safefs.MaxFile)
	if err != nil {
		return 0, err
	}
	out, changes, err := stamp.File(data, rel, stampKind(rel), fields)
	if err != nil {
		return 0, err
	}
	if len(changes) == 0 {
		return 0, nil
	}
	full := filepath.Join(e.root, filepath.FromSlash(rel))
	info, err := os.Stat(full)
	if err != nil {
		return 0, err
	}
	if err := atomicfile.Replace(full, out, info.Mode().Perm()&fs.ModePerm); err != nil {
		return 0, err
	}
	for _, c := range changes {
		switch {
		case c.Now == "":
			fmt.Fprintf(e.stdout, "%s: %s: stamp removed (the block no longer gives that field)\n", rel, c.Field)
		case c.Was == "":
			fmt.Fprintf(e.stdout, "%s: %s: stamped %s\n", rel, c.Field, c.Now)
		default:
			fmt.Fprintf(e.stdout, "%s: %s: stamped %s (was %s: its English had changed)\n", rel, c.Field, c.Now, c.Was)
		}
	}
	return len(changes), nil
}
