package rules

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

// exprErrorRules is a rules file with one question of each kind, whose
// rule's condition is WHEN.
const exprErrorRules = `version: 1
sources: {s: {title: S, ref: s.txt}}
questions:
  - {id: size, type: int, prompt: Size, help: Headcount., min: 0, max: 1000, required: true}
  - {id: kind, type: choice, prompt: Kind, help: Kind., options: [{id: shop, label: Shop}, {id: lab, label: Lab}], default: shop}
  - {id: regs, type: multi, prompt: Regs, help: Regs., options: [{id: gdpr, label: GDPR}, {id: soc2, label: SOC 2}]}
  - {id: prod, type: bool, prompt: Prod, help: Prod., default: false}
roles:
  - {id: boss, title: Boss, fractional_title: Part-time boss, label: boss, fractional_label: pboss}
rules:
  - id: big
    description: Big.
    when: WHEN
    add: {boss: 1}
    sources: [s]
decide:
  boss:
    - {when: score >= 1, level: full-time, because: Big.}
    - {level: none, because: Small.}
`

// An expression that expr cannot parse or type is reported in words a
// rule's author knows, at expr's place, with expr's own words kept in
// ExprMessage for the JSON; what is not reworded keeps expr's words alone.
func TestExprErrorsForAuthors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		when, want, exprWords string
	}{
		// The condition ends too early.
		{`size > 10 and`, `13:24: rule big: when: the condition ends too early, after ` + "`and`", "unexpected token EOF"},
		{`size >`, `13:17: rule big: when: the condition ends too early, after ` + "`>`", "unexpected token EOF"},
		{`(size > 10 and prod`, `13:30: rule big: when: the condition ends before its ` + "`(`" + ` is closed: add ` + "`)`", "unexpected token EOF"},
		{`kind in ['shop', 'lab'`, `13:33: rule big: when: the condition ends before its ` + "`[`" + ` is closed: add ` + "`]`", "unexpected token EOF"},
		{`size > 10 ? prod`, `13:27: rule big: when: the condition ends too early`, "unexpected token EOF"},
		{`kind == 'lab`, `13:24: rule big: when: a quoted text is not closed: end it with ` + "`'`", "literal not terminated"},
		// Something unexpected.
		{`size > 10)`, `13:21: rule big: when: unexpected ` + "`)`: no `(`" + ` opens it`, `unexpected token Bracket(")")`},
		{`size > ()`, `13:20: rule big: when: unexpected ` + "`)` after `(`" + `: a value is missing between them`, `unexpected token Bracket(")")`},
		{`size > 10 and and prod`, `13:26: rule big: when: unexpected ` + "`and` after `and`" + `: a value is missing between them`, `unexpected token Operator("and")`},
		{`size > 10 kind == 'lab'`, `13:22: rule big: when: unexpected ` + "`kind`: an operator (such as `and`, `or`, `==` or `>`)" + ` is missing before it`, `unexpected token Identifier("kind")`},
		{`kind = 'lab'`, `13:17: rule big: when: unexpected ` + "`=`: to compare, write `==`", `unexpected token Operator("=")`},
		{`size > 10 AND prod`, `13:22: rule big: when: unexpected ` + "`AND`: write `and`" + `, in lower case`, `unexpected token Identifier("AND")`},
		{`size > 1,000`, `13:20: rule big: when: unexpected ` + "`,`" + ` in a number: write it without separators, as 1000 or 1_000`, `unexpected token Operator(",")`},
		{`size ≥ 10`, `13:17: rule big: when: unexpected ` + "`≥`: write `>=`", `unrecognized character: U+2265 '≥'`},
		{`kind == ‘lab’`, `13:20: rule big: when: unexpected ` + "`‘`: write `'`", `unrecognized character: U+2018 '‘'`},
		// Types that do not fit.
		{`size > 'ten'`, `13:17: rule big: when: ` + "`>`" + ` cannot compare size (a whole number) with 'ten' (text)`, "invalid operation: > (mismatched types int and string)"},
		{`prod == 1`, `13:17: rule big: when: ` + "`==`" + ` cannot compare prod (true or false) with 1 (a number)`, "invalid operation: == (mismatched types bool and int)"},
		{`regs == 'gdpr'`, `13:17: rule big: when: ` + "`==`" + ` cannot compare regs (a list of options) with 'gdpr' (text); to ask whether regs holds 'gdpr', write 'gdpr' in regs`, "invalid operation: == (mismatched types []string and string)"},
		{`'gdpr' in kind`, `13:19: rule big: when: ` + "`in`" + ` looks in a list, but kind is an option: to compare, write kind == 'gdpr'`, "invalid operation: in (mismatched types string and string)"},
		{`size > 10 and kind`, `13:22: rule big: when: ` + "`and`" + ` joins conditions that are true or false, but kind is an option: compare it, as in ` + "`kind == 'shop'`", "invalid operation: and (mismatched types bool and string)"},
		{`size > 10 and size + 1`, `13:22: rule big: when: ` + "`and`" + ` joins conditions that are true or false, but its right side is a number: compare it, as in ` + "`size + 1 > 10`", "invalid operation: and (mismatched types bool and int)"},
		{`size + 'x' > 1`, `13:17: rule big: when: ` + "`+`" + ` cannot combine size (a whole number) with 'x' (text)`, "invalid operation: + (mismatched types int and string)"},
		{`not size`, `13:12: rule big: when: ` + "`not`" + ` needs true or false, but size is a whole number: compare it, as in ` + "`size > 10`", "invalid operation: not (mismatched type int)"},
		{`-kind == 1`, `13:12: rule big: when: ` + "`-`" + ` needs a number, but kind is an option`, "invalid operation: - (mismatched type string)"},
		// Not true or false.
		{`size + 1`, `13:11: rule big: when: the condition must be true or false, but it is a number: compare it, as in ` + "`size + 1 > 10`", "expected bool, but got int"},
		{`regs`, `13:11: rule big: when: the condition must be true or false, but regs is a list of options: compare it, as in ` + "`'gdpr' in regs`", "expected bool, but got []string"},
		{`kind`, `13:11: rule big: when: the condition must be true or false, but kind is an option: compare it, as in ` + "`kind == 'shop'`", "expected bool, but got string"},
		// Left in expr's words: no ExprMessage.
		{`size.x > 1`, `13:17: rule big: when: type int has no field x`, ""},
		{`len(size) > 1`, `13:12: rule big: when: invalid argument for len (type int)`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.when, func(t *testing.T) {
			t.Parallel()
			src := strings.Replace(exprErrorRules, "WHEN", `"`+tt.when+`"`, 1)
			_, _, err := Load("t.yaml", []byte(src))
			var le *LoadError
			if !errors.As(err, &le) || len(le.Errors()) != 1 {
				t.Fatalf("Load: %v, want one error", err)
			}
			d := le.Errors()[0]
			if got := d.String(); got != "t.yaml:"+tt.want {
				t.Errorf("error\n\t%s\nwant\n\tt.yaml:%s", got, tt.want)
			}
			if d.ExprMessage != tt.exprWords {
				t.Errorf("expr's words %q, want %q", d.ExprMessage, tt.exprWords)
			}
		})
	}
}

