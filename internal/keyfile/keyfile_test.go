package keyfile

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func newKey(t *testing.T) (gossh.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k, priv
}

// line is a key as ssh-keygen writes it in a .pub file.
func line(k gossh.PublicKey, comment string) string {
	return strings.TrimSuffix(string(gossh.MarshalAuthorizedKey(k)), "\n") + " " + comment
}

func TestParseAuthorizedKeys(t *testing.T) {
	k1, _ := newKey(t)
	ecdsaKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := gossh.NewPublicKey(&ecdsaKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	data := "\ufeff# Ann's keys\r\n" + line(k1, "ann@laptop") + "\r\n\r\n" +
		`no-pty,command="echo hi" ` + line(k2, "ann phone") + "\n"
	keys, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || !bytes.Equal(keys[0].Key.Marshal(), k1.Marshal()) || keys[0].Comment != "ann@laptop" ||
		!bytes.Equal(keys[1].Key.Marshal(), k2.Marshal()) || keys[1].Comment != "ann phone" {
		t.Errorf("Parse = %+v", keys)
	}
}

func TestParseRFC4716(t *testing.T) {
	k, _ := newKey(t)
	b64 := base64.StdEncoding.EncodeToString(k.Marshal())
	data := "---- BEGIN SSH2 PUBLIC KEY ----\r\n" +
		"Comment: \"rsa-key-20260105 \\\r\n" +
		"ann laptop\"\r\n" +
		b64[:40] + "\r\n" + b64[40:] + "\r\n" +
		"---- END SSH2 PUBLIC KEY ----\r\n"
	keys, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || !bytes.Equal(keys[0].Key.Marshal(), k.Marshal()) || keys[0].Comment != "rsa-key-20260105 ann laptop" {
		t.Errorf("Parse = %+v", keys)
	}
	if _, err := Parse([]byte("---- BEGIN SSH2 PUBLIC KEY ----\n" + b64 + "\n")); !errors.As(err, new(*LineError)) {
		t.Errorf("a block without its end: %v", err)
	}
}

func TestPrivateKeysAreRefused(t *testing.T) {
	_, priv := newKey(t)
	block, err := gossh.MarshalPrivateKey(priv, "ann@laptop")
	if err != nil {
		t.Fatal(err)
	}
	openssh := pem.EncodeToMemory(block)
	pkcs8 := []byte("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKz1\n-----END PRIVATE KEY-----\n")
	ppk := []byte("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ann\n")
	for name, data := range map[string][]byte{"openssh": openssh, "pkcs8": pkcs8, "ppk": ppk} {
		_, err := Parse(data)
		if !errors.Is(err, ErrPrivateKey) {
			t.Errorf("%s: %v, want ErrPrivateKey", name, err)
			continue
		}
		if err.Error() != "that is a private key: give the .pub file" {
			t.Errorf("%s: the message is %q", name, err)
		}
	}
}

func TestBadFiles(t *testing.T) {
	k, _ := newKey(t)
	const secret = "hunter2-not-a-key"
	for name, c := range map[string]struct {
		data string
		want error
		line int
	}{
		"empty":         {"", ErrNoKeys, 0},
		"comments only": {"# nothing\n\n", ErrNoKeys, 0},
		"junk line":     {line(k, "ok") + "\n" + secret + "\n", nil, 2},
		"cut short":     {"ssh-ed25519 AAAAC3NzaC1lZDI1\n", nil, 1},
	} {
		_, err := Parse([]byte(c.data))
		var le *LineError
		switch {
		case c.want != nil && !errors.Is(err, c.want):
			t.Errorf("%s: %v, want %v", name, err, c.want)
		case c.want == nil && (!errors.As(err, &le) || le.Line != c.line):
			t.Errorf("%s: %v, want line %d", name, err, c.line)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("%s: the message repeats the file: %v", name, err)
		}
	}
	if _, err := Read(bytes.NewReader(make([]byte, MaxSize+1))); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file over MaxSize: %v", err)
	}
}

func TestWithoutOptions(t *testing.T) {
	k, _ := newKey(t)
	testKeyLine := line(k, "ann@laptop")
	keys, err := Parse([]byte(`from="10.0.0.0/8",no-pty ` + testKeyLine + "\n" + testKeyLine + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || len(keys[0].Options) != 2 || len(keys[1].Options) != 0 {
		t.Fatalf("options read as %+v", keys)
	}
	if err := WithoutOptions(keys[1:]); err != nil {
		t.Errorf("a plain key: %v", err)
	}
	if err := WithoutOptions(keys); !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), `from="10.0.0.0/8",no-pty`) {
		t.Errorf("a key with options: %v", err)
	}
}

func TestParseLinesKeepsTheGoodKeys(t *testing.T) {
	k1, _ := newKey(t)
	k2, _ := newKey(t)
	k3, _ := newKey(t)
	b64 := base64.StdEncoding.EncodeToString(k3.Marshal())
	data := "# officers\n" + // 1
		line(k1, "ann") + "\n" + // 2
		"hunter2-not-a-key\n" + // 3
		"---- BEGIN SSH2 PUBLIC KEY ----\n" + // 4: a block without its end
		`from="10.0.0.0/8" ` + line(k2, "ben") + "\n" + // 5
		"---- BEGIN SSH2 PUBLIC KEY ----\n" + b64 + "\n" + "---- END SSH2 PUBLIC KEY ----\n" // 6 to 8
	keys, bad, err := ParseLines([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) != 2 || bad[0] != 3 || bad[1] != 4 {
		t.Errorf("bad lines %v, want [3 4]", bad)
	}
	want := []struct {
		key     gossh.PublicKey
		line    int
		options int
	}{{k1, 2, 0}, {k2, 5, 1}, {k3, 6, 0}}
	if len(keys) != len(want) {
		t.Fatalf("keys %+v, want %d", keys, len(want))
	}
	for i, w := range want {
		if !bytes.Equal(keys[i].Key.Marshal(), w.key.Marshal()) || keys[i].Line != w.line || len(keys[i].Options) != w.options {
			t.Errorf("key %d: %+v, want line %d with %d options", i, keys[i], w.line, w.options)
		}
	}
	// Parse still refuses the whole file at its first bad line.
	if _, err := Parse([]byte(data)); !errors.As(err, new(*LineError)) || err.(*LineError).Line != 3 {
		t.Errorf("Parse: %v, want line 3", err)
	}
	if keys, bad, err := ParseLines([]byte(line(k1, "ann") + "\n-----BEGIN OPENSSH PRIVATE KEY-----\n")); !errors.Is(err, ErrPrivateKey) || keys != nil || bad != nil {
		t.Errorf("a private key among public ones: %v %v %v", keys, bad, err)
	}
	if keys, bad, err := ParseLines([]byte("# nobody\n")); err != nil || keys != nil || bad != nil {
		t.Errorf("comments only: %v %v %v", keys, bad, err)
	}
}
