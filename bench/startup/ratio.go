package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

// helloWorld is the floor for any Go process: the runtime starting, one
// write, exit.
const helloWorld = `package main

import "os"

func main() { os.Stdout.WriteString("hello, world\n") }
`

// sample is one run of a process: its CPU time (user + system, every core)
// and its wall time.
type sample struct{ cpu, wall time.Duration }

// compare runs baseline and bin+args in pairs, runs times, and prints the
// medians and the ratio of bin to baseline. The two alternate, and which
// goes first alternates too, so that a disturbance (another process, a
// frequency change) falls on both alike; CPU time is the figure to read on
// a shared machine, since waiting for a core does not count in it.
func compare(w io.Writer, runs int, baseline, bin string, args []string) error {
	var base, cmd []sample
	var ratios []float64
	for i := range runs + runs/10 {
		var b, c sample
		var err error
		if i%2 == 0 {
			if b, err = runOnce(baseline, nil); err == nil {
				c, err = runOnce(bin, args)
			}
		} else {
			if c, err = runOnce(bin, args); err == nil {
				b, err = runOnce(baseline, nil)
			}
		}
		if err != nil {
			return err
		}
		if i < runs/10 {
			continue // warm-up: page cache, CPU frequency
		}
		base, cmd = append(base, b), append(cmd, c)
		ratios = append(ratios, float64(c.cpu)/float64(max(b.cpu, time.Microsecond)))
	}
	bc, bw := medians(base)
	cc, cw := medians(cmd)
	fmt.Fprintf(w, "%d paired runs, medians        CPU (user+sys)     wall\n", runs)
	fmt.Fprintf(w, "  hello-world                  %8.2f ms   %8.2f ms\n", ms(bc), ms(bw))
	fmt.Fprintf(w, "  %-28s %8.2f ms   %8.2f ms\n", filepath.Base(bin)+" "+first(args), ms(cc), ms(cw))
	fmt.Fprintf(w, "  CPU ratio: %.2f (median of the pairs' ratios), %.2f (ratio of the medians)\n",
		median(ratios), float64(cc)/float64(bc))
	fmt.Fprintf(w, "  wall ratio: %.2f (ratio of the medians)\n", float64(cw)/float64(bw))
	return nil
}

// runOnce runs one process to its end, its output discarded.
func runOnce(bin string, args []string) (sample, error) {
	c := exec.Command(bin, args...)
	c.Stdin, c.Stdout, c.Stderr = nil, io.Discard, io.Discard
	t := time.Now()
	if err := c.Run(); err != nil {
		return sample{}, fmt.Errorf("%s %v: %w", bin, args, err)
	}
	wall := time.Since(t)
	st := c.ProcessState
	return sample{cpu: st.UserTime() + st.SystemTime(), wall: wall}, nil
}

func medians(s []sample) (cpu, wall time.Duration) {
	var c, w []float64
	for _, x := range s {
		c, w = append(c, float64(x.cpu)), append(w, float64(x.wall))
	}
	return time.Duration(median(c)), time.Duration(median(w))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

func first(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// build compiles orgadvisor (when bin is "") and a hello-world program into
// dir, and returns their paths.
func build(dir, bin string) (string, string, error) {
	if bin == "" {
		bin = filepath.Join(dir, "orgadvisor")
		if err := goBuild("", bin, "./cmd/orgadvisor"); err != nil {
			return "", "", err
		}
	}
	src := filepath.Join(dir, "hello")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte(helloWorld), 0o644); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte("module hello\n\ngo 1.26.0\n"), 0o644); err != nil {
		return "", "", err
	}
	hello := filepath.Join(dir, "hello-world")
	return bin, hello, goBuild(src, hello, ".")
}

func goBuild(dir, out, pkg string) error {
	c := exec.Command("go", "build", "-o", out, pkg)
	c.Dir, c.Stdout, c.Stderr = dir, os.Stderr, os.Stderr
	return c.Run()
}
