package config

import (
	"strings"
	"testing"
)

// FuzzParseConfig feeds arbitrary bytes to Parse, the config file reader:
// it must never panic, and an error is one line naming the file.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"output: json\nrules: my.yaml\nno_color: true\nno_input: false\nanswers:\n  size: 3\n",
		"output: [json\n", "colour: red\n", "output: 3\n", "output: a\noutput: b\n",
		"answers: [1]\n", "answers:\n  a: 1\n  a: 2\n", "- x\n", "", "# only\n", "a: 1\n---\nb: 2\n",
		"answers: ~\n", "no_color: yes please\n", "\ufeffoutput: json\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse("c.yaml", src)
		if err != nil {
			checkOneLine(t, err, "c.yaml")
			return
		}
		if c == nil {
			t.Fatal("no config and no error")
		}
		for _, a := range c.Answers {
			if a.ID == "" || a.Pos.Line < 1 {
				t.Fatalf("answer without an id or a position: %+v", a)
			}
		}
	})
}

// checkOneLine fails unless err is a non-empty one-line message starting
// with prefix.
func checkOneLine(t *testing.T, err error, prefix string) {
	t.Helper()
	msg := err.Error()
	if msg == "" || strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, prefix) {
		t.Fatalf("error %q: want one line starting with %q", msg, prefix)
	}
}
