//go:build !unix

package safefs

const openFlags = 0

func isLoop(error) bool { return false }
