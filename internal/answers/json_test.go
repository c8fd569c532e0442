package answers

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want string // the answers as id=value (Go syntax), or the error
	}{
		{`{"size": 3, "tech": true, "regs": ["b", "a"]}`, `size="3" tech=true regs=[]interface {}{"b", "a"}`},
		// What YAML refuses and JSON allows: \/ and surrogate pairs.
		{`{"regs": "a\/b", "x": "\ud83d\ude00"}`, `regs="a/b" x="😀"`},
		{"\ufeff{}", ``},
		{`{"size": null}`, `size=<nil>`},
		{`{"size": 1e400, "n": 123456789012345678901234567890}`, `size="1e400" n="123456789012345678901234567890"`},
		// Objects and a list's lists are kept empty: only their kind matters.
		{`{"a": {"b": [1]}}`, `a=map[string]interface {}{}`},
		{`{"regs": [1, [2, [3]], {"x": [1]}, "a", null, true]}`, `regs=[]interface {}{"1", []interface {}{}, map[string]interface {}{}, "a", interface {}(nil), true}`},
		{`{"regs": [` + strings.Repeat(`"a", `, MaxListItems-1) + `"a"]}`, `regs=[]interface {}{` + strings.Repeat(`"a", `, MaxListItems-1) + `"a"}`},
		{`{"size": 3, "regs": [` + strings.Repeat(`1, `, MaxListItems) + `1]}`, `syntax: false; a.json:1:21: regs: a list of more than 1000 items, more than any question takes`},
		{"{\n  \"size\": 3,\n  \"size\": 4\n}", `syntax: false; a.json:3:3: answered twice (first at line 2, column 3)`},
		{`{"size": 3, "": 1}`, `syntax: false; a.json:1:13: answer keys must be question ids, not the string ""`},
		{`[1, 2]`, `syntax: false; a.json:1:1: answers must be an object of question ids to answers, not a list`},
		{`  "x"`, `syntax: false; a.json:1:3: answers must be an object of question ids to answers, not the string "x"`},
		{`null`, `syntax: false; a.json:1:1: answers must be an object of question ids to answers, not null`},
		{``, `syntax: true; a.json:1:1: no JSON: the answers are an object such as {"employees": 40}`},
		{"{\"size\": 3,\n \"tech\": tru}", `syntax: true; a.json:2:13: invalid JSON: invalid character '}' in literal true (expecting 'e')`},
		{`{"size": 3`, `syntax: true; a.json:1:11: invalid JSON: unexpected end of JSON input`},
		{`{"size": 3} {}`, `syntax: true; a.json:1:13: invalid JSON: invalid character '{' after top-level value`},
		{"{\"size\": \"caf\xe9\"}", `syntax: true; a.json:1:14: not valid UTF-8`},
		{`{'size': 3}`, `syntax: true; a.json:1:2: invalid JSON: invalid character '\'' looking for beginning of object key string`},
		{"size: 3\n", `syntax: true; a.json:1:1: invalid JSON: invalid character 's' looking for beginning of value`},
	}
	for _, tt := range tests {
		raws, err := ParseJSON("a.json", []byte(tt.src))
		var got string
		if err != nil {
			var se *SyntaxError
			var ae *Error
			if !errors.As(err, &se) && !errors.As(err, &ae) {
				t.Errorf("ParseJSON(%q): error %T, want *SyntaxError or *Error", tt.src, err)
			}
			got = fmt.Sprintf("syntax: %t; %v", se != nil, err)
		} else {
			got = showRaws(raws)
		}
		if got != tt.want {
			t.Errorf("ParseJSON(%q)\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestParseJSONPlaces checks that answers keep where they were given, so
// that a bad one is reported at its place, and type as the same answers
// given in YAML do.
func TestParseJSONPlaces(t *testing.T) {
	t.Parallel()
	rs := smallRules(t)
	raws, err := ParseJSON("req", []byte("{\"size\": 3,\n \"regs\": [\"b\"], \"tech\": \"maybe\", \"sise\": 1}"))
	if err != nil {
		t.Fatal(err)
	}
	if got := raws[1].Pos.String() + " " + raws[1].KeyPos.String(); got != "req:2:10 req:2:2" {
		t.Errorf("regs at %s, want req:2:10 req:2:2", got)
	}
	_, err = Type(rs, raws)
	want := `req:2:25: tech: "maybe" is not true or false; want true or false; req:2:34: unknown question "sise" (did you mean "size"?)`
	if err == nil || err.Error() != want {
		t.Errorf("Type:\n got %v\nwant %s", err, want)
	}
	fromJSON, err := ParseJSON("a.json", []byte(`{"size": 1.0, "tech": "yes", "regs": "a,b"}`))
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := Parse("a.yaml", []byte("size: 1.0\ntech: 'yes'\nregs: a,b\n"))
	if err != nil {
		t.Fatal(err)
	}
	a, errA := Type(rs, fromJSON)
	b, errB := Type(rs, fromYAML)
	if errA != nil || errB != nil || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("JSON typed %v (%v), YAML %v (%v)", a, errA, b, errB)
	}
}

// TestParseJSONPositionsInOnePass checks that the positions, counted in one
// pass over the body, are those counted from its start, across lines and
// multi-byte characters.
func TestParseJSONPositionsInOnePass(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("{")
	for i := range 300 {
		if i > 0 {
			b.WriteString(",")
		}
		if i%7 == 0 {
			b.WriteString("\n  ")
		}
		fmt.Fprintf(&b, `"q%d": "é%s"`, i, strings.Repeat("ü", i%5))
	}
	b.WriteString("\n}")
	src := []byte(b.String())
	raws, err := ParseJSON("a.json", src)
	if err != nil || len(raws) != 300 {
		t.Fatalf("%d answers, %v", len(raws), err)
	}
	for _, r := range raws {
		keyOff := strings.Index(b.String(), `"`+r.ID+`"`)
		if want := offsetPos("a.json", src, keyOff); r.KeyPos != want {
			t.Fatalf("%s at %v, want %v", r.ID, r.KeyPos, want)
		}
		if want := offsetPos("a.json", src, keyOff+len(r.ID)+4); r.Pos != want {
			t.Fatalf("%s's value at %v, want %v", r.ID, r.Pos, want)
		}
	}
}

// Parse reads as JSON only the valid JSON that YAML's parser refuses;
// everything else keeps the YAML reading and its messages.
func TestParseFallsBackToJSON(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat(`{"a": `, 70) + "1" + strings.Repeat("}", 70)
	tests := []struct {
		name, src string
		want      string // the answers as id=value (Go syntax), or the error
	}{
		{"escapes", `{"regs": ["a\/b"], "x": "\ud83d\ude00", "size": 3}`, `regs=[]interface {}{"a/b"} x="😀" size="3"`},
		{"shape", `["a\/b"]`, `a.json:1:1: answers must be an object of question ids to answers, not a list`},
		{"plain JSON stays YAML", `{"size": 3, "tech": true}`, `size=3 tech=true`},
		{"duplicate stays YAML", `{"size": 3, "size": 4}`, `a.json:1:13: duplicate answer "size" (first at line 1)`},
		{"broken stays YAML", `{"size": "a\/b"`, `a.json:1:1: invalid YAML: found unknown escape character`},
		{"deep stays YAML", deep, `a.json:1:386: document nested too deeply: more than 64 levels`},
		{"invalid UTF-8 stays YAML", "{\"x\": \"\\/\xff\"}", `a.json:1:10: answers file is not valid UTF-8`},
	}
	for _, tt := range tests {
		raws, err := Parse("a.json", []byte(tt.src))
		var got string
		if err != nil {
			got = err.Error()
		} else {
			got = showRaws(raws)
		}
		if got != tt.want {
			t.Errorf("%s: Parse(%q)\n got %s\nwant %s", tt.name, tt.src, got, tt.want)
		}
	}
}

// ParseJSONAtMost stops reading after max+1 answers, so that a caller that
// allows max knows there are too many without keeping them all.
func TestParseJSONAtMost(t *testing.T) {
	t.Parallel()
	src := []byte(`{"a": 1, "b": 2, "c": 3, "d": 4, "e": [5]}`)
	for _, tt := range []struct{ max, want int }{{0, 5}, {2, 3}, {4, 5}, {5, 5}, {9, 5}} {
		raws, err := ParseJSONAtMost("a.json", src, tt.max)
		if err != nil || len(raws) != tt.want {
			t.Errorf("max %d: %d answers, %v; want %d", tt.max, len(raws), err, tt.want)
		}
	}
	// A document broken after the cut is still refused as a whole.
	if _, err := ParseJSONAtMost("a.json", []byte(`{"a": 1, "b": 2, "c": `), 1); err == nil {
		t.Error("broken JSON after the cut: no error")
	}
}

// showRaws writes answers as id=value (Go syntax), numbers as their text.
func showRaws(raws []Raw) string {
	var b strings.Builder
	for i, r := range raws {
		if i > 0 {
			b.WriteByte(' ')
		}
		v := r.Value
		if n, ok := v.(json.Number); ok {
			v = string(n)
		}
		fmt.Fprintf(&b, "%s=%#v", r.ID, v)
	}
	return b.String()
}
