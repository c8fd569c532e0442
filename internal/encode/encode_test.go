package encode

import (
	"bytes"
	"testing"
)

func TestJSON(t *testing.T) {
	t.Parallel()
	data, err := JSON(map[string]any{"k": "a<b&c"})
	if err != nil || string(data) != "{\n  \"k\": \"a<b&c\"\n}\n" {
		t.Errorf("%q %v", data, err)
	}
}

func TestYAMLKeepsJSONOrderAndTypes(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := JSONToYAML(&b, []byte(`{"z": "yes", "a": [1, "2"], "m": {"x": null}}`)); err != nil {
		t.Fatal(err)
	}
	want := "z: yes\na:\n  - 1\n  - \"2\"\nm:\n  x: null\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
