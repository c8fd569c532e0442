package advisor_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/prompter/prompttest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
)

// TestRunLayersWin checks the front door end to end: the layers are typed
// with the later winning, the profile is completed, and the report carries
// the recommendation and the answers it rests on.
func TestRunLayersWin(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	req := advisor.Request{
		Answers: answers.Layers{
			Config:      []answers.Raw{{ID: "team_size", Value: 5, From: "config"}},
			AnswersFile: "-",
			Stdin:       strings.NewReader("builds_software: false\nteam_size: 7\n"),
			Flags:       []answers.Raw{{ID: "builds_software", Value: "true", From: "`--builds-software`"}},
		},
		Options: advisor.Options{WhatIf: true},
	}
	got, err := advisor.Run(context.Background(), rs, req)
	if err != nil {
		t.Fatal(err)
	}
	if got.Given["team_size"] != 7 || got.Given["builds_software"] != true {
		t.Errorf("given = %v, want team_size 7 (file over config) and builds_software true (flag over file)", got.Given)
	}
	if got.Profile.Answers["phase"] != "seed" {
		t.Errorf("phase = %v, want its default", got.Profile.Answers["phase"])
	}
	d, err := advisor.Decide(rs, got.Given, req.Options)
	if err != nil {
		t.Fatal(err)
	}
	if got.Report.Recommendation != d.Result.Label || got.Report.Recommendation == "" {
		t.Errorf("recommendation %q, Decide says %q", got.Report.Recommendation, d.Result.Label)
	}
	if len(got.Report.WhatIf) == 0 {
		t.Error("WhatIf asked for but the report has no what-if changes")
	}
}

// TestRunErrors checks that the front door's errors are the domain's, with
// what lies beneath reachable.
func TestRunErrors(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	ctx := context.Background()

	_, err := advisor.Run(ctx, rs, advisor.Request{Answers: answers.Layers{
		Flags: []answers.Raw{{ID: "team_size", Value: "0", From: "`--team-size`"}, {ID: "tem_size", Value: 3, From: "x"}},
	}})
	var ie *advisor.InputError
	var ae *answers.Error
	if !errors.As(err, &ie) || !errors.As(err, &ae) || len(ae.Problems) != 2 {
		t.Fatalf("bad answers: %v (%T), want an InputError with two problems", err, err)
	}
	if p := ae.Problems[0]; p.Question != "team_size" || p.Where != "`--team-size`" || !strings.Contains(p.Message, "out of range") {
		t.Errorf("first problem = %+v", p)
	}
	var ue *rules.UnknownQuestionError
	if !errors.As(err, &ue) || ue.Suggest != "team_size" {
		t.Errorf("unknown question not reachable with a suggestion: %v", err)
	}

	_, err = advisor.Run(ctx, rs, advisor.Request{})
	var me *rules.MissingError
	if !errors.As(err, &ie) || !errors.As(err, &me) || len(me.Questions) != 2 {
		t.Errorf("no answers: %v, want an InputError holding a MissingError for the two required questions", err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = advisor.Run(cancelled, rs, advisor.Request{Answers: answers.Layers{
		Flags: []answers.Raw{{ID: "team_size", Value: 3}, {ID: "builds_software", Value: true}},
	}})
	if !errors.Is(err, advisor.ErrCancel) {
		t.Errorf("cancelled context: %v, want ErrCancel", err)
	}
}

// TestRunAsksWhatIsMissing checks that a Prompter fills the gaps the
// layers leave, and only those.
func TestRunAsksWhatIsMissing(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	p := prompttest.New(t)
	p.RegisterConfirm("(1 of 4) Do you build software?", func(string, *bool) (bool, error) { return false, nil })
	p.RegisterSelect("(2 of 3) Which phase?", func(string, []string, int) (int, error) { return 1, nil })
	p.RegisterMultiSelect("(3 of 3) Which regimes apply?", func(string, []string, []int) ([]int, error) { return nil, nil })
	got, err := advisor.Run(context.Background(), rs, advisor.Request{
		Answers:  answers.Layers{Flags: []answers.Raw{{ID: "team_size", Value: 150}}},
		Prompter: p,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Given["team_size"] != 150 || got.Given["builds_software"] != false || got.Given["phase"] != "growth" {
		t.Errorf("given = %v", got.Given)
	}
	if _, asked := got.Given["devs"]; asked {
		t.Error("devs was asked although builds_software is false")
	}
}
