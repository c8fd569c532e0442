package encode

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// AppendString and AppendFloat write what encoding/json writes without
// HTML escaping, for every ASCII byte, tricky runes and invalid UTF-8, and
// numbers at the edges of each form.
func TestAppendMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	strs := []string{"", "plain", `q"b\s`, "a<b&c>d", "\u2028\u2029", "bad \xff\xfe", "caf\u00e9 \U0001F600", "\x7f"}
	for c := range 0x80 {
		strs = append(strs, "x"+string(rune(c))+"y")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		strs = append(strs, string(b))
	}
	for _, s := range strs {
		if got, want := AppendString(nil, s), marshal(t, s); !bytes.Equal(got, want) {
			t.Errorf("AppendString(%q) = %s, encoding/json %s", s, got, want)
		}
	}
	nums := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 1.5e300, -2e-9, 5e-324, math.MaxFloat64, 40.000000000000001}
	for range 500 {
		nums = append(nums, math.Float64frombits(rng.Uint64()))
	}
	for _, f := range nums {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			if got := AppendFloat(nil, f); string(got) != "null" {
				t.Errorf("AppendFloat(%v) = %s, want null", f, got)
			}
			continue
		}
		if got, want := AppendFloat(nil, f), marshal(t, f); !bytes.Equal(got, want) {
			t.Errorf("AppendFloat(%v) = %s, encoding/json %s", f, got, want)
		}
	}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
