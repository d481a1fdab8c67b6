package main

import "strings"

// typed is the command line that runs args as the person must type it
// where they are: on this computer "course" with the --db and --content
// they gave, so that the command acts on the same records; over SSH the
// server's connect command, which chooses records and content itself.
// Each argument is quoted for a shell where it needs to be, so args are
// words, such as "members", "invite" and "NUMBER".
func typed(opts *options, args ...string) string {
	if opts != nil && opts.served != nil {
		return servedLine(opts.served.connect, args)
	}
	words := []string{"course"}
	if opts != nil && opts.db != "" {
		words = append(words, "--db", shellWord(opts.db))
	}
	if opts != nil && opts.contentDir != "" {
		words = append(words, "--content", shellWord(opts.contentDir))
	}
	for _, a := range args {
		words = append(words, shellWord(a))
	}
	return strings.Join(words, " ")
}

// servedLine is connect followed by args. The officer's shell takes one
// round of quotes and the server splits what ssh sends it as a shell
// would, so words that need quotes are quoted for the server inside
// double quotes around the whole command.
func servedLine(connect string, args []string) string {
	words := make([]string, len(args))
	plain := true
	for i, a := range args {
		words[i] = posixWord(a) // the server splits as a POSIX shell, whatever the officer's computer
		plain = plain && words[i] == a
	}
	line := strings.Join(words, " ")
	if !plain {
		line = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "`", "\\`").Replace(line) + `"`
	}
	if line == "" {
		return connect
	}
	return connect + " " + line
}
