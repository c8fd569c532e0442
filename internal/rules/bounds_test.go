package rules

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// boundsRules builds a small rules file whose one rule has the condition
// when (a YAML single-quoted scalar) and whose multi question has options
// o0..o(n-1).
func boundsRules(when string, options int) string {
	var opts []string
	for i := 0; i < options; i++ {
		opts = append(opts, fmt.Sprintf("{id: o%d, label: O}", i))
	}
	return `version: 1
sources:
  s: {title: S, ref: s.txt}
questions:
  - {id: size, type: int, prompt: P, help: H, required: true}
  - {id: kind, type: choice, prompt: P, help: H, default: a, options: [{id: a, label: A}, {id: b, label: B}]}
  - {id: regs, type: multi, prompt: P, help: H, options: [` + strings.Join(opts, ", ") + `]}
roles:
  - {id: boss, title: B, fractional_title: P, label: boss, fractional_label: pboss}
rules:
  - id: r
    description: D
    add: {boss: 1}
    sources: [s]
    when: '` + strings.ReplaceAll(when, "'", "''") + `'
  - {id: reads, description: D, add: {boss: 0}, sources: [s], when: "size > 0 and kind == 'a' and len(regs) >= 0"}
decide:
  boss:
    - {when: score >= 1, level: full-time, because: B}
    - {level: none, because: S}
`
}

// Builtins that build values larger than their inputs, or read the clock,
// are not there: each is an error at its place, whatever its arguments.
func TestBoundsDeniedBuiltins(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"len(repeat('x', 1000000000)) > 0", "repeat() is not available in rules: it can build values of any size"},
		{"len(join(regs, 'xx')) > 0", "join() is not available in rules"},
		{"len(replace(kind, 'a', 'aaaa')) > 0", "replace() is not available in rules"},
		{"len(reduce(1..40, #acc, 'x')) > 0", "reduce() is not available in rules"},
		{"len(concat(regs, regs)) > 0", "concat() is not available in rules"},
		{"len(flatten([regs, regs])) > 0", "flatten() is not available in rules"},
		{"toJSON(regs) != ''", "toJSON() is not available in rules"},
		{"toBase64(kind) != ''", "toBase64() is not available in rules"},
		{"len(split(kind, '')) > 0", "split() is not available in rules"},
		{"'o1' in uniq(regs)", "uniq() is not available in rules"},
		{"len(groupBy(regs, #)) > 0", "groupBy() is not available in rules"},
		{"now().Year() > 2000", "now() is not available: expressions see only the answers, not the clock"},
		{"date('2020-01-01').Year() > 2000", "date() is not available: expressions see only the answers, not the clock"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			got := loadErrors(t, boundsRules(tt.expr, 3))
			if !strings.Contains(got, "rule r: when: "+tt.want) {
				t.Errorf("errors:\n%s\nwant one containing %q", got, tt.want)
			}
		})
	}
}

// `+` adds numbers only: joining strings or lists is how an expression
// would double a value at every step.
func TestBoundsPlusOnNumbersOnly(t *testing.T) {
	for _, expr := range []string{
		"len(kind + kind) > 2",
		"len(kind + 'x') > 2",
		"len(get(regs, 0) + get(regs, 1)) > 2",
	} {
		got := loadErrors(t, boundsRules(expr, 3))
		if !strings.Contains(got, "`+` adds numbers only") {
			t.Errorf("%s: errors:\n%s\nwant `+` adds numbers only", expr, got)
		}
	}
	// Numbers, and constant strings (folded when loading), are fine.
	for _, expr := range []string{"size + 1 > 2", "len(regs) + size > 2", "'a' + 'b' == 'ab' and size > 2"} {
		rs := mustLoad(t, boundsRules(expr, 3))
		res, err := rs.Evaluate(profile(t, rs, map[string]any{"size": 5}), EvalOptions{})
		if err != nil || res.Label != "boss" {
			t.Errorf("%s: label %v, error %v; want boss", expr, res, err)
		}
	}
}

// Loops still work, with every iteration charged: closures over answers
// and small lists give the same results as before.
func TestBoundsLoopsStillWork(t *testing.T) {
	tests := []struct {
		expr string
		regs []string
		want string
	}{
		{"any(regs, # == 'o1')", []string{"o1"}, "boss"},
		{"any(regs, # == 'o1')", []string{"o0", "o2"}, "none"},
		{"count(regs, # startsWith 'o') >= 2", []string{"o0", "o2"}, "boss"},
		{"all(1..100, # > 0) and size > 0", nil, "boss"},
		{"len(filter(map(regs, upper(#)), # != 'O0')) == 1", []string{"o0", "o2"}, "boss"},
		{"all(regs, any(regs, # != 'x'))", []string{"o0", "o2"}, "boss"},
	}
	for _, tt := range tests {
		rs := mustLoad(t, boundsRules(tt.expr, 3))
		regs := make([]any, len(tt.regs))
		for i, r := range tt.regs {
			regs[i] = r
		}
		p := profile(t, rs, map[string]any{"size": 5, "regs": regs})
		for _, ev := range evaluators {
			res, err := rs.evaluate(p, EvalOptions{}, ev.pick)
			if err != nil || res.Label != tt.want {
				t.Errorf("%s with %v (on the %s): %+v, %v; want %s", tt.expr, tt.regs, ev.name, res, err, tt.want)
			}
		}
	}
}

