//go:build race

package main

// raceEnabled says the test binary runs under the race detector, which
// reserves far more address space than `ulimit -v` in scripts allows.
const raceEnabled = true
