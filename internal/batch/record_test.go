package batch

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestJSONRecordParser(t *testing.T) {
	cases := []struct {
		in   string
		raw  map[string]any
		id   string
		err  string
		note string
	}{
		{in: `{}`, raw: map[string]any{}},
		{in: ` { "id" : "a b" , "employees" : 40 } `, raw: map[string]any{"employees": 40}, id: `"a b"`},
		{in: `{"id": {"crm": 1, "n": [1, 2]}}`, raw: map[string]any{}, id: `{"crm":1,"n":[1,2]}`, note: "an object id is compacted"},
		{in: `{"id":1.50}`, raw: map[string]any{}, id: `1.50`, note: "a number id is copied as written"},
		{in: `{"a": -12, "b": 1.5, "c": 1e3, "d": 123456789012345678901}`, raw: map[string]any{"a": -12, "b": json.Number("1.5"), "c": json.Number("1e3"), "d": json.Number("123456789012345678901")}},
		{in: `{"a": true, "b": false, "c": null}`, raw: map[string]any{"a": true, "b": false, "c": nil}},
		{in: `{"a": ["x", 1, [], {}], "b": {"k": "v"}}`, raw: map[string]any{"a": []any{"x", 1, []any{}, map[string]any{}}, "b": map[string]any{"k": "v"}}},
		{in: `{"a": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x"}`, raw: map[string]any{"a": "q\"\\/\b\f\n\r\té😀\ufffdx"}},
		{in: `{"emp\u006coyees": 3}`, raw: map[string]any{"employees": 3}, note: "escaped keys"},
		{in: ``, err: "column 1: empty record"},
		{in: `[1, 2]`, err: "column 1: a record must be a JSON object keyed by question id, not a list"},
		{in: `"x"`, err: "column 1: a record must be a JSON object keyed by question id, not a string"},
		{in: `null`, err: "column 1: a record must be a JSON object keyed by question id, not a null"},
		{in: `false`, err: "column 1: a record must be a JSON object keyed by question id, not a boolean"},
		{in: `not json`, err: "column 1: a record must be a JSON object keyed by question id, not a value starting with 'n'"},
		{in: `falsey`, err: "column 1: a record must be a JSON object keyed by question id, not a value starting with 'f'"},
		{in: `{"a": 1} x`, err: `column 10: unexpected 'x' after the record's object`},
		{in: `{"a": 1}{}`, err: `column 9: unexpected '{' after the record's object`},
		{in: `{"a": 1, "a": 2}`, err: `column 10: duplicate key "a"`},
		{in: `{"id": 1, "id": 2}`, err: `column 11: duplicate key "id"`},
		{in: `{"a" 1}`, err: `column 6: unexpected '1', want ':' after the key`},
		{in: `{"a": 1,}`, err: `column 9: unexpected '}', want a quoted key`},
		{in: `{a: 1}`, err: `column 2: unexpected 'a', want a quoted key`},
		{in: `{"a": 01}`, err: `column 7: invalid number: leading zero`},
		{in: `{"a": 1.}`, err: `column 9: invalid number: want a digit after '.'`},
		{in: `{"a": -}`, err: `column 8: invalid number: want a digit`},
		{in: `{"a": 1e}`, err: `column 9: invalid number: want a digit in the exponent`},
		{in: `{"a": tru}`, err: `column 7: invalid literal, want true`},
		{in: `{"a": "x\qy"}`, err: `column 9: invalid escape \q in string`},
		{in: `{"a": "\é"}`, err: `column 8: invalid escape \é in string`, note: "the character, not its first byte"},
		{in: "{\"a\": \"\\\r\"}", err: `column 8: invalid escape: a backslash before '\r' in string`, note: "never a raw control character"},
		{in: "{\"a\": \"\\\x1b[2J\"}", err: `column 8: invalid escape: a backslash before '\x1b' in string`},
		{in: "{\"a\": \"\\\xff\"}", err: `column 7: string is not valid UTF-8`},
		{in: `{"a": "\u12"}`, err: `column 8: invalid \u escape`},
		{in: "{\"a\": \"x\ty\"}", err: `column 9: control character '\t' in string`},
		{in: `{"a": "é` + "\xff" + `"}`, err: `column 7: string is not valid UTF-8`},
		{in: `{"a": "abc`, err: `column 7: unterminated string`},
		{in: `{"a": [1 2]}`, err: `column 10: unexpected '2', want ',' or ']'`},
		{in: `{"a": ` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`, err: `column 71: values nested too deeply: more than 64 levels`},
		{in: `{"é": x}`, err: `column 7: unexpected 'x', want a value`, note: "columns count characters"},
		// Past manyUnknown keys, unknown keys are found in a map: the
		// duplicate is still found, the first of them included.
		{in: `{"employees": 1, ` + manyKeys(100) + `, "k0": 2}`, err: `column 1098: duplicate key "k0"`},
		{in: `{` + manyKeys(100) + `, "employees": 1, "k99": 2}`, err: `column 1098: duplicate key "k99"`},
	}
	for _, c := range cases {
		p := jsonParser{known: newKnown([]string{"employees"}, nil), seen: make([]bool, 1)}
		id, pairs, err := p.parseRecord([]byte(c.in), nil)
		raw := map[string]any{}
		for _, pr := range pairs {
			raw[pr.key] = pr.val
		}
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(raw, c.raw) || string(id) != c.id {
			t.Errorf("%s (%s): got %#v id %s, want %#v id %s", c.in, c.note, raw, id, c.raw, c.id)
		}
	}
}

// manyKeys is n members "k0": 0, "k1": 1, ... of a JSON object.
func manyKeys(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"k%d": %d`, i, i)
	}
	return strings.Join(parts, ", ")
}