// Work that expr alone would let run for hours, or take gigabytes, stops
// with an error naming the expression, quickly and in little memory.
func TestBoundsEffort(t *testing.T) {
	c := make([]string, 150)
	for i := range c {
		c[i] = fmt.Sprint(i)
	}
	list := "[" + strings.Join(c, ",") + "]"
	all64 := make([]any, maxMultiOptions)
	for i := range all64 {
		all64[i] = fmt.Sprintf("o%d", i)
	}
	tests := []struct {
		name, expr string
		regs       []any
	}{
		// 150^4 = 5e8 iterations over constant lists (no allocation for
		// expr to charge).
		{"nested loops over constants", fmt.Sprintf("all(%s, all(%s, all(%s, all(%s, size > 0))))", list, list, list, list), nil},
		// 64^4 = 1.7e7 iterations over an answer.
		{"nested loops over an answer", "all(regs, all(regs, all(regs, all(regs, # != 'x'))))", all64},
		{"huge range", "len(1..1000000000) > 0", nil},
		{"nested ranges", "all(1..999, all(1..999, all(1..999, size > 0)))", nil},
		{"long loop", "all(1..9999, size > 0)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := mustLoad(t, boundsRules(tt.expr, maxMultiOptions))
			p := profile(t, rs, map[string]any{"size": 5, "regs": tt.regs})
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := rs.Evaluate(p, EvalOptions{})
			runtime.ReadMemStats(&after)
			var re *RuntimeError
			if !errors.As(err, &re) {
				t.Fatalf("evaluate: %v, want a *RuntimeError", err)
			}
			if want := "rule r: expression does too much work"; !strings.HasPrefix(err.Error(), "test.yaml:15:") || !strings.Contains(err.Error(), want) {
				t.Errorf("error %q, want one at test.yaml:15 with %q", err, want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("evaluation allocated %d MiB, want a few", alloc>>20)
			}
		})
	}
}

// The loops of a file and the values expressions work on are bounded when
// loading.
func TestBoundsLoadLimits(t *testing.T) {
	// any() or all(), alternating: the optimizer merges neighbours alike.
	loops := func(n int) string {
		return strings.Repeat("any(regs, # startsWith 'o1') or all(regs, # endsWith '2') or ", n/2) + "size > 1"
	}
	manyLoops := loops(maxLoops + 2)
	got := loadErrors(t, boundsRules(manyLoops, 3))
	if want := "test.yaml:15:11: rule r: when: too many loops in the file: over 50 closures"; !strings.Contains(got, want) {
		t.Errorf("many loops: errors:\n%s\nwant %q", got, want)
	}
	long := "size > 0 and kind != '" + strings.Repeat("x", maxExprLength) + "'"
	got = loadErrors(t, boundsRules(long, 3))
	if want := "test.yaml:15:11: rule r: when: expression too long: over 4096 bytes"; !strings.Contains(got, want) {
		t.Errorf("long expression: errors:\n%s\nwant %q", got, want)
	}
	got = loadErrors(t, boundsRules("size > 0", maxMultiOptions+1))
	if want := "question regs: too many options: 65, at most 64 for a multi question"; !strings.Contains(got, want) {
		t.Errorf("many options: errors:\n%s\nwant %q", got, want)
	}
	var choice []string
	for i := 0; i <= maxOptions; i++ {
		choice = append(choice, fmt.Sprintf("{id: c%d, label: C}", i))
	}
	manyChoices := strings.Replace(boundsRules("size > 0", 3), "[{id: a, label: A}, {id: b, label: B}]", "[{id: a, label: A}, "+strings.Join(choice, ", ")+"]", 1)
	got = loadErrors(t, manyChoices)
	if want := "question kind: too many options: 1002, at most 1000 for a choice question"; !strings.Contains(got, want) {
		t.Errorf("many choices: errors:\n%s\nwant %q", got, want)
	}
	longID := strings.Replace(boundsRules("size > 0", 3), "{id: o1,", "{id: o"+strings.Repeat("1", maxOptionIDLength)+",", 1)
	got = loadErrors(t, longID)
	if want := "question regs: option id too long: over 100 bytes"; !strings.Contains(got, want) {
		t.Errorf("long option id: errors:\n%s\nwant %q", got, want)
	}
	// Outside loops, a file's expressions weigh at most maxFileWeight: here
	// three rules of 200 tests each scanning a 64-option answer.
	tests := strings.TrimSuffix(strings.Repeat("'o63' in regs and ", 200), " and ")
	heavy := boundsRules(tests, maxMultiOptions)
	extra := ""
	for i := 0; i < 2; i++ {
		extra += fmt.Sprintf("  - {id: r%d, description: D, add: {boss: 1}, sources: [s], when: \"%s\"}\n", i, tests)
	}
	heavy = strings.Replace(heavy, "rules:\n", "rules:\n"+extra, 1)
	got = loadErrors(t, heavy)
	if want := "test.yaml:12:66: rule r1: when: the file's expressions do too much work: over 20000 steps for one evaluation"; !strings.Contains(got, want) {
		t.Errorf("heavy file: errors:\n%s\nwant %q", got, want)
	}
	// At the limits, files load.
	mustLoad(t, boundsRules(loops(maxLoops), maxMultiOptions))
}

// Expressions read only the answers: no environment, files or network.
func TestBoundsNoWayOut(t *testing.T) {
	for _, expr := range []string{
		"$env.size > 0",
		"os.Getenv('HOME') != ''",
		"readFile('/etc/passwd') != ''",
		"env('HOME') != ''",
		"let x = size; x > 0",
	} {
		got := loadErrors(t, boundsRules(expr, 3))
		if !strings.Contains(got, "rule r: when:") {
			t.Errorf("%s: errors:\n%s\nwant an error in rule r", expr, got)
		}
	}
}
