// Package docs holds no code: its tests keep the README and the guides in
// docs/ true to each other, so that every link between them leads to a file
// and a heading that exist.
package docs
