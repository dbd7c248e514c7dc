package schema

import (
	"encoding/json"
	"io/fs"
	"strings"
)

// Enums returns the values every enum of the schemas allows, keyed by
// the schema's kind and the field that holds it, such as "actor:kind"
// or "campaign:confidence" (list items, $defs and allOf/oneOf are looked
// through). The names propertyNames allows are field names, not values,
// and are left out. The site's tests use it to check that no value shows
// on a page as it is stored.
func Enums() (map[string][]string, error) {
	out := map[string][]string{}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		kind := strings.TrimSuffix(p, ".schema.json")
		enums(v, "", func(field string, vals []any) {
			for _, e := range vals {
				if s, ok := e.(string); ok {
					out[kind+":"+field] = append(out[kind+":"+field], s)
				}
			}
		})
		return nil
	})
	return out, err
}

func enums(v any, field string, found func(field string, vals []any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			switch k {
			case "propertyNames":
			case "enum":
				if vals, ok := c.([]any); ok {
					found(field, vals)
				}
			case "properties", "items", "$defs", "allOf", "oneOf", "anyOf", "additionalProperties":
				enums(c, field, found)
			default:
				enums(c, k, found)
			}
		}
	case []any:
		for _, c := range v {
			enums(c, field, found)
		}
	}
}
