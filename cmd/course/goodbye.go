package main

import "strings"

// commandToCarryOn is the command, with args as the member typed them,
// that opens the course where they left it: the same record file and
// content, quoted for a shell where it needs to be.
func commandToCarryOn(args []string) string {
	words := []string{"course"}
	for _, a := range args {
		words = append(words, shellWord(a))
	}
	return strings.Join(words, " ")
}
