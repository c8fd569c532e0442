package advisor_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/prompter/prompttest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// questionnaireRules is a small rules file with every question type, an
// ask_if that an earlier answer switches on (engineers) and one that a
// number switches on (security), so the expectations below are exact.
const questionnaireRules = `version: 1
sources:
  s1: {title: A source, ref: https://example.com}
questions:
  - id: employees
    type: int
    prompt: How many people?
    help: Headcount.
    min: 1
    max: 1000
    required: true
  - id: product_driven
    type: bool
    prompt: Do you build technology?
    help: Software, platforms.
    required: true
  - id: engineers
    type: int
    prompt: How many engineers?
    help: Developers.
    min: 0
    default: 0
    ask_if: product_driven
  - id: stage
    type: choice
    prompt: Which stage?
    help: Where you are.
    options:
      - {id: early, label: Early}
      - {id: scaling, label: Scaling fast}
      - {id: established, label: Established}
    default: scaling
  - id: compliance
    type: multi
    prompt: Which frameworks?
    help: Compliance.
    options:
      - {id: soc2, label: SOC 2}
      - {id: hipaa, label: HIPAA}
      - {id: pci, label: PCI DSS}
    default: [soc2, pci]
  - id: security
    type: bool
    prompt: Sensitive data?
    help: Health, payments.
    default: true
    ask_if: employees >= 50
roles:
  - id: cto
    title: Chief Technology Officer
    fractional_title: Virtual CTO
    label: cto
    fractional_label: vcto
rules:
  - id: all
    description: Reads every answer.
    when: product_driven and engineers > 0 and employees > 0 and stage != 'early' and 'hipaa' in compliance and security
    add: {cto: 1}
    sources: [s1]
decide:
  cto:
    - when: score >= 1
      level: full-time
      because: Yes.
    - level: none
      because: No.
`

func loadRules(t *testing.T, src string) *rules.Ruleset {
	t.Helper()
	rs, _, err := rules.Load("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("loading rules: %v", err)
	}
	return rs
}

func confirm(v bool) func(string, *bool) (bool, error) {
	return func(string, *bool) (bool, error) { return v, nil }
}

func choose(i int) func(string, []string, int) (int, error) {
	return func(string, []string, int) (int, error) { return i, nil }
}

func chooseMany(is ...int) func(string, []string, []int) ([]int, error) {
	return func(string, []string, []int) ([]int, error) { return is, nil }
}

func fail(err error) func(string, *bool) (bool, error) {
	return func(string, *bool) (bool, error) { return false, err }
}

func TestAskEveryTypeInOrderWithProgress(t *testing.T) {
	rs := loadRules(t, questionnaireRules)
	p := prompttest.New(t)
	// Before employees and product_driven are answered, engineers and
	// security could still be asked: 6 questions. 40 people rules security
	// out: 5; answering yes keeps engineers in.
	p.RegisterInput("(1 of 6) How many people? [1-1,000]", prompttest.Typed(nil, "40"))
	p.RegisterConfirm("(2 of 5) Do you build technology?", confirm(true))
	p.RegisterInput("(3 of 5) How many engineers? [0 or more]", prompttest.Typed(nil, "12"))
	p.RegisterSelect("(4 of 5) Which stage?", choose(2))
	p.RegisterMultiSelect("(5 of 5) Which frameworks?", chooseMany(1, 0))
	var errOut bytes.Buffer
	got, err := advisor.Ask(rs, nil, p, &errOut)
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	want := rules.Answers{
		"employees":      40,
		"product_driven": true,
		"engineers":      12,
		"stage":          "established",
		"compliance":     []string{"soc2", "hipaa"}, // option order, not pick order
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answers:\n got %#v\nwant %#v", got, want)
	}
	if got, want := errOut.String(), "Answer each question; type ? for help, Ctrl-C to stop.\n"; got != want {
		t.Errorf("errOut = %q, want %q", got, want)
	}
	// The answers complete into a profile where only the skipped question is assumed.
	prof, err := rs.Complete(got)
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if want := []string{"security"}; !reflect.DeepEqual(prof.Assumed, want) {
		t.Errorf("assumed = %q, want %q", prof.Assumed, want)
	}
}

