package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// Tool names.
const (
	ToolAdvise    = "advise"
	ToolQuestions = "questions"
	ToolRoles     = "roles"
)

// tools holds what the tools share: the rules, loaded once, and the log.
type tools struct {
	rs        *rules.Ruleset
	rulesName string
	log       *slog.Logger
}

// tool is one tool with its handler.
type tool struct {
	*mcp.Tool
	handler mcp.ToolHandler
}

// list is every tool of the server. None changes anything or reaches
// beyond the rules: they are read-only, idempotent and closed-world, which
// lets an assistant call them without asking.
func (t *tools) list() []tool {
	annotations := func(title string) *mcp.ToolAnnotations {
		return &mcp.ToolAnnotations{Title: title, ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)}
	}
	return []tool{
		{&mcp.Tool{
			Name:        ToolAdvise,
			Title:       "Recommend technology leadership",
			Description: adviseDescription(t.rs),
			InputSchema: adviseSchema(t.rs),
			Annotations: annotations("Recommend technology leadership"),
		}, t.advise},
		{&mcp.Tool{
			Name:        ToolQuestions,
			Title:       "List the questions",
			Description: "List the questions advise takes: ids, prompts, help, types, options with their labels, ranges, defaults, which are required and when each applies. The result is the JSON of the questions (schema orgadvisor/questions/v1).",
			InputSchema: noArgsSchema(),
			Annotations: annotations("List the questions"),
		}, t.questions},
		{&mcp.Tool{
			Name:  ToolRoles,
			Title: "Explain the roles",
			Description: "Explain what a CTO, a CIO, a vCTO and a vCIO do and how they differ (focus, responsibilities, reporting line, skills, background, cost, when each fits), each point with its sources, and where the sources disagree. " +
				"Name one role to describe it, or two to compare them side by side (at most two); name none for all four. The result is the JSON of the roles guide (schema orgadvisor/roles/v1).",
			InputSchema: rolesSchema(),
			Annotations: annotations("Explain the roles"),
		}, t.roles},
	}
}

// advise is the advise tool: the answers of the call, and nothing else
// (neither the config file's answers nor ORGADVISOR_<QUESTION>), through
// advisor.Run.
func (t *tools) advise(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	start := time.Now()
	args, err := t.adviseArgs(req.Params.Arguments)
	if err != nil {
		return t.fail(ToolAdvise, err), nil
	}
	advice, err := advisor.Run(ctx, t.rs, advisor.Request{
		Answers: answers.Layers{Flags: args.answers},
		Options: advisor.Options{RulesPath: t.rulesName, WhatIf: args.whatIf, Growth: args.whatIf, Trace: args.explain},
	})
	var ie *advisor.InputError
	switch {
	case errors.As(err, &ie):
		return t.fail(ToolAdvise, missingError(t.rs, err)), nil
	case err != nil:
		return nil, err
	}
	doc, err := advice.Report.AppendJSON(nil, false)
	if err != nil {
		return nil, err
	}
	doc = bytes.TrimSuffix(doc, []byte("\n"))
	t.log.Info("tool call", "tool", ToolAdvise, "recommendation", advice.Report.Recommendation, "duration", time.Since(start))
	// The summary for people, then the whole report: MCP (2025-06-18)
	// asks a tool with structured content to give it as text too, and
	// many clients show the model the text alone.
	return &mcp.CallToolResult{
		Content:           []mcp.Content{&mcp.TextContent{Text: summary(advice.Report)}, &mcp.TextContent{Text: string(doc)}},
		StructuredContent: json.RawMessage(doc),
	}, nil
}

// adviseArguments are the advise tool's arguments, checked.
type adviseArguments struct {
	answers         []answers.Raw
	whatIf, explain bool
}

// adviseArgs reads advise's arguments. Every problem is reported at once,
// each naming its argument, so that an assistant can correct them all in
// one go; the answers themselves are for the engine to check.
func (t *tools) adviseArgs(raw json.RawMessage) (*adviseArguments, error) {
	members, err := object(raw, "the arguments")
	if err != nil {
		return nil, err
	}
	args := &adviseArguments{whatIf: true}
	var problems []string
	for _, k := range sortedKeys(members) {
		v := members[k]
		switch k {
		case argAnswers:
			a, err := t.rawAnswers(v)
			if err != nil {
				problems = append(problems, err.Error())
			}
			args.answers = a
		case argWhatIf, argExplain:
			b, err := boolean(k, v)
			if err != nil {
				problems = append(problems, err.Error())
			} else if b != nil && k == argWhatIf {
				args.whatIf = *b
			} else if b != nil {
				args.explain = *b
			}
		default:
			if t.rs.Question(k) != nil {
				problems = append(problems, fmt.Sprintf("%q is a question: give its answer in `answers`, as in {\"answers\": {%q: ...}}", k, k))
			} else {
				problems = append(problems, unknownArgument(k, argAnswers, argWhatIf, argExplain))
			}
		}
	}
	if len(problems) > 0 {
		return nil, advisor.BadInputf("%s", rules.JoinProblems(problems, func(s string) string { return s }))
	}
	return args, nil
}

