package prompter

import (
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// The accessible prompter is plain line input and output: each test types
// lines and reads back what it wrote.

func stages() []rules.Option {
	return []rules.Option{{ID: "early", Label: "Early days"}, {ID: "scaling", Label: "Scaling fast"}, {ID: "established", Label: "Established"}}
}

func frameworks() []rules.Option {
	return []rules.Option{{ID: "soc2", Label: "SOC 2"}, {ID: "hipaa", Label: "HIPAA"}, {ID: "pci", Label: "PCI DSS"}}
}

func accessibleWith(input string) (advisor.Prompter, *strings.Builder) {
	var out strings.Builder
	return NewAccessible(strings.NewReader(input), &out), &out
}

func TestAccessibleTranscript(t *testing.T) {
	t.Parallel()
	p, out := accessibleWith("?\nlater\n9\nestablished\n")
	i, err := p.Select("(4 of 5) Which stage are you at?", "Where the company is.", stages(), 1)
	if err != nil || i != 2 {
		t.Fatalf("Select = %d, %v; want 2, nil", i, err)
	}
	want := `(4 of 5) Which stage are you at?
  1. Early days
  2. Scaling fast
  3. Established
Type a number from 1 to 3 (default 2; ? for help) Where the company is.
Type a number from 1 to 3 (default 2; ? for help) "later" is not one of the options: type a number from 1 to 3
Type a number from 1 to 3 (default 2; ? for help) "9" is not one of the options: type a number from 1 to 3
Type a number from 1 to 3 (default 2; ? for help) `
	if out.String() != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", out, want)
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Error("escape sequences in the output")
	}
}

func TestAccessibleConfirm(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	tests := []struct {
		input string
		def   *bool
		want  bool
	}{
		{"y\n", &no, true},
		{"YES\n", &no, true},
		{"no\n", &yes, false},
		{"\n", &yes, true},
		{"\n", &no, false},
		{"maybe\nn\n", &yes, false},
		{"y\n", nil, true},
		{"\nno\n", nil, false}, // no default: an answer is required
	}
	for _, tt := range tests {
		p, out := accessibleWith(tt.input)
		v, err := p.Confirm("Build software?", "", tt.def)
		if err != nil || v != tt.want {
			t.Errorf("%q: Confirm = %v, %v; want %v", tt.input, v, err, tt.want)
		}
		if strings.HasPrefix(tt.input, "maybe") && !strings.Contains(out.String(), `"maybe" is not an answer: type yes or no`+"\n") {
			t.Errorf("no reason for refusing maybe: %q", out)
		}
	}
	_, out := accessibleWith("")
	p := NewAccessible(strings.NewReader("\n"), out)
	if _, err := p.Confirm("Q?", "Help.", &yes); err != nil || out.String() != "Q? [yes/no] (default yes; ? for help) " {
		t.Errorf("Confirm prompt %q, %v", out, err)
	}
}

// A question without a default (a required one) says none, and Enter alone
// is refused with a reason, whatever the prompt.
func TestAccessibleNoDefault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ask  func(advisor.Prompter) (any, error)
		want any
		out  string
	}{
		{"confirm", func(p advisor.Prompter) (any, error) { return p.Confirm("Build software?", "Help.", nil) },
			true, "Build software? [yes/no] (? for help) an answer is required: type yes or no\n" +
				"Build software? [yes/no] (? for help) "},
		{"select", func(p advisor.Prompter) (any, error) { return p.Select("Stage?", "Help.", stages(), -1) },
			2, "Stage?\n  1. Early days\n  2. Scaling fast\n  3. Established\n" +
				"Type a number from 1 to 3 (? for help) an answer is required: type a number from 1 to 3\n" +
				"Type a number from 1 to 3 (? for help) "},
		{"multi", func(p advisor.Prompter) (any, error) { return p.MultiSelect("Frameworks?", "Help.", frameworks(), nil) },
			[]int{}, "Frameworks?\n  1. SOC 2\n  2. HIPAA\n  3. PCI DSS\n" +
				"Type numbers separated by commas, or none (? for help) an answer is required: type numbers from 1 to 3 separated by commas, or none\n" +
				"Type numbers separated by commas, or none (? for help) "},
	}
	answers := map[string]string{"confirm": "yes", "select": "3", "multi": "none"}
	for _, tt := range tests {
		p, out := accessibleWith("\n" + answers[tt.name] + "\n")
		v, err := tt.ask(p)
		if err != nil || !reflect.DeepEqual(v, tt.want) {
			t.Errorf("%s: %v, %v; want %v", tt.name, v, err, tt.want)
		}
		if out.String() != tt.out {
			t.Errorf("%s: transcript\n%q\nwant\n%q", tt.name, out, tt.out)
		}
	}
}

func TestAccessibleInput(t *testing.T) {
	t.Parallel()
	validate := func(s string) error {
		if s != "40" && s != "7" {
			return errors.New(`"` + s + `" is not 40`)
		}
		return nil
	}
	p, out := accessibleWith("?\nforty\n  40  \n")
	v, err := p.Input("How many? [1-100]", "Count everyone.", "", validate)
	if err != nil || v != "40" {
		t.Fatalf("Input = %q, %v", v, err)
	}
	want := "How many? [1-100] (? for help) Count everyone.\nHow many? [1-100] (? for help) \"forty\" is not 40\nHow many? [1-100] (? for help) "
	if out.String() != want {
		t.Errorf("transcript %q\nwant %q", out, want)
	}
	// Enter takes the default, which is validated too.
	p, _ = accessibleWith("\n")
	if v, err := p.Input("How many?", "", "7", validate); err != nil || v != "7" {
		t.Errorf("default: %q, %v", v, err)
	}
	p, out = accessibleWith("\n40\n")
	if v, err := p.Input("How many?", "", "8", validate); err != nil || v != "40" || !strings.Contains(out.String(), `"8" is not 40`) {
		t.Errorf("a bad default: %q, %v, %q", v, err, out)
	}
}

