// Command testsummary reads "go test -json" on stdin and prints what go test
// would, with the output of failing tests, then a list of failures and a
// closing line "N passed, N failed, N skipped". It exits 1 if any failed.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type event struct {
	Action, Package, ImportPath, Test, Output, FailedBuild string
}

func main() {
	output := map[string][]string{} // test output, kept until the test ends
	failedIn := map[string]int{}    // failed tests per package
	var passed, failed, skipped int
	var failures []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			fmt.Println(sc.Text()) // not an event: go's own message
			continue
		}
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "build-output":
			fmt.Print(e.Output)
		case e.Action == "output" && e.Test == "":
			if e.Output != "PASS\n" && e.Output != "FAIL\n" {
				fmt.Print(e.Output)
			}
		case e.Action == "output":
			if !strings.HasPrefix(e.Output, "=== ") {
				output[key] = append(output[key], e.Output)
			}
		case e.Test == "" && e.Action == "fail" && failedIn[e.Package] == 0:
			failed++ // a package that did not build, or failed outside any test
			failures = append(failures, e.Package+" (package)")
		case e.Test == "":
		case e.Action == "pass":
			passed++
			delete(output, key)
		case e.Action == "skip":
			skipped++
			delete(output, key)
		case e.Action == "fail":
			failed++
			failedIn[e.Package]++
			failures = append(failures, e.Package+" "+e.Test)
			fmt.Print(strings.Join(output[key], ""))
			delete(output, key)
		}
	}
	if len(failures) > 0 {
		fmt.Println("\nFailed:")
		for _, f := range failures {
			fmt.Println("  " + f)
		}
	}
	fmt.Printf("\n%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if failed > 0 || sc.Err() != nil {
		os.Exit(1)
	}
}
