package server

import (
	"fmt"
	"strings"

	"github.com/dustin/go-humanize"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// obj is a JSON object of the OpenAPI document (encoding/json sorts its
// keys, so the document is the same bytes for the same rules).
type obj = map[string]any

// OpenAPI builds the OpenAPI 3.1 document of the API for the rules rs:
// the questions are the request schema (one property per question, with
// its type, bounds, options, default and help), the roles the keys of the
// recommendation's roles. It is served at GET /openapi.json.
func OpenAPI(rs *rules.Ruleset, rulesName, version string, limits Limits) ([]byte, error) {
	if version == "" {
		version = "dev"
	}
	ref := func(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }
	jsonContent := func(schema obj) obj { return obj{"application/json": obj{"schema": schema}} }
	ok := func(desc string, schema obj) obj { return obj{"description": desc, "content": jsonContent(schema)} }
	errorResponse := func(name string) obj { return obj{"$ref": "#/components/responses/" + name} }
	flag := func(name, desc string, def bool) obj {
		return obj{"name": name, "in": "query", "required": false, "description": desc, "schema": obj{"type": "boolean", "default": def}}
	}
	answersBody := func(schema, desc string) obj {
		return obj{"required": true, "description": desc, "content": jsonContent(ref(schema))}
	}
	commonErrors := func(r obj, codes ...string) obj {
		for _, c := range codes {
			r[c] = errorResponse(map[string]string{
				"400": "BadRequest", "405": "MethodNotAllowed", "413": "TooLarge", "415": "UnsupportedMediaType",
				"422": "BadAnswers", "503": "Busy",
			}[c])
		}
		return r
	}
	maxBody := humanize.IBytes(uint64(limits.MaxBody))

	paths := obj{
		"/v1/advise": obj{"post": obj{
			"operationId": "advise",
			"summary":     "Recommend the technology leadership an organisation needs",
			"description": "The answers in (an answers object, as an answers file holds it; at most " + maxBody +
				"), the JSON of `orgadvisor advise -o json` out. Questions left out take their defaults; required ones must be answered. " +
				"Besides the canonical types below, answers are read as the command line reads them: \"yes\" for true, \"40\" for 40, \"soc2,hipaa\" for a list.",
			"parameters": []any{
				flag("what_if", "Search what would change the answer and the growth path (slower). false leaves `what_if` and `growth` empty.", true),
				flag("explain", "Add the trace of every condition evaluated.", false),
			},
			"requestBody": answersBody("Answers", "The answers, by question id."),
			"responses": commonErrors(obj{
				"200": ok("The recommendation.", ref("Recommendation")),
			}, "400", "413", "415", "422", "503"),
		}},
		"/v1/applicable": obj{"post": obj{
			"operationId": "applicable",
			"summary":     "Which questions apply to the answers so far",
			"description": "A question whose `ask_if` is false for the answers so far does not apply: it is not asked and takes its default. Required answers may be missing.",
			"requestBody": answersBody("AnswersSoFar", "The answers so far, by question id."),
			"responses": commonErrors(obj{
				"200": ok("The questions, split by whether they apply.", ref("Applicable")),
			}, "400", "413", "415", "422", "503"),
		}},
		"/v1/batch": obj{"post": obj{
			"operationId": "batch",
			"summary":     "Score many organisations: JSON Lines in, JSON Lines out, streamed",
			"description": "One answers object per line, with an optional `id` copied to its result; at most " +
				humanize.IBytes(uint64(limits.MaxLine)) + " a line. One result per record, in input order, as `orgadvisor batch` writes them: " +
				"a record that cannot be scored becomes `{\"line\": N, \"error\": \"...\"}` and the rest go on. " +
				"If the body cannot be read to its end, the stream ends with one line `{\"error\": {\"message\": \"...\"}}`.",
			"parameters": []any{flag("what_if", "Add each record's what-if changes (slower).", false)},
			"requestBody": obj{"required": true, "content": obj{
				"application/x-ndjson": obj{"schema": obj{"type": "string", "description": "JSON Lines: one answers object per line."}},
				"application/jsonl":    obj{"schema": obj{"type": "string", "description": "JSON Lines: one answers object per line."}},
				"application/json":     obj{"schema": obj{"type": "string", "description": "JSON Lines: one answers object per line."}},
			}},
			"responses": commonErrors(obj{
				"200": obj{"description": "One result per record, one JSON object a line.", "content": obj{
					"application/x-ndjson": obj{"schema": obj{"type": "string"}},
				}},
			}, "400", "415", "503"),
		}},
		"/v1/questions": obj{"get": obj{
			"operationId": "questions",
			"summary":     "The questions, as `orgadvisor questions -o json`",
			"responses":   commonErrors(obj{"200": ok("The questions of the active rules.", ref("QuestionList"))}, "400", "503"),
		}},
		"/v1/roles": obj{"get": obj{
			"operationId": "roles",
			"summary":     "The CTO, CIO, vCTO and vCIO roles side by side, as `orgadvisor roles -o json`",
			"parameters": []any{obj{
				"name": "role", "in": "query", "required": false, "style": "form", "explode": true,
				"description": "Roles to describe (all by default).",
				"schema":      obj{"type": "array", "items": obj{"type": "string", "enum": anySlice(advisor.RoleGuideIDs())}},
			}},
			"responses": commonErrors(obj{"200": ok("The role guide.", ref("RoleGuide"))}, "400", "503"),
		}},
		"/healthz": obj{"get": obj{
			"operationId": "healthz",
			"summary":     "Whether the server is up, and the rules it serves",
			"responses":   commonErrors(obj{"200": ok("The server is up.", ref("Health"))}, "400"),
		}},
		"/openapi.json": obj{"get": obj{
			"operationId": "openapi",
			"summary":     "This document",
			"responses":   commonErrors(obj{"200": ok("The OpenAPI document.", obj{"type": "object"})}, "400", "503"),
		}},
	}

	errorResponses := obj{}
	for name, desc := range map[string]string{
		"BadRequest":           "The body is not JSON, or a query parameter is wrong.",
		"MethodNotAllowed":     "The method is not allowed here; the Allow header lists those that are.",
		"TooLarge":             "The body is over the limit of " + maxBody + ".",
		"UnsupportedMediaType": "The body is not of an accepted content type.",
		"BadAnswers":           "The answers do not fit the questions, or a required answer is missing: one problem per answer.",
		"Busy":                 "The server is serving as many requests as it may at once; try again shortly.",
	} {
		errorResponses[name] = ok(desc, ref("Error"))
	}

	doc := obj{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": obj{
			"title":   "orgadvisor",
			"version": version,
			"summary": "Which technology leadership does an organisation need?",
			"description": fmt.Sprintf("orgadvisor tells an organisation which technology leadership it needs: a CTO, a CIO, both, "+
				"or a fractional (virtual) CTO or CIO, with the reasons, the sources behind them, and what would change the answer. "+
				"This document is generated from the active rules: %s, version %d, sha256 %s.", rulesName, rs.Version, rs.Digest),
			"license": obj{"name": "See the project's repository"},
		},
		"paths": paths,
		"components": obj{
			"schemas":   schemas(rs),
			"responses": errorResponses,
		},
	}
	return encode.JSON(doc)
}

