package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
)

func TestParseAnswer(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	tests := []struct {
		id      string
		raw     any
		want    any
		wantErr string
	}{
		{"employees", 40, 40, ""},
		{"employees", "40", 40, ""},
		{"employees", " 40 ", 40, ""},
		{"employees", 40.0, 40, ""},
		{"employees", json.Number("40"), 40, ""},
		{"employees", int64(40), 40, ""},
		{"employees", "abc", nil, `employees: "abc" is not a whole number; want a whole number from 1 to 100000`},
		{"employees", 4.5, nil, `employees: 4.5 is not a whole number; want a whole number from 1 to 100000`},
		{"employees", 0, nil, `employees: 0 is out of range; want a whole number from 1 to 100000`},
		{"employees", -3, nil, `employees: -3 is out of range; want a whole number from 1 to 100000`},
		{"employees", 100001, nil, `employees: 100001 is out of range; want a whole number from 1 to 100000`},
		{"employees", math.NaN(), nil, `employees: NaN is not a finite number; want a whole number from 1 to 100000`},
		{"employees", math.Inf(1), nil, `employees: +Inf is not a finite number; want a whole number from 1 to 100000`},
		{"employees", "99999999999999999999", nil, `employees: "99999999999999999999" is out of range; want a whole number from 1 to 100000`},
		// A JSON number is shown as it was written, never as a float64
		// prints it (1.2345678901234568e+29, +Inf, 200000).
		{"employees", json.Number("123456789012345678901234567890"), nil, `employees: 123456789012345678901234567890 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("-123456789012345678901234567890"), nil, `employees: -123456789012345678901234567890 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("1e400"), nil, `employees: 1e400 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("1E20"), nil, `employees: 1E20 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("2e5"), nil, `employees: 2e5 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("0.0"), nil, `employees: 0.0 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("4.50"), nil, `employees: 4.50 is not a whole number; want a whole number from 1 to 100000`},
		{"employees", json.Number("1e3"), 1000, ""},
		// Read exactly: no float64 rounds these to a whole number.
		{"employees", json.Number("1.0000000000000000001"), nil, `employees: 1.0000000000000000001 is not a whole number; want a whole number from 1 to 100000`},
		{"employees", json.Number("1e-400"), nil, `employees: 1e-400 is not a whole number; want a whole number from 1 to 100000`},
		{"employees", json.Number("1e-99999999999999999999"), nil, `employees: 1e-99999999999999999999 is not a whole number; want a whole number from 1 to 100000`},
		{"employees", json.Number("1e99999999999999999999"), nil, `employees: 1e99999999999999999999 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("0e99999999999999999999"), nil, `employees: 0e99999999999999999999 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("9223372036854775808"), nil, `employees: 9223372036854775808 is out of range; want a whole number from 1 to 100000`},
		{"employees", json.Number("0.00120e5"), 120, ""},
		{"employees", json.Number("1200E-2"), 12, ""},
		{"employees", json.Number("not a number"), nil, `employees: "not a number" is not a whole number; want a whole number from 1 to 100000`},
		{"employees", json.Number(strings.Repeat("9", 1000)), nil, `employees: ` + strings.Repeat("9", 64) + `... (1000 bytes) is out of range; want a whole number from 1 to 100000`},
		{"product_driven", json.Number("123456789012345678901234567890"), nil, `product_driven: 123456789012345678901234567890 is not true or false; want true or false`},
		{"employees", true, nil, `employees: true is not a whole number; want a whole number from 1 to 100000`},
		{"employees", []any{1}, nil, `employees: a list is not a whole number; want a whole number from 1 to 100000`},
		{"product_driven", true, true, ""},
		{"product_driven", "yes", true, ""},
		{"product_driven", "FALSE", false, ""},
		{"product_driven", "0", false, ""},
		{"product_driven", "maybe", nil, `product_driven: "maybe" is not true or false; want true or false`},
		{"product_driven", 1.0, nil, `product_driven: 1 is not true or false; want true or false`},
		{"stage", "early", "early", ""},
		{"stage", "erly", nil, `stage: "erly" is not an option (did you mean "early"?); options: early, scaling, established`},
		{"stage", "banana", nil, `stage: "banana" is not an option; options: early, scaling, established`},
		{"stage", 3.0, nil, `stage: 3 is not an option; want one of early, scaling, established`},
		{"compliance", "hipaa,soc2", []string{"soc2", "hipaa"}, ""},
		{"compliance", "hipaa;soc2;hipaa", []string{"soc2", "hipaa"}, ""},
		{"compliance", []any{"hipaa"}, []string{"hipaa"}, ""},
		{"compliance", []string{}, []string{}, ""},
		{"compliance", "", []string{}, ""},
		{"compliance", "none", []string{}, ""},
		{"compliance", []any{"hipaa", 3.0}, nil, `compliance: list item 3 is not an option; want any of soc2, hipaa`},
		{"compliance", "sox", nil, `compliance: "sox" is not an option (did you mean "soc2"?); options: soc2, hipaa`},
		{"compliance", map[string]any{}, nil, `compliance: an object is not a list of options; want any of soc2, hipaa`},
		{"employes", 3, nil, `unknown question "employes" (did you mean "employees"?)`},
		{"product-driven", true, nil, `unknown question "product-driven" (did you mean "product_driven"?)`},
		{"zzz", 3, nil, `unknown question "zzz"; questions: employees, product_driven, stage, compliance, engineers`},
		{"stage", nil, nil, ""},
	}
	for _, tt := range tests {
		got, err := rs.ParseAnswer(tt.id, tt.raw)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if gotErr != tt.wantErr {
			t.Errorf("ParseAnswer(%s, %#v) error\n got %q\nwant %q", tt.id, tt.raw, gotErr, tt.wantErr)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseAnswer(%s, %#v) = %#v, want %#v", tt.id, tt.raw, got, tt.want)
		}
	}
}

// TestAnswerErrorsInWords checks that every message of an answer that
// does not fit, built once, reads in both wordings: by id for the command
// line and programs, and in the words a form shows people (option labels,
// Yes or No, a question's wording) for a web page.
func TestAnswerErrorsInWords(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	for _, tt := range []struct {
		id            string
		raw           any
		byID, inWords string
	}{
		{"product_driven", "maybe", `"maybe" is not true or false; want true or false`, `"maybe" is not Yes or No`},
		{"stage", "erly", `"erly" is not an option (did you mean "early"?); options: early, scaling, established`, `"erly" is not an option; did you mean “Early”?`},
		{"stage", "banana", `"banana" is not an option; options: early, scaling, established`, `"banana" is not an option; options: “Early”, “Scaling”, “Established”`},
		{"stage", 3.0, `3 is not an option; want one of early, scaling, established`, `3 is not an option; want one of “Early”, “Scaling”, “Established”`},
		{"compliance", "sox", `"sox" is not an option (did you mean "soc2"?); options: soc2, hipaa`, `"sox" is not an option; did you mean “SOC 2”?`},
		{"compliance", []any{3.0}, `list item 3 is not an option; want any of soc2, hipaa`, `list item 3 is not an option; want any of “SOC 2”, “HIPAA”`},
		// A number's bounds: digits by id, as a script copies them; in
		// words with their thousands separated, as people read them.
		{"employees", "0", `0 is out of range; want a whole number from 1 to 100000`, `0 is out of range; want a whole number from 1 to 100,000`},
		{"employees", "200000", `200000 is out of range; want a whole number from 1 to 100000`, `200,000 is out of range; want a whole number from 1 to 100,000`},
		{"employees", json.Number("2e5"), `2e5 is out of range; want a whole number from 1 to 100000`, `2e5 is out of range; want a whole number from 1 to 100,000`},
		// The engine reads digits only; the prompt and the form read the
		// commas they show before it (Ungroup). In words, a dot or a
		// space between thousands is told how to write the number.
		{"employees", "1,200", `"1,200" is not a whole number; want a whole number from 1 to 100000`, `"1,200" is not a whole number; want a whole number from 1 to 100,000`},
		{"employees", "1.200", `"1.200" is not a whole number; want a whole number from 1 to 100000`, `"1.200" is not a whole number; separate thousands with commas (1,200) or not at all (1200)`},
		{"employees", "1 200", `"1 200" is not a whole number; want a whole number from 1 to 100000`, `"1 200" is not a whole number; separate thousands with commas (1,200) or not at all (1200)`},
		{"employees", "1.5", `"1.5" is not a whole number; want a whole number from 1 to 100000`, `"1.5" is not a whole number; want a whole number from 1 to 100,000`},
		{"employes", 3, `unknown question "employes" (did you mean "employees"?)`, `"employes" is not one of the questions; the nearest is “How many people?”`},
		{"zzz", 3, `unknown question "zzz"; questions: employees, product_driven, stage, compliance, engineers`, `"zzz" is not one of the questions`},
	} {
		_, err := rs.ParseAnswer(tt.id, tt.raw)
		var worded interface{ In(Wording) string }
		if !errors.As(err, &worded) {
			t.Errorf("ParseAnswer(%s, %#v): %v, which has no wordings", tt.id, tt.raw, err)
			continue
		}
		if got := worded.In(ByID); got != tt.byID {
			t.Errorf("ParseAnswer(%s, %#v) by id\n got %q\nwant %q", tt.id, tt.raw, got, tt.byID)
		}
		if got := worded.In(InWords); got != tt.inWords {
			t.Errorf("ParseAnswer(%s, %#v) in words\n got %q\nwant %q", tt.id, tt.raw, got, tt.inWords)
		}
	}
	if got := rs.Question("product_driven").WantIn(InWords); got != "Yes or No" {
		t.Errorf("a yes/no question wants %q in words", got)
	}
}

func TestParseAnswersReportsEveryProblem(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	_, err := rs.ParseAnswers(map[string]any{"stage": "late", "employees": "x", "sectr": "it", "product_driven": true})
	want := `unknown question "sectr"; questions: employees, product_driven, stage, compliance, engineers; ` +
		`employees: "x" is not a whole number; want a whole number from 1 to 100000; ` +
		`stage: "late" is not an option; options: early, scaling, established`
	if err == nil || err.Error() != want {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
}

func TestComplete(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	_, err := rs.Complete(Answers{"stage": "early"})
	if err == nil || err.Error() != "missing required answers: employees, product_driven" {
		t.Errorf("error %v, want both required answers listed", err)
	}
	if me, ok := err.(*MissingError); !ok || len(me.Questions) != 2 {
		t.Errorf("error %T, want *MissingError with 2 questions", err)
	}
	p, err := rs.Complete(Answers{"employees": 5, "product_driven": false, "stage": "early"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"compliance", "engineers"}; !reflect.DeepEqual(p.Assumed, want) {
		t.Errorf("assumed %v, want %v", p.Assumed, want)
	}
	wantAnswers := Answers{"employees": 5, "product_driven": false, "stage": "early", "compliance": []string{}, "engineers": 0}
	if !reflect.DeepEqual(p.Answers, wantAnswers) {
		t.Errorf("answers %v, want %v", p.Answers, wantAnswers)
	}
}

func TestAsked(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	q := rs.Question("engineers")
	for _, tt := range []struct {
		answers Answers
		want    bool
	}{
		{Answers{"product_driven": true}, true},
		{Answers{"product_driven": false}, false},
		{Answers{}, false}, // unanswered reads as the zero value
	} {
		got, err := rs.Asked(q, tt.answers)
		if err != nil || got != tt.want {
			t.Errorf("Asked(engineers, %v) = %v, %v; want %v", tt.answers, got, err, tt.want)
		}
	}
	if got, _ := rs.Asked(rs.Question("stage"), Answers{}); !got {
		t.Error("a question without ask_if must be asked")
	}
}

func TestCompleteAppliesAskIf(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	// engineers is asked only when product_driven: given anyway, it is
	// replaced by its default and reported as ignored.
	p, err := rs.Complete(Answers{"employees": 5, "product_driven": false, "engineers": 40})
	if err != nil {
		t.Fatal(err)
	}
	if p.Answers["engineers"] != 0 {
		t.Errorf("engineers = %v, want the default 0", p.Answers["engineers"])
	}
	if want := []string{"engineers"}; !reflect.DeepEqual(p.Ignored, want) {
		t.Errorf("ignored %v, want %v", p.Ignored, want)
	}
	if want := []string{"stage", "compliance", "engineers"}; !reflect.DeepEqual(p.Assumed, want) {
		t.Errorf("assumed %v, want %v", p.Assumed, want)
	}
	p, err = rs.Complete(Answers{"employees": 5, "product_driven": true, "engineers": 40})
	if err != nil {
		t.Fatal(err)
	}
	if p.Answers["engineers"] != 40 || len(p.Ignored) != 0 {
		t.Errorf("engineers = %v, ignored %v; want 40 and nothing ignored", p.Answers["engineers"], p.Ignored)
	}
}

// A chain of ask_if: the questionnaire (Asked) and Complete must agree on
// what applies, so nobody is asked a question whose answer is then ignored.
func TestAskedAgreesWithComplete(t *testing.T) {
	rs := mustLoad(t, `
version: 1
sources: {s: {title: S, ref: "https://example.com"}}
questions:
  - {id: builds, type: bool, prompt: Builds, help: H., default: false}
  - {id: devs, type: int, prompt: Devs, help: H., default: 0, ask_if: builds}
  - {id: has_lead, type: bool, prompt: Lead, help: H., default: false, ask_if: devs > 5}
roles:
  - {id: cto, title: CTO, fractional_title: vCTO, label: cto, fractional_label: vcto}
rules:
  - {id: r, description: R., when: builds or devs > 5 or has_lead, add: {cto: 1}, sources: [s]}
decide:
  cto: [{level: none, because: x}]
`)
	for _, given := range []Answers{
		{"builds": false, "devs": 10},
		{"builds": true, "devs": 10},
		{"builds": true, "devs": 1},
		{},
	} {
		asked, err := rs.Asked(rs.Question("has_lead"), given)
		if err != nil {
			t.Fatal(err)
		}
		withLead := Answers{"has_lead": true}
		for k, v := range given {
			withLead[k] = v
		}
		p, err := rs.Complete(withLead)
		if err != nil {
			t.Fatal(err)
		}
		ignored := len(p.Ignored) > 0 && p.Ignored[len(p.Ignored)-1] == "has_lead"
		if asked == ignored {
			t.Errorf("given %v: Asked(has_lead) = %v but Complete ignores it = %v", given, asked, ignored)
		}
	}
}

// TestWholeNumberIsExact checks wholeNumber, which reads a JSON number by
// its digits, against math/big's exact rationals, over numbers a float64
// cannot tell apart from whole ones and numbers at int64's ends.
func TestWholeNumberIsExact(t *testing.T) {
	var texts []string
	for _, m := range []string{"0", "-0", "1", "-1", "12", "1.5", "0.001", "120.000", "1.0000000000000000001", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "00.5", "10.10"} {
		texts = append(texts, m)
		for _, e := range []string{"e0", "e1", "E+2", "e-1", "e-3", "e18", "e19", "e-20", "e400", "e-400"} {
			texts = append(texts, m+e)
		}
	}
	for _, s := range texts {
		if !json.Valid([]byte(s)) {
			continue
		}
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("big.Rat cannot read %s", s)
		}
		want := whole
		switch {
		case !r.IsInt():
			want = notWhole
		case !r.Num().IsInt64():
			want = outOfRange
		}
		n, got := wholeNumber(s)
		if got != want || got == whole && n != r.Num().Int64() {
			t.Errorf("wholeNumber(%s) = %d, kind %d; want %s, kind %d", s, n, got, r.RatString(), want)
		}
	}
}

// TestManyUnknownAnswersSkipSuggestions checks that a set of answers with
// many unknown ids suggests a near question for the first ones only: each
// suggestion costs an edit distance per question, and the messages show
// five problems.
func TestManyUnknownAnswersSkipSuggestions(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	raw := map[string]any{}
	for i := range 200 {
		raw[fmt.Sprintf("employes%03d", i)] = 1
	}
	_, err := rs.ParseAnswers(raw)
	var ae *AnswersError
	if !errors.As(err, &ae) || len(ae.Errs) != 200 {
		t.Fatalf("want 200 problems, got %v", err)
	}
	suggested := 0
	for _, e := range ae.Errs {
		var ue *UnknownQuestionError
		if !errors.As(e, &ue) {
			t.Fatalf("not an unknown question: %v", e)
		}
		if ue.Suggest != "" {
			suggested++
		}
	}
	if suggested != maxSuggested {
		t.Errorf("%d of 200 unknown ids got a suggestion, want %d", suggested, maxSuggested)
	}
}
