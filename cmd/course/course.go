package main

import (
	"github.com/spf13/cobra"
)

// runCourse starts the course in the terminal.
func runCourse(cmd *cobra.Command, opts *options) error {
	c, err := loadCourse(opts.contentDir)
	if err != nil {
		return err
	}
	cmd.Printf("%s: %d modules. The terminal course is not available in this build yet; try 'course validate'.\n", c.GuidanceTitle, len(c.Modules))
	return nil
}
