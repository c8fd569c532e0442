// Command gen writes synthetic but valid organisation profiles for the
// benchmark script (bench/batch.sh): N records for the default rules, or for
// the rules file given, as JSON Lines or CSV, the same for the same seed.
//
//	go run ./bench/gen -n 1000000 -seed 1 > profiles.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/batch"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func main() {
	n := flag.Int("n", 10000, "number of profiles")
	seed := flag.Uint64("seed", 1, "random seed")
	format := flag.String("format", "jsonl", "output format: jsonl or csv")
	rulesPath := flag.String("rules", "", "rules file (default: the embedded rules)")
	flag.Parse()
	if err := run(*n, *seed, *format, *rulesPath); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(n int, seed uint64, format, rulesPath string) error {
	var rs *rules.Ruleset
	var err error
	if rulesPath == "" {
		rs, _, err = rules.Load(orgadvisor.DefaultRulesName, orgadvisor.DefaultRulesYAML)
	} else {
		rs, _, err = rules.LoadFile(rulesPath)
	}
	if err != nil {
		return err
	}
	syn := batch.NewSynthesizer(rs, seed)
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	switch format {
	case "jsonl":
		for i := range n {
			if err := writeJSON(w, rs, i, syn.Answers()); err != nil {
				return err
			}
		}
	case "csv":
		w.WriteString("id")
		for _, q := range rs.Questions {
			w.WriteString("," + q.ID)
		}
		w.WriteString("\n")
		for i := range n {
			a := syn.Answers()
			fmt.Fprintf(w, "org-%07d", i+1)
			for _, q := range rs.Questions {
				w.WriteByte(',')
				w.WriteString(cell(a[q.ID]))
			}
			w.WriteByte('\n')
		}
	default:
		return fmt.Errorf("unknown format %q: use jsonl or csv", format)
	}
	return w.Flush()
}

// writeJSON writes one record with its keys in question order, as a CRM
// export would.
func writeJSON(w *bufio.Writer, rs *rules.Ruleset, i int, a map[string]any) error {
	fmt.Fprintf(w, `{"id":"org-%07d"`, i+1)
	for _, q := range rs.Questions {
		v, ok := a[q.ID]
		if !ok {
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, `,%q:%s`, q.ID, b)
	}
	_, err := w.WriteString("}\n")
	return err
}

func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	case []string:
		return strings.Join(v, ";")
	}
	return fmt.Sprint(v)
}
