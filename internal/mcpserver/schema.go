package mcpserver

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// The arguments of the advise tool beside the answers, kept out of
// `answers` so that no question id can collide with one of them.
const (
	argAnswers = "answers"
	argWhatIf  = "what_if"
	argExplain = "explain"
	argRoles   = "roles"
)

// adviseSchema is the input schema of advise, generated from the questions
// of rs: each answer's type, its options (with their labels), its range, its
// default and whether it must be given. It tells an assistant what to send;
// the engine still checks every answer, and its messages are the ones an
// assistant reads back.
func adviseSchema(rs *rules.Ruleset) *jsonschema.Schema {
	answers := &jsonschema.Schema{
		Type:                 "object",
		Description:          "The answers, by question id. Unanswered questions take their defaults, which the result lists in `assumed`.",
		Properties:           map[string]*jsonschema.Schema{},
		AdditionalProperties: falseSchema(),
		Required:             []string{},
	}
	for _, q := range rs.Questions {
		answers.Properties[q.ID] = questionSchema(rs, q)
		answers.PropertyOrder = append(answers.PropertyOrder, q.ID)
		if q.Required && q.AskIf == nil {
			answers.Required = append(answers.Required, q.ID)
		}
	}
	return &jsonschema.Schema{
		Type: "object",
		Properties: map[string]*jsonschema.Schema{
			argAnswers: answers,
			argWhatIf: {
				Type: "boolean",
				Description: "Search what would change the recommendation: every single change of answer that would change it (`what_if`), and the growth path (`growth`). " +
					"With false, both are empty lists: that says nothing was searched, not that nothing would change.",
				Default: json.RawMessage("true"),
			},
			argExplain: {
				Type:        "boolean",
				Description: "Add `trace`: every condition the rules evaluated, with its value, to show how the recommendation was reached.",
				Default:     json.RawMessage("false"),
			},
		},
		PropertyOrder:        []string{argAnswers, argWhatIf, argExplain},
		Required:             []string{argAnswers},
		AdditionalProperties: falseSchema(),
	}
}

// questionSchema is the schema of one question's answer: the engine's
// (rules.Question.AnswerSchema), whose options are constants with their
// labels as descriptions, so that an assistant sees what each id means;
// with the prompt as its title and the help as its description.
func questionSchema(rs *rules.Ruleset, q *rules.Question) *jsonschema.Schema {
	s := &jsonschema.Schema{}
	if data, err := json.Marshal(q.AnswerSchema(true)); err == nil {
		// The engine's schema is plain JSON Schema: it always reads back.
		_ = json.Unmarshal(data, s)
	}
	s.Title, s.Description = q.Prompt, questionDescription(rs, q)
	return s
}

// questionDescription is the question's help, and when it is asked or
// required, in the questions' words.
func questionDescription(rs *rules.Ruleset, q *rules.Question) string {
	parts := []string{strings.Join(strings.Fields(q.Help), " ")}
	switch {
	case q.Required && q.AskIf != nil:
		parts = append(parts, "Required when "+rs.ConditionWords(q.AskIf)+".")
	case q.Required:
		parts = append(parts, "Required.")
	case q.AskIf != nil:
		parts = append(parts, "Used only when "+rs.ConditionWords(q.AskIf)+"; otherwise an answer is set aside for the default.")
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// rolesSchema is the input schema of roles: the roles to describe, all of
// them when none is named.
func rolesSchema() *jsonschema.Schema {
	items := &jsonschema.Schema{Type: "string"}
	for _, g := range advisor.RoleGuides() {
		var id any = g.ID
		items.Enum = append(items.Enum, g.ID)
		items.OneOf = append(items.OneOf, &jsonschema.Schema{Const: &id, Description: g.Title})
	}
	return &jsonschema.Schema{
		Type: "object",
		Properties: map[string]*jsonschema.Schema{
			argRoles: {
				Type:        "array",
				Description: "The roles to describe: one, or two side by side (at most two, each once); all four when left out (the CTO with the CIO, then the vCTO with the vCIO).",
				Items:       items,
				MaxItems:    new(maxRoles),
				UniqueItems: true,
			},
		},
		AdditionalProperties: falseSchema(),
	}
}

// noArgsSchema is the input schema of a tool without arguments.
func noArgsSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "object", Properties: map[string]*jsonschema.Schema{}, AdditionalProperties: falseSchema()}
}

func falseSchema() *jsonschema.Schema { return &jsonschema.Schema{Not: &jsonschema.Schema{}} }

// adviseDescription is the advise tool's description, for an assistant:
// what it takes (the required answers named, from the rules), that it
// should ask rather than guess, and what the result holds.
func adviseDescription(rs *rules.Ruleset) string {
	var required []string
	for _, q := range rs.Questions {
		if q.Required && q.AskIf == nil {
			required = append(required, fmt.Sprintf("`%s` (%s)", q.ID, q.Prompt))
		}
	}
	var b strings.Builder
	b.WriteString("Recommend the technology leadership an organisation needs (a CTO, a CIO, both, a fractional CTO or CIO, or none yet) from its answers to the questions, given by question id in `answers`. ")
	if len(required) > 0 {
		fmt.Fprintf(&b, "Required: %s. ", strings.Join(required, "; "))
	}
	b.WriteString("Ask the user for the answers you do not know rather than guess them. " +
		"Questions left out take their defaults: the result's `assumed` lists them; read them back to the user, who may want to correct some. " +
		"The result: `recommendation` and `headline`; `roles`, each role's level, score and reason (`because`); `fired`, the rules that applied, with their sources; " +
		"`what_if`, each single change of answer that would change the recommendation, and `growth`, the growth path; `notes`; `disputes`, where sources disagree; " +
		"`answers`, every answer used; `assumed`; `ignored`, answers set aside because the question does not apply. " +
		"The text holds a summary, then the whole result as JSON (schema orgadvisor/recommendation/v1), which is also the structured content.")
	return b.String()
}