// schemas are the components: the answers (from the questions), the
// recommendation (with the roles' ids), and the other documents.
func schemas(rs *rules.Ruleset) obj {
	str := obj{"type": "string"}
	strs := obj{"type": "array", "items": str}
	questionIDs := make([]any, len(rs.Questions))
	var typeNames []any // the engine's question types, not a copy of the list
	for _, t := range rules.TypeNames() {
		typeNames = append(typeNames, t)
	}
	props := obj{}
	var required []any
	for i, q := range rs.Questions {
		questionIDs[i] = q.ID
		props[q.ID] = questionSchema(q)
		if q.Required {
			required = append(required, q.ID)
		}
	}
	answersSchema := obj{
		"type": "object", "additionalProperties": false, "properties": props,
		"description": "Answers by question id. A question left out takes its default; null is the same as leaving it out.",
	}
	if len(required) > 0 {
		answersSchema["required"] = required
	}
	soFar := obj{"type": "object", "additionalProperties": false, "properties": props, "description": "Answers so far, by question id; any may be left out."}

	sourceRef := obj{"type": "object", "required": []any{"id", "title", "ref"}, "properties": obj{
		"id": str, "title": str, "ref": str, "kind": str, "quote": str,
	}}
	sourceRefs := obj{"type": "array", "items": sourceRef}
	roleReport := obj{"type": "object", "required": []any{"title", "level", "label", "score", "covered", "action", "because", "decide_row", "contributions"}, "properties": obj{
		"title":      str,
		"level":      obj{"type": "string", "enum": []any{string(rules.LevelNone), string(rules.LevelFractional), string(rules.LevelFullTime)}},
		"label":      str,
		"score":      obj{"type": "number"},
		"covered":    obj{"type": "boolean"},
		"covered_by": str,
		"candidate":  str,
		"action":     obj{"type": "string", "enum": []any{"hire", "engage", "keep", "none"}},
		"because":    str,
		"decide_row": obj{"type": "integer", "minimum": 1},
		"contributions": obj{"type": "array", "items": obj{"type": "object", "required": []any{"rule", "weight"}, "properties": obj{
			"rule": str, "weight": obj{"type": "number"},
		}}},
	}}
	roleProps := obj{}
	var roleIDs []any
	for _, r := range rs.Roles {
		roleProps[r.ID] = obj{"$ref": "#/components/schemas/RoleReport", "description": r.Title}
		roleIDs = append(roleIDs, r.ID)
	}
	completeAnswers := obj{"type": "object", "properties": props, "required": questionIDs,
		"description": "Every question's answer: given, or the default."}
	recommendation := obj{
		"type":        "object",
		"description": "The recommendation, field by field as docs/json.md describes it. Fields may be added within a schema version.",
		"required":    []any{"schema", "recommendation", "headline", "roles", "answers", "assumed", "ignored", "fired", "growth", "what_if", "notes", "disputes", "rules"},
		"properties": obj{
			"schema":         obj{"const": advisor.Schema},
			"recommendation": obj{"type": "string", "description": "The label: the roles needed, such as vcto or cto+vcio, or " + rs.Labels.None + "."},
			"headline":       str,
			"roles":          obj{"type": "object", "properties": roleProps, "required": roleIDs},
			"answers":        completeAnswers,
			"assumed":        obj{"type": "array", "items": obj{"enum": questionIDs}},
			"ignored":        obj{"type": "array", "items": obj{"enum": questionIDs}},
			"fired": obj{"type": "array", "items": obj{"type": "object", "required": []any{"id", "description", "add", "sources"}, "properties": obj{
				"id": str, "description": str, "add": obj{"type": "object", "additionalProperties": obj{"type": "number"}},
				"sources": sourceRefs, "basis": str, "notes": strs,
				"disputed_by": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"view": str, "sources": sourceRefs}}},
			}}},
			"what_if": obj{"type": "array", "items": obj{"type": "object", "required": []any{"question", "from", "to", "recommendation"}, "properties": obj{
				"question": obj{"enum": questionIDs}, "from": obj{}, "to": obj{}, "recommendation": str,
			}}},
			"what_if_incomplete": obj{"type": "boolean"},
			"growth": obj{"type": "array", "description": "The growth path: the answers to the growth questions at which the advice would next change. Empty with what_if=false.",
				"items": obj{"type": "object", "required": []any{"question", "at", "recommendation"}, "properties": obj{
					"question": obj{"enum": questionIDs}, "at": obj{}, "recommendation": str,
				}}},
			"notes": strs,
			"disputes": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
				"rule": str, "view": str, "sources": sourceRefs, "other_view": str, "other_sources": sourceRefs,
			}}},
			"rules": obj{"$ref": "#/components/schemas/RulesInfo"},
			"trace": obj{"type": "array", "items": obj{"type": "object", "required": []any{"context", "expr", "pos", "value"}, "properties": obj{
				"context": str, "expr": str, "pos": str, "value": obj{"type": "boolean"},
			}}},
		},
	}
	rulesInfo := obj{"type": "object", "required": []any{"path", "sha256", "version"}, "properties": obj{
		"path": str, "sha256": str, "version": obj{"type": "integer"},
	}}
	errSchema := obj{"type": "object", "required": []any{"error"}, "properties": obj{
		"error": obj{"type": "object", "required": []any{"message", "problems"}, "properties": obj{
			"message": str,
			"problems": obj{"type": "array", "items": obj{"type": "object", "required": []any{"message"}, "properties": obj{
				"question": str, "message": str,
				"allowed": obj{"type": "array", "description": "What the question takes: its options, true and false, or (for an unknown question) the questions."},
			}}},
		}},
	}}
	applicable := obj{"type": "object", "required": []any{"applicable", "skipped"}, "properties": obj{
		"applicable": obj{"type": "array", "items": obj{"enum": questionIDs}},
		"skipped":    obj{"type": "array", "items": obj{"enum": questionIDs}},
	}}
	questionList := obj{"type": "object", "required": []any{"schema", "rules", "questions"}, "properties": obj{
		"schema": obj{"const": advisor.QuestionsSchema},
		"rules":  obj{"$ref": "#/components/schemas/RulesInfo"},
		"questions": obj{"type": "array", "items": obj{"type": "object", "required": []any{"id", "type", "prompt", "help", "required", "default", "flag", "env"}, "properties": obj{
			"id": obj{"enum": questionIDs}, "type": obj{"enum": typeNames},
			"prompt": str, "help": str, "required": obj{"type": "boolean"}, "default": obj{},
			"options": obj{"type": "array", "items": obj{"type": "object", "required": []any{"id", "label"}, "properties": obj{"id": str, "label": str}}},
			"min":     obj{"type": "integer"}, "max": obj{"type": "integer"}, "ask_if": str, "flag": str, "env": str,
		}}},
	}}
	point := obj{"type": "object", "required": []any{"text", "sources"}, "properties": obj{"text": str, "sources": strs}}
	points := obj{"type": "array", "items": point}
	roleGuide := obj{"type": "object", "required": []any{"schema", "roles", "disputes", "sources"}, "properties": obj{
		"schema": obj{"const": advisor.RoleGuideSchema},
		"roles": obj{"type": "array", "items": obj{"type": "object", "required": []any{"id", "title"}, "properties": obj{
			"id": str, "title": str, "fractional": obj{"type": "boolean"}, "counterpart": str, "summary": str,
			"focus": points, "responsibilities": points, "reports_to": points, "skills": points,
			"background": points, "cost": points, "fits_when": points,
		}}},
		"disputes": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"topic": str, "views": points}}},
		"sources":  obj{"type": "array", "items": obj{"type": "object", "properties": obj{"id": str, "title": str, "ref": str, "kind": str}}},
	}}
	health := obj{"type": "object", "required": []any{"status", "rules"}, "properties": obj{
		"status": obj{"const": "ok"}, "rules": obj{"$ref": "#/components/schemas/RulesInfo"},
	}}
	return obj{
		"Answers": answersSchema, "AnswersSoFar": soFar, "Recommendation": recommendation,
		"RoleReport": roleReport, "RulesInfo": rulesInfo, "Error": errSchema, "Applicable": applicable,
		"QuestionList": questionList, "RoleGuide": roleGuide, "Health": health,
	}
}

// questionSchema is the JSON Schema of one question's answer, as its type
// gives it (rules.Question.AnswerSchema), with the prompt and help, and the
// options with their labels, as its description.
func questionSchema(q *rules.Question) obj {
	desc := q.Prompt
	if h := strings.Join(strings.Fields(q.Help), " "); h != "" {
		desc += "\n\n" + h
	}
	if q.AskIf != nil {
		desc += "\n\nAsked only when " + strings.Join(strings.Fields(q.AskIf.String()), " ") + "; otherwise it takes its default."
	}
	if len(q.Options) > 0 {
		desc += "\n\n" + optionList(q)
	}
	s := obj(q.AnswerSchema(false))
	s["title"], s["description"] = q.Prompt, desc
	return s
}

// optionList names each option with its label.
func optionList(q *rules.Question) string {
	parts := make([]string, len(q.Options))
	for i, o := range q.Options {
		parts[i] = fmt.Sprintf("`%s`: %s", o.ID, o.Label)
	}
	return "Options: " + strings.Join(parts, "; ") + "."
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
