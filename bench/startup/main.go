// Command startup shows where a one-shot `orgadvisor advise` spends its
// time after the Go runtime has started: loading the embedded rules,
// building the command tree, and running the command. bench/batch.sh runs
// it; GODEBUG=inittrace=1 shows the package initialisation before main.
//
//	go run ./bench/startup -- advise --employees 40 -o json
package main

import (
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
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	t0 := time.Now()
	_, err := orgadvisor.DefaultRules() // what the command does, once
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
	cmd := root.NewCmdRoot(f)
	tTree := time.Since(t1)

	t2 := time.Now()
	cmd.SetArgs(args)
	err = cmd.Execute()
	tRun := time.Since(t2)
	fmt.Printf("load+compile embedded rules  %6.2f ms\n", ms(tLoad))
	fmt.Printf("factory and command tree     %6.2f ms\n", ms(tTree))
	fmt.Printf("execute %-20s %6.2f ms (error: %v)\n", fmt.Sprint(args[:min(1, len(args))]), ms(tRun), err)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
