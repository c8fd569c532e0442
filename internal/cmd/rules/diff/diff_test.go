package diff

import (
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
)

func TestNewCmdDiff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want DiffOptions
		err  string
	}{
		{args: []string{"embedded", "new.yaml"}, want: DiffOptions{Old: "embedded", New: "new.yaml", Population: 10_000, Seed: 1, Examples: 3, Output: "text"}},
		{args: []string{"a.yaml", "b.yaml", "--cases", "c1.yaml", "--cases", "c2.yaml", "--population", "0", "--seed", "7", "--examples", "0", "--fail-on-change", "-o", "json"},
			want: DiffOptions{Old: "a.yaml", New: "b.yaml", Cases: []string{"c1.yaml", "c2.yaml"}, Seed: 7, FailOnChange: true, Output: "json"}},
		{args: []string{"a.yaml"}, err: "name the two rules files to compare, old then new, such as `orgadvisor rules diff embedded my-rules.yaml`; got 1 argument"},
		{args: []string{"a.yaml", "b.yaml", "c.yaml"}, err: "name the two rules files to compare, old then new, such as `orgadvisor rules diff embedded my-rules.yaml`; got 3 arguments"},
		{args: []string{"a.yaml", "b.yaml", "--population", "10000001"}, err: "`--population`: 10000001 is out of range; want 0 to 10000000"},
		{args: []string{"a.yaml", "b.yaml", "--seed", "-1"}, err: "`--seed`: \"-1\" is not a whole number of 0 or more"},
	} {
		f, _ := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
		var got *DiffOptions
		err := cmdtest.ParseFlags(NewCmdDiff(f, func(o *DiffOptions) error { got = o; return nil }), tc.args)
		if !cmdtest.CheckError(t, tc.args, err, tc.err) || tc.err != "" {
			continue
		}
		if got.Old != tc.want.Old || got.New != tc.want.New || strings.Join(got.Cases, ",") != strings.Join(tc.want.Cases, ",") ||
			got.Population != tc.want.Population || got.Seed != tc.want.Seed || got.Examples != tc.want.Examples ||
			got.FailOnChange != tc.want.FailOnChange || got.Output != tc.want.Output {
			t.Errorf("%v: options %+v, want %+v", tc.args, *got, tc.want)
		}
	}
}
