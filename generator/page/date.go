package page

import (
	"fmt"

	"github.com/interference-watch/portal/generator/dataset"
)

var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

// FormatDate writes d for readers of lang in its own precision:
// "2024", "July 2023", "2 December 2024" (French: "juillet 2023",
// "2 décembre 2024"). Unknown languages fall back to English.
func FormatDate(d dataset.Date, lang string) string {
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames["en"]
	}
	switch d.Precision() {
	case dataset.PrecisionYear:
		return fmt.Sprint(d.Year)
	case dataset.PrecisionMonth:
		return fmt.Sprintf("%s %d", names[d.Month-1], d.Year)
	case dataset.PrecisionDay:
		day := fmt.Sprint(d.Day)
		if lang == "fr" && d.Day == 1 {
			day = "1er"
		}
		return fmt.Sprintf("%s %s %d", day, names[d.Month-1], d.Year)
	}
	return d.Raw
}
