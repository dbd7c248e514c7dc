package render

import "runtime"

func workers() int { return max(1, runtime.GOMAXPROCS(0)) }