func TestAskSkipsFalseAskIfAndAsksTrueOne(t *testing.T) {
	rs := loadRules(t, questionnaireRules)
	p := prompttest.New(t)
	// 60 people keep security in; not building technology rules engineers out.
	p.RegisterInput("(1 of 6) How many people? [1-1,000]", prompttest.Typed(nil, "60"))
	p.RegisterConfirm("(2 of 6) Do you build technology?", confirm(false))
	p.RegisterSelect("(3 of 5) Which stage?", choose(0))
	p.RegisterMultiSelect("(4 of 5) Which frameworks?", chooseMany())
	p.RegisterConfirm("(5 of 5) Sensitive data?", confirm(false))
	got, err := advisor.Ask(rs, nil, p, nil)
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	want := rules.Answers{
		"employees":      60,
		"product_driven": false,
		"stage":          "early",
		"compliance":     []string{},
		"security":       false,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answers:\n got %#v\nwant %#v", got, want)
	}
	if _, asked := got["engineers"]; asked {
		t.Errorf("engineers was answered although its ask_if is false")
	}
}

func TestAskDoesNotReaskGivenAnswers(t *testing.T) {
	rs := loadRules(t, questionnaireRules)
	given := rules.Answers{"employees": 10, "product_driven": true, "compliance": []string{"pci"}}
	p := prompttest.New(t)
	p.RegisterInput("(1 of 2) How many engineers? [0 or more]", prompttest.Typed(nil, "3"))
	p.RegisterSelect("(2 of 2) Which stage?", choose(1))
	got, err := advisor.Ask(rs, given, p, nil)
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	want := rules.Answers{
		"employees":      10,
		"product_driven": true,
		"compliance":     []string{"pci"},
		"engineers":      3,
		"stage":          "scaling",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answers:\n got %#v\nwant %#v", got, want)
	}
	if len(given) != 3 {
		t.Errorf("Ask changed the given answers: %v", given)
	}
}

func TestAskNothingToAsk(t *testing.T) {
	rs := loadRules(t, questionnaireRules)
	given := rules.Answers{"employees": 5, "product_driven": false, "stage": "early", "compliance": []string{}}
	p := prompttest.New(t) // no prompts expected: any prompt fails the test
	var errOut bytes.Buffer
	got, err := advisor.Ask(rs, given, p, &errOut)
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if !reflect.DeepEqual(got, given) {
		t.Errorf("answers = %#v, want %#v", got, given)
	}
	if errOut.Len() != 0 {
		t.Errorf("errOut = %q, want nothing when nothing is asked", errOut.String())
	}
}

func TestAskPreselectsDefaultsAndShowsHelpAndLabels(t *testing.T) {
	rs := loadRules(t, questionnaireRules)
	given := rules.Answers{"employees": 100, "product_driven": true}
	type seen struct {
		help string
		def  any
		opts []string
	}
	var calls []seen
	p := prompttest.New(t)
	p.RegisterInput("(1 of 4) How many engineers? [0 or more]", func(help, def string, validate func(string) error) (string, error) {
		calls = append(calls, seen{help, def, nil})
		return def, nil
	})
	p.RegisterSelect("(2 of 4) Which stage?", func(help string, opts []string, def int) (int, error) {
		calls = append(calls, seen{help, def, opts})
		return def, nil
	})
	p.RegisterMultiSelect("(3 of 4) Which frameworks?", func(help string, opts []string, defs []int) ([]int, error) {
		calls = append(calls, seen{help, defs, opts})
		return defs, nil
	})
	p.RegisterConfirm("(4 of 4) Sensitive data?", func(help string, def *bool) (bool, error) {
		if def == nil {
			t.Fatal("Sensitive data? has a default, but the prompt was given none")
		}
		calls = append(calls, seen{help, *def, nil})
		return *def, nil
	})
	got, err := advisor.Ask(rs, given, p, nil)
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	want := []seen{
		{"Developers.", "0", nil},
		{"Where you are.", 1, []string{"Early", "Scaling fast", "Established"}},
		{"Compliance.", []int{0, 2}, []string{"SOC 2", "HIPAA", "PCI DSS"}},
		{"Health, payments.", true, nil},
	}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("prompts:\n got %#v\nwant %#v", calls, want)
	}
	// Accepting every default gives the defaults, typed.
	wantAnswers := rules.Answers{
		"employees": 100, "product_driven": true, "engineers": 0,
		"stage": "scaling", "compliance": []string{"soc2", "pci"}, "security": true,
	}
	if !reflect.DeepEqual(got, wantAnswers) {
		t.Errorf("answers:\n got %#v\nwant %#v", got, wantAnswers)
	}
}

