package advisor

import (
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// QuestionsSchema is the schema of `questions -o json`.
const QuestionsSchema = "orgadvisor/questions/v1"

// QuestionList is the JSON of `questions`: the questions of the active rules.
type QuestionList struct {
	Schema    string         `json:"schema"`
	Rules     RulesInfo      `json:"rules"`
	Questions []QuestionInfo `json:"questions"`
}

// QuestionInfo is one question as `questions` shows it.
type QuestionInfo struct {
	ID       string             `json:"id"`
	Type     rules.QuestionType `json:"type"`
	Prompt   string             `json:"prompt"`
	Help     string             `json:"help"`
	Options  []rules.Option     `json:"options,omitempty"`
	Min      *int               `json:"min,omitempty"`
	Max      *int               `json:"max,omitempty"`
	Required bool               `json:"required"`
	// Default is the answer assumed when the question is not answered;
	// null for required questions (always present, as docs/json.md says).
	Default any `json:"default"`
	// AskIf is the condition under which the question is asked, if any.
	AskIf string `json:"ask_if,omitempty"`
	Flag  string `json:"flag"`
	Env   string `json:"env"`

	// Question is the question itself, for renderers.
	Question *rules.Question `json:"-"`
}

// Questions builds the question list of rs, as `questions -o json`,
// `GET /v1/questions` and the MCP tool `questions` give it.
func Questions(rs *rules.Ruleset, rulesName string) *QuestionList {
	l := &QuestionList{Schema: QuestionsSchema, Rules: RulesInfo{Path: rulesName, SHA256: rs.Digest, Version: rs.Version}, Questions: []QuestionInfo{}}
	for _, q := range rs.Questions {
		qi := QuestionInfo{
			ID: q.ID, Type: q.Type, Prompt: q.Prompt, Help: q.Help, Options: q.Options,
			Min: q.Min, Max: q.Max, Required: q.Required, Default: q.Default,
			Flag: "--" + answers.Flag(q.ID), Env: answers.Env(q.ID), Question: q,
		}
		if q.AskIf != nil {
			qi.AskIf = strings.Join(strings.Fields(q.AskIf.String()), " ")
		}
		l.Questions = append(l.Questions, qi)
	}
	return l
}
