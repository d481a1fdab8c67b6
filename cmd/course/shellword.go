package main

import (
	"runtime"
	"strings"
	"unicode"
)

// windowsShell says the commands the program gives back are typed in
// PowerShell or the Command Prompt rather than a POSIX shell.
var windowsShell = runtime.GOOS == "windows"

// shellWord is s as the shell of this computer reads it back (see
// posixWord and windowsWord).
func shellWord(s string) string {
	if windowsShell {
		return windowsWord(s)
	}
	return posixWord(s)
}

// posixWord is s as a POSIX shell reads it back: as it is when it holds
// nothing a shell treats specially, else in single quotes.
func posixWord(s string) string {
	plain := s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./:=@%+,", r))
	})
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// windowsWord is s as both PowerShell and the Command Prompt read it
// back: as it is when it holds nothing either treats specially (a path's
// backslashes included), else in double quotes, which both read alike;
// backslashes that end it are doubled, as a program reads \" as a quote.
// A word with a character that one of them reads inside double quotes
// ($ or ` in PowerShell, which also takes curly double quotes for
// straight ones, % in the Command Prompt) goes in PowerShell's single
// quotes, the shell Windows opens by default, with each single quote,
// straight or curly, doubled.
func windowsWord(s string) string {
	plain := s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(`_-./:\=+`, r))
	})
	switch {
	case plain:
		return s
	case strings.ContainsAny(s, "$`%\"“”„"):
		return "'" + powerShellQuotes.Replace(s) + "'"
	}
	trimmed := strings.TrimRight(s, `\`)
	return `"` + s + strings.Repeat(`\`, len(s)-len(trimmed)) + `"`
}

// powerShellQuotes doubles the characters PowerShell reads as a single
// quote.
var powerShellQuotes = strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")
