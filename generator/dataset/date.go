package dataset

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// Precision says how much of a Date is known.
type Precision int

// The precisions a Date can have, from coarsest to finest.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// Date is a calendar date that keeps the precision it was written with:
// "2023-07" is July 2023, not 1 July 2023. The zero Date is absent.
// A Date that failed to parse keeps its raw text and the error in Err, so
// the validator can report it with its position instead of stopping the
// decoder.
type Date struct {
	Year, Month, Day int
	Raw              string
	Err              error
}

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD and checks that the date exists.
func ParseDate(s string) (Date, error) {
	d := Date{Raw: s}
	var err error
	switch {
	case len(s) == 4:
		d.Year, err = strconv.Atoi(s)
	case len(s) == 7 && s[4] == '-':
		d.Year, err = strconv.Atoi(s[:4])
		if err == nil {
			d.Month, err = strconv.Atoi(s[5:])
		}
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		var t time.Time
		t, err = time.Parse(time.DateOnly, s)
		d.Year, d.Month, d.Day = t.Year(), int(t.Month()), t.Day()
	default:
		return Date{Raw: s}, fmt.Errorf("%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	if err != nil || d.Year < 1 || d.Month < 0 || d.Month > 12 {
		return Date{Raw: s}, fmt.Errorf("%q is not a real date", s)
	}
	return d, nil
}

// MustDate is ParseDate for literals known to be valid; it panics otherwise.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// UnmarshalYAML accepts any scalar and never fails; a bad date is kept in Err.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		*d = Date{Raw: "", Err: fmt.Errorf("a date must be a single value like \"2024-05\"")}
		return nil
	}
	parsed, err := ParseDate(n.Value)
	if err == nil && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
		// YAML reads an unquoted 2024 as a number and 2024-05-01 as a
		// timestamp; data/README.md says dates are always quoted.
		err = fmt.Errorf("write the date in quotes, \"%s\", so YAML keeps it as written", n.Value)
	}
	parsed.Err = err
	*d = parsed
	return nil
}

// MarshalYAML writes the date as a quoted string in its own precision.
func (d Date) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: d.String()}, nil
}

// IsZero reports whether the date is absent.
func (d Date) IsZero() bool { return d.Year == 0 && d.Raw == "" && d.Err == nil }

// Valid reports whether the date is present and parsed.
func (d Date) Valid() bool { return d.Year != 0 && d.Err == nil }

// Precision returns how much of the date is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecisionNone
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// String formats the date in its own precision; an unparsed date returns its raw text.
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return d.Raw
}

// Start is the first day the date can mean.
func (d Date) Start() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// End is the last day the date can mean.
func (d Date) End() time.Time {
	switch d.Precision() {
	case PrecisionYear:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return d.Start()
}

// Before reports whether d certainly ends before o begins.
func (d Date) Before(o Date) bool { return d.End().Before(o.Start()) }

// Compare orders dates by their start, then by precision (coarser first).
func (d Date) Compare(o Date) int {
	if c := d.Start().Compare(o.Start()); c != 0 {
		return c
	}
	return int(d.Precision()) - int(o.Precision())
}

// MarshalJSON writes the date as a string in its own precision.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a date written by MarshalJSON; an empty string is
// the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
