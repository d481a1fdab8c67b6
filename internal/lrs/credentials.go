package lrs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"course/internal/safetext"
	"course/internal/secretfile"
)

// ErrCredentials means the LRS's key and secret cannot be had.
var ErrCredentials = errors.New("the LRS key and secret cannot be read")

// The environment variables that give the LRS's key and secret.
const (
	KeyVar    = "COURSE_LRS_KEY"
	SecretVar = "COURSE_LRS_SECRET"
)

// FindCredentials returns the LRS's key and secret: from KeyVar and
// SecretVar when they are set, or else from the credentials file named by
// course.yaml (file, as ReadCredentials reads it; "" for none). They never
// come from the command line, where other accounts can see them, nor from
// course.yaml itself, which travels with the content.
func FindCredentials(file string) (key, secret string, err error) {
	key, secret = os.Getenv(KeyVar), os.Getenv(SecretVar)
	switch {
	case key != "" && secret != "":
		return key, secret, nil
	case key != "" || secret != "":
		return "", "", fmt.Errorf("%w: %s and %s must be set together, and only one of them is", ErrCredentials, KeyVar, SecretVar)
	case file == "":
		return "", "", fmt.Errorf("%w: set %s and %s, or name a file that holds them in course.yaml (lrs: credentials: FILE)", ErrCredentials, KeyVar, SecretVar)
	}
	return ReadCredentials(file)
}

// ReadCredentials reads an LRS key and secret from a file of two lines:
//
//	key: the key
//	secret: the secret
//
// On Unix the file must be readable by its owner only (chmod 600): a key
// that others can read is refused with a sentence that says how to fix it.
func ReadCredentials(path string) (key, secret string, err error) {
	name := safetext.Inert(path)
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", "", fmt.Errorf("%w: the credentials file %s does not exist", ErrCredentials, name)
	case err != nil:
		return "", "", fmt.Errorf("%w: %v", ErrCredentials, err)
	case !info.Mode().IsRegular():
		return "", "", fmt.Errorf("%w: %s is not a file", ErrCredentials, name)
	}
	if err := secretfile.CheckPrivate(name, info); err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrCredentials, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrCredentials, err)
	}
	var c struct {
		Key    string `yaml:"key"`
		Secret string `yaml:"secret"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		// The decoder's message could quote the secret: say only where.
		return "", "", fmt.Errorf("%w: %s must be two lines, \"key: …\" and \"secret: …\", and nothing else", ErrCredentials, name)
	}
	key, secret = strings.TrimSpace(c.Key), strings.TrimSpace(c.Secret)
	if key == "" || secret == "" {
		return "", "", fmt.Errorf("%w: %s must give both the key and the secret (\"key: …\" and \"secret: …\")", ErrCredentials, name)
	}
	return key, secret, nil
}
