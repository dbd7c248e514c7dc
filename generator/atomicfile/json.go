package atomicfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// LoadVersioned reads a JSON state file whose top-level "version" must be
// want, decoding it into v. A missing file is not an error: found is
// false and v is left alone. A file that is not JSON, or of another
// version, is an error that names it and says how to start afresh.
func LoadVersioned(path string, want int, v any) (found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return false, fmt.Errorf("%s: corrupt file (remove it to start afresh): %w", path, err)
	}
	if head.Version != want {
		return false, fmt.Errorf("%s: version %d, want %d", path, head.Version, want)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("%s: corrupt file (remove it to start afresh): %w", path, err)
	}
	return true, nil
}
