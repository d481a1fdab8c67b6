package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"course/internal/live"
)

// chromium finds the browser the browser tests drive: Debian's Chromium,
// which .ci/run installs. Outside CI a test without it is skipped; in CI
// it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "" {
		t.Skip("no Chromium on this computer (apt-get install chromium): the browser tests need it, and run in CI")
	}
	t.Fatal("no Chromium: .ci/run installs Debian's chromium package for the browser tests")
	return ""
}

// browser starts a headless Chromium for the test, with a window of a
// laptop's size.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.WindowSize(1100, 760),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// browserBound is how long a test waits for a step in the browser: longer
// than bound, as Chromium shares CI's two cores with every other test.
const browserBound = 45 * time.Second

// run runs actions in tab ctx, failing the test after browserBound.
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, browserBound)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		quiet, stop := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		shown, _ := chromedp.Run(quiet, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		stop()
		t.Fatalf("%s: %v; the page shows:\n%s", what, err, shown)
	}
}

// showing waits until the element sel's text holds every one of wants.
func showing(sel string, wants ...string) chromedp.Action[chromedp.Void] {
	return waitText(sel, func(text string) bool { return containsAll(text, wants) })
}

// waitText waits until the element sel's text is as done wants.
func waitText(sel string, done func(string) bool) chromedp.Action[chromedp.Void] {
	read := chromedp.Evaluate[string](`(document.querySelector(` + quoteJS(sel) + `) || {}).innerText || ""`)
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for {
			text, err := read(ctx, tg)
			if err != nil {
				return chromedp.Void{}, err
			}
			if done(text) {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

func quoteJS(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// press types keys as a person's keyboard does: for each, a key down that
// carries its text, then a key up. (chromedp's KeyEvent sends a separate
// char event as well, which xterm.js takes as a second key press.)
func press(keys string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, r := range keys {
			var down *input.DispatchKeyEventParams
			for _, k := range kb.Encode(r) {
				switch k.Type {
				case kb.KeyDown:
					down = k
					down.Type = "rawKeyDown"
					continue
				case kb.KeyChar:
					down.Type, down.Text, down.UnmodifiedText = kb.KeyDown, k.Text, k.UnmodifiedText
					continue
				case kb.KeyUp:
					if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, *down); err != nil {
						return err
					}
				}
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, *k); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// feedbackShown waits until sel shows an answer's feedback.
func feedbackShown(sel string) chromedp.Action[chromedp.Void] {
	return waitText(sel, func(text string) bool {
		return strings.Contains(text, "Correct.") || strings.Contains(text, "Not quite.") || strings.Contains(text, "Not correct.")
	})
}

// screenshot keeps a picture of the page in the folder COURSE_SCREENSHOTS
// names, when it names one (docs/ holds those of the guides).
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("COURSE_SCREENSHOTS")
	if dir == "" {
		return
	}
	run(t, ctx, "settling", chromedp.Sleep(300*time.Millisecond))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Error(err)
	}
}

// TestInChromium: in a real browser, the link from the letter fills in
// the code; the course's screens open and take an answer; a reload goes
// straight back to the course; a second tab takes over the first.
func TestInChromium(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	m, code := tw.invite("Ffion Hughes")
	ctx := browser(t)
	const terminal = ".xterm-rows"
	run(t, ctx, "signing in with the letter's link",
		chromedp.Navigate(tw.url+"/#code="+code),
		chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.Click(chromedp.CSS("button.main")),
		showing(terminal, tw.course.Modules[0].Title),
	)
	screenshot(t, ctx, "browser-screens.png")
	run(t, ctx, "answering a question",
		press("1"),
		showing(terminal, "t quiz"),
		press("t"),
		showing(terminal, "Question 1 of"),
		press("1"),
		press(kb.Enter),
		feedbackShown(terminal),
	)
	if n := tw.answered(m.Number); n != 1 {
		t.Errorf("%d answers on the record, want 1", n)
	}
	run(t, ctx, "coming back", chromedp.Reload(), showing(terminal, tw.course.Modules[0].Title))

	second, cancel := chromedp.NewContext(ctx)
	defer cancel()
	run(t, second, "opening a second tab", chromedp.Navigate(tw.url+"/"), showing(terminal, tw.course.Modules[0].Title))
	run(t, ctx, "the first tab after the second opened",
		showing(terminal, "opened in another window"),
		showing("#status", "Reload the page"),
	)
}

// TestPlainPageInChromium: the plain page answers a question with the
// keyboard alone, into its live region.
func TestPlainPageInChromium(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	m, code := tw.invite("Robin Hart")
	ctx := browser(t)
	run(t, ctx, "signing in",
		chromedp.Navigate(tw.url+"/"),
		chromedp.SendKeys(chromedp.ID("code"), code+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("nav.bar")),
		chromedp.Navigate(tw.url+"/plain"),
		showing("#log", "Hello, Robin Hart.", "Type a module number"),
	)
	run(t, ctx, "answering a question with the keyboard",
		chromedp.SendKeys(chromedp.ID("line"), "1"+kb.Enter),
		showing("#log", "Press enter for the next page"),
		chromedp.SendKeys(chromedp.ID("line"), "quiz"+kb.Enter),
		showing("#log", "Question 1 of"),
		chromedp.SendKeys(chromedp.ID("line"), "1"+kb.Enter),
		feedbackShown("#log"),
	)
	screenshot(t, ctx, "browser-plain.png")
	if n := tw.answered(m.Number); n != 1 {
		t.Errorf("%d answers on the record, want 1", n)
	}
}

// scheme has the browser prefer a dark or light scheme, as a computer's
// setting does.
func scheme(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: name}}})
		return err
	})
}

// foreground waits until the terminal's text colour is want.
func foreground(want string) chromedp.Action[chromedp.Void] {
	read := chromedp.Evaluate[string](`(() => { const v = document.querySelector(".xterm-rows"); return v ? getComputedStyle(v).color : ""; })()`)
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for {
			got, err := read(ctx, tg)
			if err != nil || got == want {
				return chromedp.Void{}, err
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("the terminal's text colour is %s, want %s: %w", got, want, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// TestSchemeInChromium: the terminal takes the browser's light or dark
// scheme, and follows it when it changes.
func TestSchemeInChromium(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	_, code := tw.invite("Nia Bello")
	ctx := browser(t)
	run(t, ctx, "opening the course in the dark",
		scheme("dark"),
		chromedp.Navigate(tw.url+"/#code="+code),
		chromedp.Click(chromedp.CSS("button.main")),
		showing(".xterm-rows", tw.course.Modules[0].Title),
		foreground("rgb(232, 232, 232)"),
	)
	run(t, ctx, "the computer turning light", scheme("light"), foreground("rgb(26, 26, 26)"),
		showing(".xterm-rows", tw.course.Modules[0].Title))
}
