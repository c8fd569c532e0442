//go:build unix

package server

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, user and system, on
// every core, as internal/batch's benchmarks measure it: steadier than wall
// time on a shared machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
