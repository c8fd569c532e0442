package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromium finds a Chromium to drive. Without one the browser test is
// skipped on a developer's machine, but fails in CI (CI=true), where
// .ci/run installs it: a browser test that CI silently skips tests nothing.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium on PATH: CI must run the browser test (.ci/run installs Debian's chromium package)")
	}
	t.Skip("no Chromium on PATH (apt-get install chromium); CI runs this test")
	return ""
}

// browser starts a headless Chromium for the test, offline and with its
// own profile, and records the errors its pages report (a script error, a
// resource the CSP refused).
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1000, 1400),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(ctx)
	t.Cleanup(cancelBrowser)
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	add := func(p string) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, p)
	}
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	entries := chromedp.Events(ctx, log.EntryAdded)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			add(fmt.Sprintf("script error: %s %s:%d", ev.ExceptionDetails.Text, ev.ExceptionDetails.URL, ev.ExceptionDetails.LineNumber))
		}
	}()
	go func() {
		for ev, err := range entries {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError {
				add(fmt.Sprintf("%s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// cliHeadline is the headline of `advise -o json` for the flags: the
// recommendation in words, as the page shows it.
func cliHeadline(t *testing.T, flags ...string) string {
	t.Helper()
	var r struct{ Headline string }
	if err := json.Unmarshal([]byte(cli(t, "", append([]string{"advise", "-o", "json"}, flags...)...)), &r); err != nil {
		t.Fatal(err)
	}
	return r.Headline
}

// run runs one action and fails the test on an error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// do runs actions in order and fails the test on an error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// hidden reports whether a question's block is hidden.
func hidden(id string) chromedp.Action[bool] {
	return chromedp.Evaluate[bool](fmt.Sprintf(`document.getElementById(%q).hidden`, "q-"+id))
}

// headline is the recommendation the report page shows.
func headline(t *testing.T, ctx context.Context) string {
	t.Helper()
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("p.headline")))
	return run(t, ctx, chromedp.Text(chromedp.CSS("p.headline")))
}

// tabTo presses Tab until the element with the id has the focus, checking
// that every control it reaches shows a visible focus.
func tabTo(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for range 80 {
			focus, err := chromedp.Evaluate[struct {
				ID, Outline, Width string
			}](`(() => { const e = document.activeElement; const s = getComputedStyle(e);
				return {ID: e.id, Outline: s.outlineStyle, Width: s.outlineWidth}; })()`)(ctx, t)
			if err != nil {
				return err
			}
			if focus.ID != "" && focus.ID != "main" && (focus.Outline == "none" || focus.Width == "0px") {
				return fmt.Errorf("#%s has the focus but shows none (outline %s %s)", focus.ID, focus.Outline, focus.Width)
			}
			if focus.ID == id {
				return nil
			}
			if _, err := chromedp.KeyEvent(kb.Tab)(ctx, t); err != nil {
				return err
			}
		}
		return fmt.Errorf("80 presses of Tab did not reach #%s", id)
	})
}

// readAloud counts the pieces of text that a screen reader reads on the
// page and that are s: the text nodes of the browser's accessibility tree
// (those hidden from it, such as aria-hidden ones, are left out).
func readAloud(t *testing.T, ctx context.Context, s string) int {
	t.Helper()
	tree, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, node := range tree.Nodes {
		if node.Ignored || node.Role == nil || node.Name == nil || string(node.Role.Value) != `"StaticText"` {
			continue
		}
		var name string
		if json.Unmarshal([]byte(node.Name.Value), &name) == nil && strings.TrimSpace(name) == s {
			n++
		}
	}
	return n
}

// within bounds a subtest's actions, so that a page that never shows what
// is awaited fails in seconds.
func within(t *testing.T, ctx context.Context) context.Context {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestBrowser drives the questionnaire in a real browser (headless
// Chromium): with a mouse and the script, by keyboard alone, and with
// JavaScript off. Each time a question appears only after an earlier
// answer, and the recommendation shown is the command line's for the same
// answers.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx, problems := browser(t)
	web := httptest.NewServer(newServer(t))
	defer web.Close()
	base := web.URL

	t.Run("with the script", func(t *testing.T) {
		ctx := within(t, ctx)
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("employees")))
		if !run(t, ctx, hidden("engineers")) {
			t.Fatal("the engineers question shows before it applies")
		}
		do(t, ctx,
			chromedp.SendKeys(chromedp.ID("employees"), "40"),
			chromedp.Click(chromedp.ID("product_driven-0")), // Yes
			// The script asks the server, which says engineers now applies.
			chromedp.WaitVisible(chromedp.ID("engineers")),
			// Clear the default 0 (SetValue cannot read back the empty
			// value of a text field).
			chromedp.Clear(chromedp.ID("engineers")),
			chromedp.SendKeys(chromedp.ID("engineers"), "6"),
			chromedp.Click(chromedp.ID("compliance-0")), // SOC 2
			chromedp.Click(chromedp.ID("compliance-1")), // HIPAA
			chromedp.Click(chromedp.ID("submit")),
		)
		got := headline(t, ctx)
		if want := cliHeadline(t, "--employees", "40", "--product-driven", "--engineers", "6", "--compliance", "soc2,hipaa"); got != want {
			t.Errorf("the page recommends %q, the command line %q", got, want)
		}
		if url, want := run(t, ctx, chromedp.Location()), base+"/advice?employees=40&product_driven=true&engineers=6&compliance=soc2,hipaa"; url != want {
			t.Errorf("the permalink is %s, want %s", url, want)
		}
	})

	t.Run("a number typed with separators", func(t *testing.T) {
		ctx := within(t, ctx)
		do(t, ctx,
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(chromedp.ID("employees")),
			chromedp.SendKeys(chromedp.ID("employees"), "1,200"),
			chromedp.Click(chromedp.ID("product_driven-0")), // Yes
			// The script sends 1200 to the API, which keeps to digits.
			chromedp.WaitVisible(chromedp.ID("engineers")),
			chromedp.Click(chromedp.ID("submit")),
		)
		got := headline(t, ctx)
		if want := cliHeadline(t, "--employees", "1200", "--product-driven"); got != want {
			t.Errorf("the page recommends %q, the command line %q", got, want)
		}
		if url, want := run(t, ctx, chromedp.Location()), base+"/advice?employees=1200&product_driven=true"; !strings.HasPrefix(url, want) {
			t.Errorf("the permalink is %s, want it to start %s", url, want)
		}
	})

	t.Run("by keyboard alone", func(t *testing.T) {
		ctx := within(t, ctx)
		do(t, ctx,
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(chromedp.ID("employees")),
			tabTo("employees"),
			chromedp.KeyEvent("250"),
			tabTo("product_driven-0"),
			chromedp.KeyEvent(" "), // Yes
			chromedp.WaitVisible(chromedp.ID("engineers")),
			tabTo("engineers"),
			chromedp.KeyEvent(kb.Backspace+"30"), // over the default 0
			tabTo("submit"),
			chromedp.KeyEvent(kb.Enter),
		)
		got := headline(t, ctx)
		if want := cliHeadline(t, "--employees", "250", "--product-driven", "--engineers", "30"); got != want {
			t.Errorf("the page recommends %q, the command line %q", got, want)
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		ctx := within(t, ctx)
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		defer chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		do(t, ctx,
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(chromedp.ID("employees")),
			chromedp.SendKeys(chromedp.ID("employees"), "12"),
			chromedp.Click(chromedp.ID("product_driven-1")), // No
			chromedp.Click(chromedp.ID("rd_intensity-2")),   // Core research
		)
		if !run(t, ctx, hidden("engineers")) {
			t.Error("without script, the engineers question shows before a submit")
		}
		do(t, ctx,
			chromedp.Click(chromedp.ID("submit")),
			// The form comes back with the questions that now apply.
			chromedp.WaitVisible(chromedp.ID("new-questions")),
		)
		if notice := run(t, ctx, chromedp.Text(chromedp.ID("new-questions"))); !strings.Contains(notice, "How many engineers does the organisation direct?") {
			t.Errorf("the new questions are not pointed out: %q", notice)
		}
		do(t, ctx,
			chromedp.SetValue(chromedp.ID("engineers"), "4"),
			chromedp.Click(chromedp.ID("submit")),
		)
		got := headline(t, ctx)
		if want := cliHeadline(t, "--employees", "12", "--product-driven=false", "--rd-intensity", "core", "--engineers", "4"); got != want {
			t.Errorf("the page recommends %q, the command line %q", got, want)
		}
	})

	t.Run("the full report, kept through the form", func(t *testing.T) {
		ctx := within(t, ctx)
		q := "employees=40&product_driven=true&engineers=6&compliance=soc2,hipaa"
		do(t, ctx,
			chromedp.Navigate(base+"/advice?"+q),
			chromedp.WaitVisible(chromedp.ID("full-report")),
			chromedp.Click(chromedp.ID("full-report")),
			// The full report gives the disputed points the brief one
			// counted.
			chromedp.WaitVisible(chromedp.ID("disputes")),
			chromedp.Click(chromedp.ID("change")),
			chromedp.WaitVisible(chromedp.ID("employees")),
			chromedp.SetValue(chromedp.ID("employees"), "45"),
			chromedp.Click(chromedp.ID("submit")),
			chromedp.WaitVisible(chromedp.ID("disputes")),
		)
		want := base + "/advice?" + strings.Replace(q, "40", "45", 1) + "&_full=true"
		if url := run(t, ctx, chromedp.Location()); url != want {
			t.Errorf("changing the answers of the full report leads to %s, want %s", url, want)
		}
		if got := headline(t, ctx); got != cliHeadline(t, "--employees", "45", "--product-driven", "--engineers", "6", "--compliance", "soc2,hipaa") {
			t.Errorf("the full report recommends %q, unlike the command line", got)
		}
	})

	t.Run("each text read once", func(t *testing.T) {
		ctx := within(t, ctx)
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("employees")))
		const title = "Which technology leadership does your organisation need?"
		if n := readAloud(t, ctx, title); n != 1 {
			t.Errorf("a screen reader reads %q %d times on the questionnaire, want once", title, n)
		}
	})

	if p := problems(); len(p) > 0 {
		t.Errorf("the pages reported errors:\n%s", strings.Join(p, "\n"))
	}
}