func TestAccessibleSelect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		input string
		def   int
		want  int
	}{
		{"1\n", 1, 0},
		{"\n", 1, 1},
		{"Established\n", 0, 2},
		{"SCALING FAST\n", 0, 1},
		{"0\n-1\n3\n", 0, 2},
		{"\n2\n", -1, 1}, // no default: an answer is required
	}
	for _, tt := range tests {
		p, out := accessibleWith(tt.input)
		i, err := p.Select("Stage?", "", stages(), tt.def)
		if err != nil || i != tt.want {
			t.Errorf("%q: Select = %d, %v; want %d\n%s", tt.input, i, err, tt.want, out)
		}
	}
}

func TestAccessibleMultiSelect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		input string
		defs  []int
		want  []int
	}{
		{"1,3\n", nil, []int{0, 2}},
		{"3, 1, 3\n", nil, []int{0, 2}},
		{"1 3\n", nil, []int{0, 2}},
		{"soc2, hipaa\n", nil, []int{0, 1}},
		{"PCI DSS,soc2\n", nil, []int{0, 2}},
		{"none\n", []int{1}, []int{}},
		{"\n", []int{0, 2}, []int{0, 2}},
		{"\n", []int{}, []int{}},
		{"\nnone\n", nil, []int{}}, // no default: an answer is required
		{"gdpr\n2\n", nil, []int{1}},
	}
	for _, tt := range tests {
		p, out := accessibleWith(tt.input)
		v, err := p.MultiSelect("Frameworks?", "", frameworks(), tt.defs)
		if err != nil || !reflect.DeepEqual(v, tt.want) {
			t.Errorf("%q: MultiSelect = %v, %v; want %v\n%s", tt.input, v, err, tt.want, out)
		}
	}
	p, out := accessibleWith("gdpr\n\n")
	if _, err := p.MultiSelect("Frameworks?", "", frameworks(), []int{0, 2}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Type numbers separated by commas, or none (default 1,3) ",
		`"gdpr" is not one of the options: type numbers from 1 to 3 separated by commas, or none` + "\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// The end of the input is advisor.ErrInputClosed, which the questionnaire
// turns into exit 2 (answers missing) or 130; at a terminal it is Ctrl-D, a
// request to stop like Ctrl-C.
func TestAccessibleInputEnds(t *testing.T) {
	t.Parallel()
	asks := map[string]func(advisor.Prompter) error{
		"confirm": func(p advisor.Prompter) error { _, err := p.Confirm("Q?", "", nil); return err },
		"input":   func(p advisor.Prompter) error { _, err := p.Input("Q?", "", "", nil); return err },
		"select":  func(p advisor.Prompter) error { _, err := p.Select("Q?", "", stages(), 0); return err },
		"multi":   func(p advisor.Prompter) error { _, err := p.MultiSelect("Q?", "", frameworks(), nil); return err },
	}
	for name, ask := range asks {
		// A bad answer, then the end of the input: not an endless re-ask.
		p, _ := accessibleWith("bad")
		if name == "input" {
			p, _ = accessibleWith("")
		}
		if err := ask(p); !errors.Is(err, advisor.ErrInputClosed) {
			t.Errorf("%s: error %v, want ErrInputClosed", name, err)
		}
		var out strings.Builder
		tty := newAccessible(strings.NewReader(""), &out, true, nil)
		if err := ask(tty); !errors.Is(err, cmdutil.ErrCancel) || errors.Is(err, advisor.ErrInputClosed) {
			t.Errorf("%s at a terminal: error %v, want ErrCancel alone", name, err)
		}
		if !strings.HasSuffix(out.String(), "\n") {
			t.Errorf("%s: Ctrl-D leaves the cursor after the prompt: %q", name, out.String())
		}
	}
	var out strings.Builder
	p := newAccessible(errReader{}, &out, true, nil)
	if _, err := p.Confirm("Q?", "", nil); !errors.Is(err, advisor.ErrInputClosed) {
		t.Errorf("a read error: %v, want ErrInputClosed", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// Ctrl-C while a prompt waits cancels it.
func TestAccessibleInterrupt(t *testing.T) {
	t.Parallel()
	r, w := io.Pipe()
	defer w.Close()
	sig := make(chan os.Signal, 1)
	stopped := false
	var out strings.Builder
	p := newAccessible(r, &out, true, func() (<-chan os.Signal, func()) {
		return sig, func() { stopped = true }
	})
	sig <- os.Interrupt
	if _, err := p.Input("Q?", "", "", nil); !errors.Is(err, cmdutil.ErrCancel) {
		t.Errorf("error %v, want ErrCancel", err)
	}
	if !stopped {
		t.Error("the interrupt watch was not stopped after the prompt")
	}
	if out.String() != "Q? \n" {
		t.Errorf("output %q", out.String())
	}
}