func TestAskReasksInvalidNumbers(t *testing.T) {
	rs := loadRules(t, questionnaireRules)
	given := rules.Answers{"product_driven": false, "stage": "early", "compliance": []string{}}
	var reasons []string
	p := prompttest.New(t)
	// security could be asked until employees is answered.
	// The hint and the reasons write the bounds as people read them, and
	// the thousands separators they show may be typed; a dot or a space
	// may not, and the reason says how to write the number instead.
	p.RegisterInput("(1 of 2) How many people? [1-1,000]",
		prompttest.Typed(&reasons, "", "abc", "0", "1001", "1,001", "2.5", "1.000", "1 000", "1,00", "99999999999999999999", " 1,000 "))
	p.RegisterConfirm("(2 of 2) Sensitive data?", func(string, *bool) (bool, error) { return false, nil })
	got, err := advisor.Ask(rs, given, p, nil)
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if got["employees"] != 1000 {
		t.Errorf("employees = %#v, want 1000", got["employees"])
	}
	want := []string{
		"an answer is required: type a whole number",
		`"abc" is not a whole number; want a whole number from 1 to 1,000`,
		"0 is out of range; want a whole number from 1 to 1,000",
		"1,001 is out of range; want a whole number from 1 to 1,000",
		"1,001 is out of range; want a whole number from 1 to 1,000",
		`"2.5" is not a whole number; want a whole number from 1 to 1,000`,
		`"1.000" is not a whole number; separate thousands with commas (1,200) or not at all (1200)`,
		`"1 000" is not a whole number; separate thousands with commas (1,200) or not at all (1200)`,
		`"1,00" is not a whole number; want a whole number from 1 to 1,000`,
		`"99999999999999999999" is out of range; want a whole number from 1 to 1,000`,
	}
	if !reflect.DeepEqual(reasons, want) {
		t.Errorf("reasons:\n got %q\nwant %q", reasons, want)
	}
}

func TestAskCancel(t *testing.T) {
	rs := loadRules(t, questionnaireRules)
	p := prompttest.New(t)
	p.RegisterInput("(1 of 6) How many people? [1-1,000]", prompttest.Typed(nil, "40"))
	p.RegisterConfirm("(2 of 5) Do you build technology?", fail(cmdutil.ErrCancel))
	got, err := advisor.Ask(rs, nil, p, nil)
	if !errors.Is(err, cmdutil.ErrCancel) || got != nil {
		t.Fatalf("Ask = %v, %v; want nil, ErrCancel", got, err)
	}
	if code := cmdutil.ExitCode(err); code != cmdutil.ExitInterrupted {
		t.Errorf("exit code = %d, want %d", code, cmdutil.ExitInterrupted)
	}
}

func TestAskInputClosed(t *testing.T) {
	rs := loadRules(t, questionnaireRules)

	t.Run("required missing", func(t *testing.T) {
		p := prompttest.New(t)
		p.RegisterInput("(1 of 6) How many people? [1-1,000]", prompttest.Typed(nil, "40"))
		p.RegisterConfirm("(2 of 5) Do you build technology?", fail(advisor.ErrInputClosed))
		got, err := advisor.Ask(rs, nil, p, nil)
		if got != nil || err == nil {
			t.Fatalf("Ask = %v, %v; want an error", got, err)
		}
		want := "input closed before the questionnaire ended; missing required answer: product_driven"
		if err.Error() != want {
			t.Errorf("error = %q, want %q", err, want)
		}
		if code := cmdutil.ExitCode(err); code != cmdutil.ExitBadInput {
			t.Errorf("exit code = %d, want %d", code, cmdutil.ExitBadInput)
		}
	})

	t.Run("only optional left", func(t *testing.T) {
		p := prompttest.New(t)
		p.RegisterSelect("(1 of 2) Which stage?", func(string, []string, int) (int, error) {
			return 0, advisor.ErrInputClosed
		})
		given := rules.Answers{"employees": 5, "product_driven": false}
		got, err := advisor.Ask(rs, given, p, nil)
		if got != nil || !errors.Is(err, cmdutil.ErrCancel) {
			t.Fatalf("Ask = %v, %v; want nil, an interruption", got, err)
		}
		if code := cmdutil.ExitCode(err); code != cmdutil.ExitInterrupted {
			t.Errorf("exit code = %d, want %d", code, cmdutil.ExitInterrupted)
		}
	})
}