// The kind of a parse or type error is read from expr's message, for expr
// has no typed error that says it (see exprerror.go). These are the words
// read: an expr upgrade that changes them fails here.
func TestExprErrorsKeepExprWords(t *testing.T) {
	t.Parallel()
	rs := mustLoad(t, strings.Replace(exprErrorRules, "WHEN", "size > 1", 1))
	cfg := newExprConfig(rs.envFor(scopeAnswers))
	parse := func(src string) string {
		_, err := parser.ParseWithConfig(src, cfg)
		var fe *file.Error
		if !errors.As(err, &fe) {
			t.Fatalf("parse %q: %v, want a *file.Error", src, err)
		}
		return fe.Message
	}
	if got := parse("size >"); got != "unexpected token EOF" {
		t.Errorf("the end: %q", got)
	}
	if got := parse("size > 1)"); !strings.HasPrefix(got, "unexpected token ") {
		t.Errorf("a token: %q", got)
	}
	if got := parse("kind == 'lab"); got != "literal not terminated" {
		t.Errorf("an open quote: %q", got)
	}
	check := func(src string) error {
		tree, err := parser.ParseWithConfig(src, cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = checker.Check(tree, cfg)
		return err
	}
	var fe *file.Error
	if err := check("size > 'ten'"); !errors.As(err, &fe) || !strings.HasPrefix(fe.Message, "invalid operation: ") {
		t.Errorf("a type mismatch: %v", err)
	}
	// Not true or false is the one error that is no *file.Error.
	if err := check("size + 1"); err == nil || errors.As(err, &fe) {
		t.Errorf("not true or false: %v (%v)", err, reflect.TypeOf(err))
	}
}
