package dataset

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Problem is one mistake in the data, located in its file. Line and Col
// are 1-based; Field is the dotted path of the field, such as
// "attributions[0].by", or "" for the whole file.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Field   string `json:"field"`
	Message string `json:"message"`
	// Warning marks what deserves attention without making the data
	// invalid, such as a translation whose English changed since; a
	// warning never fails a command.
	Warning bool     `json:"warning,omitempty"`
	Pointer []string `json:"-"`
	// Offset is a line offset within a multi-line text value, for problems
	// about one paragraph of a summary.
	Offset int `json:"-"`
	// ColOffset is a column within that line of text, counted from the
	// text's own indentation (0: the line's start).
	ColOffset int `json:"-"`
}

// String formats the problem as path:line:col: field: message, and a
// warning as path:line:col: warning: field: message.
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", p.Path, max(p.Line, 1), max(p.Col, 1))
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// SortProblems orders problems by file, line, column, field and message,
// and removes exact repeats.
func SortProblems(ps []Problem) []Problem {
	slices.SortFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Message, b.Message))
	})
	return slices.CompactFunc(ps, func(a, b Problem) bool {
		return a.Path == b.Path && a.Line == b.Line && a.Col == b.Col && a.Field == b.Field && a.Message == b.Message
	})
}

// FieldName turns a JSON pointer's segments into a dotted field path:
// ["attributions", "0", "by"] becomes "attributions[0].by".
func FieldName(ptr []string) string {
	var b strings.Builder
	for _, s := range ptr {
		if _, err := strconv.Atoi(s); err == nil {
			b.WriteString("[" + s + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// At builds a problem for the field at ptr in the record; its line and
// column are filled in later by Locate.
func At(m Meta, ptr []string, format string, args ...any) Problem {
	return Problem{Path: m.Path, Field: FieldName(ptr), Pointer: ptr, Message: fmt.Sprintf(format, args...)}
}

// Ptr builds a pointer from path segments; ints become list indexes.
func Ptr(parts ...any) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		switch v := p.(type) { // the usual parts, without fmt's cost
		case string:
			out[i] = v
		case int:
			out[i] = strconv.Itoa(v)
		default:
			out[i] = fmt.Sprint(p)
		}
	}
	return out
}
