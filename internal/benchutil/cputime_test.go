package benchutil

import (
	"runtime"
	"testing"
)

func TestProcessCPUAdvances(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("not measured here")
	}
	start := ProcessCPU()
	x := 0
	for i := 0; ProcessCPU()-start <= 0 && i < 1e9; i++ {
		x += i
	}
	if ProcessCPU() <= start {
		t.Fatalf("CPU time did not advance after busy work (%d)", x)
	}
}
