//go:build !unix

package server

import "time"

// processCPU is not measured here: the cpu-ns metric is left out.
func processCPU() time.Duration { return 0 }