func TestAskPrompterFailure(t *testing.T) {
	rs := loadRules(t, questionnaireRules)
	p := prompttest.New(t)
	p.RegisterInput("(1 of 6) How many people? [1-1,000]", func(string, string, func(string) error) (string, error) {
		return "", fmt.Errorf("terminal too small")
	})
	_, err := advisor.Ask(rs, nil, p, nil)
	if err == nil || err.Error() != "asking employees: terminal too small" {
		t.Fatalf("error = %v, want %q", err, "asking employees: terminal too small")
	}
	if errors.Is(err, cmdutil.ErrCancel) {
		t.Errorf("a prompter failure must not look like an interruption")
	}
}

func TestAskAskIfRuntimeError(t *testing.T) {
	src := strings.Replace(questionnaireRules, "ask_if: employees >= 50", "ask_if: compliance[2] == 'pci'", 1)
	rs := loadRules(t, src)
	given := rules.Answers{"employees": 5, "product_driven": false, "stage": "early", "compliance": []string{"soc2"}}
	_, err := advisor.Ask(rs, given, prompttest.New(t), nil)
	if err == nil {
		t.Fatal("Ask succeeded; want the ask_if's runtime error")
	}
	want := "test.yaml:47:23: question security: ask_if: index out of range: 2 (array length is 1)"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if code := cmdutil.ExitCode(err); code != cmdutil.ExitBadInput {
		t.Errorf("exit code = %d, want %d", code, cmdutil.ExitBadInput)
	}
}

// requiredRules has a required question of every type, and an optional
// list whose default is no option.
const requiredRules = `version: 1
sources:
  s1: {title: A source, ref: https://example.com}
questions:
  - id: employees
    type: int
    prompt: How many people?
    help: Help.
    min: 1
    required: true
  - id: product_driven
    type: bool
    prompt: Do you build technology?
    help: Help.
    required: true
  - id: stage
    type: choice
    prompt: Which stage?
    help: Help.
    options:
      - {id: early, label: Early}
      - {id: established, label: Established}
    required: true
  - id: compliance
    type: multi
    prompt: Which frameworks?
    help: Help.
    options:
      - {id: soc2, label: SOC 2}
      - {id: hipaa, label: HIPAA}
    required: true
  - id: regions
    type: multi
    prompt: Which regions?
    help: Help.
    options:
      - {id: eu, label: Europe}
      - {id: us, label: United States}
roles:
  - id: cto
    title: Chief Technology Officer
    fractional_title: Virtual CTO
    label: cto
    fractional_label: vcto
rules:
  - id: all
    description: Reads every answer.
    when: product_driven and employees > 0 and stage != 'early' and 'hipaa' in compliance and 'eu' in regions
    add: {cto: 1}
    sources: [s1]
decide:
  cto:
    - when: score >= 1
      level: full-time
      because: Yes.
    - level: none
      because: No.
`