// rawAnswers reads the `answers` object into raw answers for the engine,
// unknown questions first, then in question order (as the engine reports
// problems), each named by its place in the arguments. A question given
// twice takes its last answer, as encoding/json decodes objects.
func (t *tools) rawAnswers(raw json.RawMessage) ([]answers.Raw, error) {
	if isNull(raw) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("`answers` must be an object of answers by question id, not %s", describe(raw))
	}
	out := make([]answers.Raw, 0, len(m))
	for id, v := range m {
		out = append(out, answers.Raw{ID: id, Value: v, From: place(id)})
	}
	order := make(map[string]int, len(t.rs.Questions))
	for i, q := range t.rs.Questions {
		order[q.ID] = i + 1 // 0, unknown, sorts first
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := order[out[i].ID], order[out[j].ID]
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// place names where an answer was given: `answers.employees`. An id that
// could not be read there (too long, or with characters to escape) gives
// `answers` alone: the engine's message quotes it, cut to a length.
func place(id string) string {
	if len(id) > 64 || strconv.Quote(id) != `"`+id+`"` || strings.ContainsAny(id, "`") {
		return "`answers`"
	}
	return "`answers." + id + "`"
}

// missingError says which required answers are missing, where they go and
// what each takes; other errors pass as they are.
func missingError(rs *rules.Ruleset, err error) error {
	var me *rules.MissingError
	if !errors.As(err, &me) {
		return err
	}
	parts := make([]string, len(me.Questions))
	for i, q := range me.Questions {
		parts[i] = fmt.Sprintf("`answers.%s` (%s %s)", q.ID, q.Prompt, q.Want())
	}
	return advisor.BadInputf("missing required %s: %s", text.Plural(len(parts), "answer"), strings.Join(parts, "; "))
}

// questions is the questions tool: the document of `questions -o json`.
func (t *tools) questions(_ context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	members, err := object(req.Params.Arguments, "the arguments")
	if err == nil && len(members) > 0 {
		err = advisor.BadInputf("%s", unknownArgument(sortedKeys(members)[0]))
	}
	if err != nil {
		return t.fail(ToolQuestions, err), nil
	}
	t.log.Info("tool call", "tool", ToolQuestions)
	return document(advisor.Questions(t.rs, t.rulesName))
}

// maxRoles is how many roles the roles tool takes, as `roles` on the
// command line: two, side by side (the messages and the description say
// "two").
const maxRoles = 2

// roles is the roles tool: the document of `roles -o json`, for the roles
// named (at most maxRoles, each once) or all of them.
func (t *tools) roles(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	ids, err := t.rolesArgs(req.Params.Arguments)
	if err != nil {
		return t.fail(ToolRoles, err), nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep, err := advisor.NewRoleGuideReport(t.rs, ids)
	if err != nil {
		return t.fail(ToolRoles, err), nil
	}
	t.log.Info("tool call", "tool", ToolRoles, "roles", ids)
	return document(rep)
}

// rolesArgs reads the roles tool's arguments: the roles named, nil for
// all of them.
func (t *tools) rolesArgs(raw json.RawMessage) ([]string, error) {
	members, err := object(raw, "the arguments")
	if err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(members) {
		if k != argRoles {
			return nil, advisor.BadInputf("%s", unknownArgument(k, argRoles))
		}
	}
	v, ok := members[argRoles]
	if !ok || isNull(v) {
		return nil, nil
	}
	var ids []string
	if json.Unmarshal(v, &ids) != nil {
		return nil, advisor.BadInputf("`roles` must be a list of role ids (%s), not %s", strings.Join(advisor.RoleGuideIDs(), ", "), describe(v))
	}
	if len(ids) > maxRoles {
		return nil, advisor.BadInputf("`roles` compares at most two roles, got %d; leave it out for all four", len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		key := strings.ToLower(strings.TrimSpace(id))
		if seen[key] {
			return nil, advisor.BadInputf("`roles` names %s twice: name each role once", rules.Quote(key))
		}
		seen[key] = true
	}
	return ids, nil
}

// document is a tool result holding v as the command line writes it: the
// JSON as structured content, and the same text for clients that read
// only text.
func document(v any) (*mcp.CallToolResult, error) {
	data, err := encode.JSON(v)
	if err != nil {
		return nil, err
	}
	return &mcp.CallToolResult{
		Content:           []mcp.Content{&mcp.TextContent{Text: string(data)}},
		StructuredContent: json.RawMessage(data),
	}, nil
}

// fail is a tool error: the message the command line would print, which an
// assistant reads to correct its call.
func (t *tools) fail(name string, err error) *mcp.CallToolResult {
	t.log.Info("tool call failed", "tool", name, "error", err.Error())
	var res mcp.CallToolResult
	res.SetError(err)
	return &res
}

// object reads a JSON object's members; null or nothing is no members.
func object(raw json.RawMessage, what string) (map[string]json.RawMessage, error) {
	if isNull(raw) {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, advisor.BadInputf("%s must be an object, not %s", what, describe(raw))
	}
	return m, nil
}

// boolean reads a true/false argument; nil when it is null.
func boolean(name string, raw json.RawMessage) (*bool, error) {
	if isNull(raw) {
		return nil, nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("`%s` must be true or false, not %s", name, describe(raw))
	}
	return &b, nil
}

func unknownArgument(name string, known ...string) string {
	if len(known) == 0 {
		return fmt.Sprintf("unknown argument %s: the tool takes no arguments", rules.Quote(name))
	}
	return fmt.Sprintf("unknown argument %s; arguments: %s", rules.Quote(name), strings.Join(known, ", "))
}

func isNull(raw json.RawMessage) bool {
	s := bytes.TrimSpace(raw)
	return len(s) == 0 || string(s) == "null"
}

// describe names a JSON value for a message, as answers.Describe names a
// YAML one: "a list", "the string \"x\"", "the number 3"; a string is
// quoted as the engine quotes values, cut to a length.
func describe(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "invalid JSON"
	}
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprint(x)
	case string:
		return "the string " + rules.Quote(x)
	case float64:
		n := string(bytes.TrimSpace(raw))
		if len(n) > 64 {
			n = n[:64] + "..."
		}
		return "the number " + n
	case []any:
		return "a list"
	}
	return "an object"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
