package questions

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
)

func TestNewCmdQuestions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		output  string
		jq      string
		wantErr string
	}{
		{args: nil, output: "text"},
		{args: []string{"-o", "json"}, output: "json"},
		{args: []string{"--output", "yaml"}, output: "yaml"},
		{args: []string{"--jq", ".questions"}, output: "json", jq: ".questions"},
		{args: []string{"--jq", ".x", "-o", "text"}, wantErr: "`--jq` filters JSON output; it cannot be used with `--output text`"},
		{args: []string{"-o", "csv"}, wantErr: "`--output`: unknown output format \"csv\"; formats: text, json, yaml"},
		{args: []string{"extra"}, wantErr: "unexpected argument \"extra\" for \"questions\""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			f, _ := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
			var got *QuestionsOptions
			cmd := NewCmdQuestions(f, func(o *QuestionsOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || cmdutil.ExitCode(err) != 2 {
					t.Fatalf("error = %v, want %q (exit 2)", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Output.Format != tt.output || got.Output.JQ != tt.jq || got.RulesName != "small.yaml" {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

func TestQuestionsRunJSON(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
	err := questionsRun(&QuestionsOptions{IO: s.IO, Rules: f.ActiveRules, RulesName: "small.yaml", Output: &cmdutil.OutputFlags{Format: "json"}})
	if err != nil {
		t.Fatal(err)
	}
	var l advisor.QuestionList
	if err := json.Unmarshal(s.Out.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	if l.Schema != advisor.QuestionsSchema || len(l.Questions) != 5 || l.Rules.Path != "small.yaml" {
		t.Fatalf("list = %+v", l)
	}
	devs := l.Questions[4]
	if devs.ID != "devs" || devs.Flag != "--devs" || devs.Env != "ORGADVISOR_DEVS" || devs.AskIf != "builds_software" || devs.Default != float64(0) || devs.Required {
		t.Errorf("devs = %+v", devs)
	}
	if q := l.Questions[1]; q.Default != nil || !q.Required || q.Flag != "--builds-software" {
		t.Errorf("builds_software = %+v", q)
	}
}

func TestQuestionsRunText(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
	if err := questionsRun(&QuestionsOptions{IO: s.IO, Rules: f.ActiveRules, RulesName: "small.yaml", Output: &cmdutil.OutputFlags{Format: "text"}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"5 questions in the small.yaml rules (version 1), in the order they are asked:\n",
		"\n 1. team_size (int, 1 to 1000, required)\n    How many people?\n",
		"    flag: --builds-software[=false]   env: ORGADVISOR_BUILDS_SOFTWARE\n",
		"      growth           Growth stage\n",
		"    flag: --regimes gdpr,pci   env: ORGADVISOR_REGIMES\n",
		"    asked when: builds_software\n",
	} {
		if !strings.Contains(s.Out.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, s.Out.String())
		}
	}
}
