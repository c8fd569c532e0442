//go:build unix

// Package benchutil holds what the benchmarks of several packages share.
package benchutil

import (
	"syscall"
	"time"
)

// ProcessCPU is the CPU time the process has used, user and system, on
// every core: steadier than wall time on a shared machine, so the
// benchmarks report it beside ns/op.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
