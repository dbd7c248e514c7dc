package dataset

import (
	"reflect"
	"strings"
)

// fieldNames maps a dotted field path without list indexes ("" for the
// top level, "attributions" for an attribution) to the YAML field names
// valid there, over all record kinds. It feeds "did you mean" hints.
var fieldNames = map[string][]string{}

func init() {
	for _, v := range []any{Campaign{}, Actor{}, Organization{}, Source{}, Technique{}, Place{}} {
		collectFields(reflect.TypeOf(v), "")
	}
}

var dateType = reflect.TypeOf(Date{})

func collectFields(t reflect.Type, prefix string) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == dateType {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		if !contains(fieldNames[prefix], name) {
			fieldNames[prefix] = append(fieldNames[prefix], name)
		}
		sub := name
		if prefix != "" {
			sub = prefix + "." + name
		}
		collectFields(f.Type, sub)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
