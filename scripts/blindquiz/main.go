// Command blindquiz measures whether a course's quizzes can be passed
// without learning the guidance: it prints every question with its options
// in a random order and nothing else (no lesson, no feedback, no citation,
// no right answer), for readers who have read neither the lessons nor the
// guidance, and then scores what they chose, module by module, with the
// course's own pass mark and grading.
//
//	go run ./scripts/blindquiz questions [-seed N] [-content DIR] > questions.txt
//	go run ./scripts/blindquiz score [-seed N] [-content DIR] [-each] answers.txt
//
// answers.txt has one line a question: its id, then the letters chosen
// ("resp-logo B" or "resp-flood A C"). The same seed gives the same order.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strings"

	"course/content"
	"course/internal/modules"
	"course/internal/quiz"
)

func main() {
	if len(os.Args) < 2 {
		fail("say questions or score")
	}
	flags := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	seed := flags.Uint64("seed", 1, "the order of the options")
	dir := flags.String("content", "", "a content folder (default: the built-in course)")
	each := flags.Bool("each", false, "score: also print each question's id and whether it was right")
	flags.Parse(os.Args[2:])
	var fsys fs.FS = content.FS
	root := content.Root
	if *dir != "" {
		fsys, root = os.DirFS(*dir), "."
	}
	course, err := modules.Load(fsys, root)
	if err != nil {
		fail(err.Error())
	}
	rng := rand.New(rand.NewPCG(*seed, *seed))
	orders := map[string][]int{} // question id: authored index of each letter
	for _, q := range course.Questions() {
		orders[q.ID] = rng.Perm(len(q.Options))
	}
	switch os.Args[1] {
	case "questions":
		printQuestions(course, orders)
	case "score":
		if flags.NArg() != 1 {
			fail("give the answers file")
		}
		score(course, orders, flags.Arg(0), *each)
	default:
		fail("say questions or score")
	}
}

func printQuestions(course *modules.Course, orders map[string][]int) {
	for _, m := range course.Modules {
		fmt.Printf("## Quiz: %s\n\n", m.Title)
		for _, q := range m.Questions {
			fmt.Printf("[%s]\n%s\n%s", q.ID, strings.TrimSpace(q.Scenario), strings.TrimSpace(q.Prompt))
			if q.Kind == quiz.Multiple {
				fmt.Print(" (choose every option that is right)")
			} else {
				fmt.Print(" (choose one)")
			}
			fmt.Println()
			for letter, i := range orders[q.ID] {
				fmt.Printf("  %c. %s\n", 'A'+letter, strings.TrimSpace(q.Options[i].Text))
			}
			fmt.Println()
		}
	}
}

func score(course *modules.Course, orders map[string][]int, path string, each bool) {
	f, err := os.Open(path)
	if err != nil {
		fail(err.Error())
	}
	defer f.Close()
	chosen := map[string][]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(strings.ReplaceAll(sc.Text(), ",", " "))
		if len(fields) < 2 {
			continue
		}
		order, ok := orders[fields[0]]
		if !ok {
			continue
		}
		for _, l := range fields[1:] {
			i := int(strings.ToUpper(l)[0] - 'A')
			if i >= 0 && i < len(order) {
				chosen[fields[0]] = append(chosen[fields[0]], order[i])
			}
		}
	}
	right, total, passed := 0, 0, 0
	for _, m := range course.Modules {
		var answers []quiz.Answer
		for _, q := range m.Questions {
			a, err := quiz.Grade(q, chosen[q.ID])
			if err != nil {
				a = quiz.Answer{Question: q.ID}
			}
			answers = append(answers, a)
			if each {
				fmt.Printf("  %-40s %s chose %v, right %v\n", q.ID, map[bool]string{true: "right", false: "wrong"}[a.Correct], numbers(chosen[q.ID]), numbers(q.CorrectOptions()))
			}
		}
		s := quiz.ScoreOf(answers, course.PassMark)
		right, total = right+s.Correct, total+s.Total
		verdict := "failed"
		if s.Passed {
			verdict, passed = "passed", passed+1
		}
		fmt.Printf("%-50s %d of %d  %s\n", m.Title, s.Correct, s.Total, verdict)
	}
	fmt.Printf("overall: %d of %d right (%d%%), %d of %d quizzes passed\n", right, total, right*100/max(total, 1), passed, len(course.Modules))
}

// numbers are authored option indices as the pack's files count them, from 1.
func numbers(indices []int) []int {
	out := make([]int, len(indices))
	for i, n := range indices {
		out[i] = n + 1
	}
	slices.Sort(out)
	return out
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "blindquiz: "+msg)
	os.Exit(2)
}