// TestJSONRecordParserAgreesWithEncodingJSON: whatever encoding/json
// accepts as an object, the parser reads the same values.
func TestJSONRecordParserAgreesWithEncodingJSON(t *testing.T) {
	docs := []string{
		`{"employees": 40, "x": [true, null, "s", -0.5e-3], "y": {"z": "\u2028"}}`,
		`{"a":"` + strings.Repeat(`\\`, 40) + `","b":"\"quoted\""}`,
		`{"a": 9007199254740993}`,
	}
	for _, d := range docs {
		var want map[string]any
		if err := json.Unmarshal([]byte(d), &want); err != nil {
			t.Fatal(err)
		}
		p := jsonParser{}
		_, pairs, err := p.parseRecord([]byte(d), nil)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		raw := map[string]any{}
		for _, pr := range pairs {
			raw[pr.key] = pr.val
		}
		if fmt.Sprint(normalize(raw)) != fmt.Sprint(want) {
			t.Errorf("%s:\n got %v\nwant %v", d, normalize(raw), want)
		}
	}
}

// normalize turns the parser's ints and json.Numbers into float64, as
// encoding/json gives them.
func normalize(v any) any {
	switch v := v.(type) {
	case int:
		return float64(v)
	case json.Number:
		f, _ := v.Float64()
		return f
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalize(x)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = normalize(x)
		}
		return out
	}
	return v
}

func TestCSVFields(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		err  string
	}{
		{in: "a,b,c", want: []string{"a", "b", "c"}},
		{in: "a,,", want: []string{"a", "", ""}},
		{in: "", want: []string{""}},
		{in: ` a , b `, want: []string{" a ", " b "}},
		{in: `"a,b","c""d",""`, want: []string{"a,b", `c"d`, ""}},
		{in: "\"multi\nline\",x", want: []string{"multi\nline", "x"}},
		{in: `"a"b`, err: `column 1, character 4: extraneous 'b' after a quoted field`},
		{in: `a"b`, err: `column 1, character 2: bare " in a field without quotes`},
		{in: `x,"abc`, err: `column 2, character 3: quoted field has no closing quote`},
	}
	for _, c := range cases {
		fields, _, err := csvFields([]byte(c.in), nil, nil)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		var got []string
		for _, f := range fields {
			got = append(got, string(f))
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %q (%v), want %q", c.in, got, err, c.want)
		}
	}
}

// TestCSVRecordEnds checks the reader's scan for the end of a record:
// newlines inside quotes do not end it.
func TestCSVRecordEnds(t *testing.T) {
	in := "a,b\n\"x\ny\",\"he said \"\"hi\n\"\"\"\nplain,\"q\"\n" + `z,"w"` // no final newline
	sp := newSplitter(strings.NewReader(in), true, 1<<20)
	var buf []byte
	var got []string
	var lines []int
	for {
		rec, err := sp.next(&buf)
		if err != nil {
			break
		}
		got = append(got, string(buf[rec.start:rec.end]))
		lines = append(lines, rec.line)
	}
	want := []string{"a,b", "\"x\ny\",\"he said \"\"hi\n\"\"\"", `plain,"q"`, `z,"w"`}
	if !reflect.DeepEqual(got, want) || fmt.Sprint(lines) != "[1 2 5 6]" {
		t.Errorf("records %q at lines %v, want %q at [1 2 5 6]", got, lines, want)
	}
}
