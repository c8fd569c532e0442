//go:build !unix

// Package benchutil holds what the benchmarks of several packages share.
package benchutil

import "time"

// ProcessCPU is not measured here: the cpu-ns metrics are left out.
func ProcessCPU() time.Duration { return 0 }
