package advisor

import (
	"context"
	"io"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Request is one run of the advisor: the answers as given, and what the
// report should hold.
type Request struct {
	// Answers are the raw answers by layer (config file, answers file,
	// environment, flags; a server or an MCP tool gives only one).
	Answers answers.Layers
	// Prompter, when set, asks the questions still unanswered after the
	// layers, as a terminal does; PromptOut takes its introduction.
	Prompter  Prompter
	PromptOut io.Writer
	Options
}

// Advice is the outcome of a run: the report, and the answers it rests on
// (given, and complete with the defaults) for whoever saves them.
type Advice struct {
	Given   rules.Answers
	Profile *rules.Profile
	Report  *Report
}

// Decision is the engine's verdict on one set of typed answers, before it
// becomes a report: batch encodes it directly, in bulk.
type Decision struct {
	Profile *rules.Profile
	Result  *rules.Result
	// WhatIf is the what-if search, empty unless Options.WhatIf.
	WhatIf rules.WhatIfResult
	// Growth is the growth path, empty unless Options.Growth.
	Growth []rules.GrowthStep
}

// Run is the front door to the engine, the one path from answers to advice
// that `advise`, `serve` and `mcp` take: type the layered answers, ask for
// the missing ones (with a Prompter), complete them with the defaults,
// evaluate the rules, search what would change the answer, and build the
// report.
//
// Its errors are the domain's: *InputError for answers that do not fit
// (wrapping *answers.Error or *rules.MissingError), ErrCancel when the user
// or ctx stops it. Mapping them to exit codes or statuses is the caller's.
func Run(ctx context.Context, rs *rules.Ruleset, req Request) (*Advice, error) {
	given, err := req.Answers.Typed(rs)
	if err != nil {
		return nil, BadInput(err)
	}
	if req.Prompter != nil {
		if given, err = Ask(rs, given, req.Prompter, req.PromptOut); err != nil {
			return nil, err
		}
	}
	if ctx.Err() != nil {
		return nil, ErrCancel
	}
	d, err := Decide(rs, given, req.Options)
	if err != nil {
		return nil, err
	}
	return &Advice{Given: given, Profile: d.Profile, Report: d.Report(rs, req.Options)}, nil
}

// Decide completes typed answers with the defaults, evaluates the rules and,
// with opt.WhatIf, searches what would change the answer and, with
// opt.Growth, follows the growth path. Run builds on it;
// batch calls it for each record.
func Decide(rs *rules.Ruleset, given rules.Answers, opt Options) (*Decision, error) {
	p, err := rs.Complete(given)
	if err != nil {
		return nil, BadInput(err)
	}
	res, err := rs.Evaluate(p, rules.EvalOptions{Trace: opt.Trace})
	if err != nil {
		return nil, BadInput(err)
	}
	d := &Decision{Profile: p, Result: res}
	if opt.WhatIf {
		search, err := rs.WhatIfSearch(p)
		if err != nil {
			return nil, BadInput(err)
		}
		d.WhatIf = *search
	}
	if opt.Growth {
		if d.Growth, err = rs.Growth(p); err != nil {
			return nil, BadInput(err)
		}
	}
	return d, nil
}

// Report builds the report of the decision.
func (d *Decision) Report(rs *rules.Ruleset, opt Options) *Report {
	r := NewReport(rs, d.Profile, d.Result, d.WhatIf.Changes, opt)
	r.WhatIfIncomplete = d.WhatIf.Capped
	r.Growth = GrowthPath(d.Growth)
	return r
}
