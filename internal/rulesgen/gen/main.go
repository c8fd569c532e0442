// Command gen writes the Go file that internal/rulesgen generates for a
// rules file. go generate runs it from embed.go:
//
//	go run ./internal/rulesgen/gen -pkg orgadvisor -o embedded_gen.go rules.yaml
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/orgadvisor/orgadvisor/internal/rulesgen"
)

func main() {
	pkg := flag.String("pkg", "orgadvisor", "the `package` of the generated file")
	out := flag.String("o", "embedded_gen.go", "the generated `file`")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gen [-pkg package] [-o file] rules.yaml")
		os.Exit(2)
	}
	name := flag.Arg(0)
	src, err := os.ReadFile(name)
	if err == nil {
		var code []byte
		if code, err = rulesgen.Source(*pkg, name, src); err == nil {
			err = os.WriteFile(*out, code, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
