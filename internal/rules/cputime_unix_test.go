//go:build unix

package rules_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, user and system, on
// every core: benchmarks report it per operation, which other processes on
// a shared machine disturb much less than wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
