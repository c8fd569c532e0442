package prompttest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/prompter/prompttest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// recorder is a testing.TB that records failures instead of failing, so the
// scripted prompter's own failures can be checked.
type recorder struct {
	testing.TB
	errs     []string
	cleanups []func()
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recorder) finish() {
	for _, f := range r.cleanups {
		f()
	}
}

func TestScriptPlayedInFull(t *testing.T) {
	r := &recorder{TB: t}
	p := prompttest.New(r)
	p.RegisterConfirm("one", func(string, *bool) (bool, error) { return true, nil })
	var shown []string
	p.RegisterSelect("two", func(_ string, labels []string, def int) (int, error) { shown = labels; return def, nil })
	if v, err := p.Confirm("one", "", nil); !v || err != nil {
		t.Errorf("Confirm = %v, %v; want true, nil", v, err)
	}
	if v, err := p.Select("two", "", []rules.Option{{ID: "a", Label: "A"}, {ID: "b", Label: "B"}}, 1); v != 1 || err != nil {
		t.Errorf("Select = %v, %v; want 1, nil", v, err)
	}
	if strings.Join(shown, ",") != "A,B" {
		t.Errorf("the handler saw %q, want the labels A, B", shown)
	}
	r.finish()
	if len(r.errs) != 0 {
		t.Errorf("failures = %q, want none", r.errs)
	}
}

func TestScriptFailures(t *testing.T) {
	tests := []struct {
		name string
		play func(p *prompttest.Prompter) error
		want []string
	}{
		{"asked but not expected", func(p *prompttest.Prompter) error {
			_, err := p.Confirm("extra", "", nil)
			return err
		}, []string{`unexpected prompt: Confirm "extra"`}},
		{"wrong message", func(p *prompttest.Prompter) error {
			p.RegisterInput("name?", prompttest.Typed(nil, "x"))
			_, err := p.Input("age?", "", "", nil)
			return err
		}, []string{`prompt 1: asked Input "age?", expected Input "name?"`, "prompts expected but not asked:\n\tInput \"name?\""}},
		{"wrong kind", func(p *prompttest.Prompter) error {
			p.RegisterMultiSelect("pick", func(string, []string, []int) ([]int, error) { return nil, nil })
			_, err := p.Select("pick", "", []rules.Option{{ID: "a", Label: "a"}}, 0)
			return err
		}, []string{`prompt 1: asked Select "pick", expected MultiSelect "pick"`, "prompts expected but not asked:\n\tMultiSelect \"pick\""}},
		{"expected but not asked", func(p *prompttest.Prompter) error {
			p.RegisterConfirm("never", func(string, *bool) (bool, error) { return true, nil })
			return nil
		}, []string{"prompts expected but not asked:\n\tConfirm \"never\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			p := prompttest.New(r)
			err := tt.play(p)
			r.finish()
			if !slices.Equal(r.errs, tt.want) {
				t.Errorf("failures = %q, want %q", r.errs, tt.want)
			}
			if err == nil && tt.name != "expected but not asked" {
				t.Errorf("the unexpected prompt returned no error")
			}
		})
	}
}

func TestTyped(t *testing.T) {
	validate := func(s string) error {
		if s != "ok" {
			return fmt.Errorf("%q is not ok", s)
		}
		return nil
	}
	var reasons []string
	v, err := prompttest.Typed(&reasons, "a", "", "ok")("", "b", validate)
	if v != "ok" || err != nil {
		t.Errorf("Typed = %q, %v; want ok, nil", v, err)
	}
	// The empty text takes the default ("b"), as at a terminal.
	if want := []string{`"a" is not ok`, `"b" is not ok`}; !slices.Equal(reasons, want) {
		t.Errorf("reasons = %q, want %q", reasons, want)
	}
	if _, err := prompttest.Typed(nil, "x")("", "", validate); err == nil {
		t.Errorf("Typed accepted nothing but returned no error")
	}
}