// TestAskRequiredQuestionsHaveNoDefault checks that a required question is
// asked without a default, as --no-input and the web form treat it: the
// prompt is told so (no text, no yes or no, no option, nil for a list), and
// Enter alone is refused; an optional list with no option as its default
// gets an empty default, which Enter alone takes.
func TestAskRequiredQuestionsHaveNoDefault(t *testing.T) {
	rs := loadRules(t, requiredRules)
	p := prompttest.New(t)
	var reasons []string
	p.RegisterInput("(1 of 5) How many people? [1 or more]", func(help, def string, validate func(string) error) (string, error) {
		if def != "" {
			t.Errorf("employees: default %q, want none", def)
		}
		// Enter alone, then a number.
		return prompttest.Typed(&reasons, "", "40")(help, def, validate)
	})
	p.RegisterConfirm("(2 of 5) Do you build technology?", func(_ string, def *bool) (bool, error) {
		if def != nil {
			t.Errorf("product_driven: default %v, want none", *def)
		}
		return true, nil
	})
	p.RegisterSelect("(3 of 5) Which stage?", func(_ string, _ []string, def int) (int, error) {
		if def != -1 {
			t.Errorf("stage: default %d, want -1 (none)", def)
		}
		return 1, nil
	})
	p.RegisterMultiSelect("(4 of 5) Which frameworks?", func(_ string, _ []string, defs []int) ([]int, error) {
		if defs != nil {
			t.Errorf("compliance: defaults %#v, want nil (none)", defs)
		}
		return []int{1}, nil
	})
	p.RegisterMultiSelect("(5 of 5) Which regions?", func(_ string, _ []string, defs []int) ([]int, error) {
		if defs == nil || len(defs) != 0 {
			t.Errorf("regions: defaults %#v, want empty (no option), not nil", defs)
		}
		return []int{0}, nil
	})
	got, err := advisor.Ask(rs, nil, p, nil)
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if want := []string{"an answer is required: type a whole number"}; !reflect.DeepEqual(reasons, want) {
		t.Errorf("reasons for re-asking %q, want %q", reasons, want)
	}
	want := rules.Answers{"employees": 40, "product_driven": true, "stage": "established", "compliance": []string{"hipaa"}, "regions": []string{"eu"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answers:\n got %#v\nwant %#v", got, want)
	}
}

// randomUser answers every prompt at random and records the progress
// totals shown.
type randomUser struct {
	rng    *rand.Rand
	totals []int
}

func (u *randomUser) seen(message string) {
	var n, total int
	if _, err := fmt.Sscanf(message, "(%d of %d)", &n, &total); err == nil {
		u.totals = append(u.totals, total)
	}
}

func (u *randomUser) Confirm(message, _ string, _ *bool) (bool, error) {
	u.seen(message)
	return u.rng.IntN(2) == 0, nil
}

func (u *randomUser) Input(message, _, _ string, validate func(string) error) (string, error) {
	u.seen(message)
	for _, s := range []string{strconv.Itoa(u.rng.IntN(2000)), strconv.Itoa(u.rng.IntN(20)), "1"} {
		if validate(s) == nil {
			return s, nil
		}
	}
	return "", errors.New("no number accepted")
}

func (u *randomUser) Select(message, _ string, options []rules.Option, _ int) (int, error) {
	u.seen(message)
	return u.rng.IntN(len(options)), nil
}

func (u *randomUser) MultiSelect(message, _ string, options []rules.Option, _ []int) ([]int, error) {
	u.seen(message)
	var out []int
	for i := range options {
		if u.rng.IntN(3) == 0 {
			out = append(out, i)
		}
	}
	return out, nil
}

// TestAskProgressTotalNeverGrows asks the embedded rules' questions of many
// random users: the total shown never grows, nor falls below the number of
// the prompt.
func TestAskProgressTotalNeverGrows(t *testing.T) {
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(300) {
		u := &randomUser{rng: rand.New(rand.NewPCG(seed, 1))}
		got, err := advisor.Ask(rs, nil, u, nil)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if len(u.totals) == 0 || len(u.totals) != len(got) {
			t.Fatalf("seed %d: %d prompts for %d answers", seed, len(u.totals), len(got))
		}
		for i := 1; i < len(u.totals); i++ {
			if u.totals[i] > u.totals[i-1] {
				t.Fatalf("seed %d: the total grew: %v", seed, u.totals)
			}
			if u.totals[i] < i+1 {
				t.Fatalf("seed %d: prompt %d of a total of %d: %v", seed, i+1, u.totals[i], u.totals)
			}
		}
	}
}
