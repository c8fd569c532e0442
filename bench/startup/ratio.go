package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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

// command is one process that compare measures against the baseline.
type command struct {
	name string // as the table shows it
	bin  string
	args []string
}

// compare runs baseline and each command in turn, runs times, and prints
// the medians and each command's ratio to baseline. Each round runs them
// all, starting one further along each time, so that a disturbance (another
// process, a frequency change) falls on every one alike; CPU time is the
// figure to read on a shared machine, since waiting for a core does not
// count in it. A command's ratio is the median of its ratios to the
// baseline run of the same round.
func compare(w io.Writer, runs int, baseline string, cmds []command) error {
	all := append([]command{{name: "hello-world", bin: baseline}}, cmds...)
	got := make([][]sample, len(all))
	ratios := make([][]float64, len(all))
	round := make([]sample, len(all))
	for i := range runs + runs/10 {
		for k := range all {
			j := (i + k) % len(all)
			s, err := runOnce(all[j].bin, all[j].args)
			if err != nil {
				return err
			}
			round[j] = s
		}
		if i < runs/10 {
			continue // warm-up: page cache, CPU frequency
		}
		for j, s := range round {
			got[j] = append(got[j], s)
			ratios[j] = append(ratios[j], float64(s.cpu)/float64(max(round[0].cpu, time.Microsecond)))
		}
	}
	bc, bw := medians(got[0])
	fmt.Fprintf(w, "%d rounds, medians               CPU (user+sys)       wall   CPU ratio*   wall ratio\n", runs)
	for j, c := range all {
		cc, cw := medians(got[j])
		fmt.Fprintf(w, "  %-30s %8.2f ms %8.2f ms %8.2f (%.2f) %8.2f\n", c.name, ms(cc), ms(cw),
			median(ratios[j]), float64(cc)/float64(bc), float64(cw)/float64(bw))
	}
	fmt.Fprintln(w, "  * the median of the rounds' ratios, then the ratio of the medians")
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

// buildLibraries builds, into dir, a program that imports every
// third-party package that ./cmd/orgadvisor links (every one it may
// import: not another module's internal packages) and does nothing: the
// libraries' initialisation and size without orgadvisor's own code. It is
// built in this module, through an overlay, so that it links the versions
// go.mod requires, with the same environment (CGO_ENABLED) as orgadvisor.
func buildLibraries(dir string) (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Path}} {{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("go list -m: %w", err)
	}
	mod, root, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	out, err = exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./cmd/orgadvisor").Output()
	if err != nil {
		return "", fmt.Errorf("go list -deps: %w", err)
	}
	var src strings.Builder
	src.WriteString("// Code written by bench/startup: the libraries of orgadvisor, alone.\n\npackage main\n\nimport (\n\t\"os\"\n\n")
	n := 0
	for _, p := range strings.Fields(string(out)) {
		if p == mod || strings.HasPrefix(p, mod+"/") || p == "internal" || strings.HasPrefix(p, "internal/") ||
			strings.Contains(p, "/internal/") || strings.HasSuffix(p, "/internal") {
			continue
		}
		fmt.Fprintf(&src, "\t_ %q\n", p)
		n++
	}
	if n == 0 {
		return "", fmt.Errorf("go list -deps ./cmd/orgadvisor found no third-party package")
	}
	src.WriteString(")\n\nfunc main() { os.Stdout.WriteString(\"hello, world\\n\") }\n")
	file := filepath.Join(dir, "libraries.go")
	if err := os.WriteFile(file, []byte(src.String()), 0o644); err != nil {
		return "", err
	}
	// The overlay puts the file in a package of this module that does
	// not exist on disk, so the working tree is left as it was.
	pkg := filepath.Join(root, "bench", "startup", "internal", "librariesalone")
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(pkg, "main.go"): file}})
	if err != nil {
		return "", err
	}
	ovl := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ovl, overlay, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "libraries-alone")
	c := exec.Command("go", "build", "-overlay", ovl, "-o", bin, pkg)
	c.Dir, c.Stdout, c.Stderr = root, os.Stderr, os.Stderr
	if err := c.Run(); err != nil {
		return "", fmt.Errorf("building the libraries alone: %w", err)
	}
	return bin, nil
}
