// Package content embeds the course shipped with the program.
//
// It holds files only: the Go here embeds them and imports nothing of the
// course but what the tests need.
package content

import "embed"

// FS holds course.yaml and the modules folder.
//
//go:embed course.yaml modules
var FS embed.FS

// Root is how the embedded folder is named in messages.
const Root = "content"
