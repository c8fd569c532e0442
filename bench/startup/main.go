// Command startup measures a one-shot orgadvisor process.
//
// With -runs N it runs orgadvisor ARGS and a hello-world Go binary (the
// floor for any Go process) N times each, in rounds, and prints the median
// CPU time (user + system) and wall time of each and their ratio:
//
//	go run ./bench/startup -runs 200 -- advise --no-input --employees 40 -o json
//
// With -libs (the default) each round also runs "libraries alone": a
// binary that imports every third-party package orgadvisor links and does
// nothing else. Their initialisation runs all the same, so it is the floor
// for any program built on these libraries, and what orgadvisor costs above
// it is its own: its packages' initialisation, its command tree, the work
// of the command, and its size.
//
// Without -runs it shows where the command spends its time after the Go
// runtime has started, in this process: restoring the embedded rules (a
// snapshot made at build time), building the command tree for the
// arguments, and running the command. GODEBUG=inittrace=1 shows the
// package initialisation before main. bench/batch.sh runs both.
//
//	go run ./bench/startup -- advise --employees 40 -o json
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmd/factory"
	"github.com/orgadvisor/orgadvisor/internal/cmd/root"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

func main() {
	runs := flag.Int("runs", 0, "run orgadvisor `N` times against a hello-world binary and report the CPU ratio")
	bin := flag.String("bin", "", "the orgadvisor `binary` for -runs (default: build ./cmd/orgadvisor)")
	libs := flag.Bool("libs", true, "with -runs, also run a binary of the libraries alone")
	flag.Parse()
	args := flag.Args()
	if *runs > 0 {
		dir, err := os.MkdirTemp("", "orgadvisor-startup")
		if err == nil {
			defer os.RemoveAll(dir)
			var hello, floor string
			if *bin, hello, err = build(dir, *bin); err == nil && *libs {
				floor, err = buildLibraries(dir)
			}
			if err == nil {
				cmds := []command{{name: "orgadvisor " + first(args), bin: *bin, args: args}}
				if floor != "" {
					cmds = append([]command{{name: "libraries alone", bin: floor}}, cmds...)
				}
				err = compare(os.Stdout, *runs, hello, cmds)
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "startup:", err)
			os.Exit(1)
		}
		return
	}
	phases(args)
}

// phases times the stages of one run in this process.
func phases(args []string) {
	t0 := time.Now()
	_, err := orgadvisor.DefaultRules() // what a command that needs them does, once
	tLoad := time.Since(t0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}

	t1 := time.Now()
	ios := iostreams.System()
	ios.Out, ios.ErrOut = io.Discard, io.Discard
	f, err := factory.New(ios, "dev", args)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cmd := root.NewCmdRootFor(f, args)
	tTree := time.Since(t1)

	t2 := time.Now()
	cmd.SetArgs(args)
	err = cmd.Execute()
	tRun := time.Since(t2)
	fmt.Printf("restore the embedded rules   %6.2f ms\n", ms(tLoad))
	fmt.Printf("factory and command tree     %6.2f ms\n", ms(tTree))
	fmt.Printf("execute %-20s %6.2f ms (error: %v)\n", fmt.Sprint(args[:min(1, len(args))]), ms(tRun), err)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
