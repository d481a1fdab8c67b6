package main

import (
	"path/filepath"
	"strings"
)

// commandToCarryOn is the command, with args as the member typed them,
// that opens the course where they left it: the same program (see
// programWord), record file and content, quoted for a shell where it needs
// to be.
func commandToCarryOn(program string, args []string) string {
	words := []string{programWord(program)}
	for _, a := range args {
		words = append(words, shellWord(a))
	}
	return strings.Join(words, " ")
}

// programWord is how to run this program again, from os.Args[0]: as it
// was typed when that was a path (.\course.exe on Windows, where a program
// in the current folder is not found by its name alone, ./course, or a
// whole path), else "course". Not a path that would need quotes, as
// PowerShell runs a quoted program only after "& ", which the Command
// Prompt does not read; nor the temporary copy 'go run' builds.
func programWord(arg0 string) string {
	if arg0 == "" || filepath.Base(arg0) == arg0 || shellWord(arg0) != arg0 || strings.Contains(arg0, "go-build") {
		return "course"
	}
	return arg0
}
