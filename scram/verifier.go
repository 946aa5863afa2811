package scram

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

const (
	// Mechanism is the SASL mechanism name of this package.
	Mechanism = "SCRAM-SHA-256"
	// DefaultIterations is PostgreSQL's default scram_iterations.
	DefaultIterations = 4096
	// SaltLen is the salt length NewVerifier uses, PostgreSQL's
	// SCRAM_DEFAULT_SALT_LEN.
	SaltLen = 16

	keyLen = sha256.Size
	// maxIterations bounds the work a stored verifier can demand. It is far
	// above anything PostgreSQL produces (scram_iterations is an int, but
	// nobody runs 10 million rounds per login).
	maxIterations = 10_000_000
)

// Verifier is what the server stores for a password: enough to check a
// client's proof and to prove itself to the client, but not enough to
// log in as the user.
type Verifier struct {
	Iterations int
	Salt       []byte
	StoredKey  []byte // H(HMAC(SaltedPassword, "Client Key"))
	ServerKey  []byte // HMAC(SaltedPassword, "Server Key")
}

// NewVerifier derives a verifier for password with a fresh random salt and
// DefaultIterations, in PostgreSQL's stored text form:
//
//	SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
//
// The password is normalised with SASLprep the way PostgreSQL and libpq do
// (falling back to the raw bytes where SASLprep refuses it), so verifiers
// made here accept the same passwords as ones made by PostgreSQL.
func NewVerifier(password string) (string, error) {
	salt := make([]byte, SaltLen)
	// crypto/rand.Read never fails since Go 1.24; it crashes the program
	// instead of returning predictable bytes.
	_, _ = rand.Read(salt)
	v, err := ComputeVerifier(password, salt, DefaultIterations)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// ComputeVerifier derives the verifier of password for a given salt and
// iteration count. NewVerifier is the usual entry point; this one exists
// for reproducible verifiers (tests, imports).
func ComputeVerifier(password string, salt []byte, iterations int) (Verifier, error) {
	if password == "" {
		return Verifier{}, errors.New("scram: empty password")
	}
	if len(salt) == 0 {
		return Verifier{}, errors.New("scram: empty salt")
	}
	if iterations < 1 || iterations > maxIterations {
		return Verifier{}, fmt.Errorf("scram: iteration count %d out of range 1..%d", iterations, maxIterations)
	}
	salted, err := pbkdf2.Key(sha256.New, saslPrep(password), salt, iterations, keyLen)
	if err != nil {
		return Verifier{}, fmt.Errorf("scram: deriving salted password: %w", err)
	}
	clientKey := hmacSHA256(salted, []byte("Client Key"))
	storedKey := sha256.Sum256(clientKey)
	return Verifier{
		Iterations: iterations,
		Salt:       append([]byte(nil), salt...),
		StoredKey:  storedKey[:],
		ServerKey:  hmacSHA256(salted, []byte("Server Key")),
	}, nil
}

// String renders v in PostgreSQL's stored text form.
func (v Verifier) String() string {
	enc := base64.StdEncoding
	return Mechanism + "$" + strconv.Itoa(v.Iterations) + ":" + enc.EncodeToString(v.Salt) +
		"$" + enc.EncodeToString(v.StoredKey) + ":" + enc.EncodeToString(v.ServerKey)
}

// ParseVerifier parses PostgreSQL's stored text form of a SCRAM-SHA-256
// verifier.
func ParseVerifier(s string) (Verifier, error) {
	// The error never quotes s: it holds secrets.
	bad := func(why string) (Verifier, error) {
		return Verifier{}, fmt.Errorf("scram: invalid verifier: %s", why)
	}
	mech, rest, ok := strings.Cut(s, "$")
	if !ok || mech != Mechanism {
		return bad("not a " + Mechanism + " verifier")
	}
	params, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return bad("missing keys")
	}
	iterStr, saltStr, ok := strings.Cut(params, ":")
	if !ok {
		return bad("missing salt")
	}
	iter, err := strconv.Atoi(iterStr)
	if err != nil || iter < 1 || iter > maxIterations {
		return bad("bad iteration count")
	}
	storedStr, serverStr, ok := strings.Cut(keys, ":")
	if !ok {
		return bad("missing server key")
	}
	enc := base64.StdEncoding.Strict()
	salt, err := enc.DecodeString(saltStr)
	if err != nil || len(salt) == 0 {
		return bad("bad salt")
	}
	stored, err := enc.DecodeString(storedStr)
	if err != nil || len(stored) != keyLen {
		return bad("bad stored key")
	}
	server, err := enc.DecodeString(serverStr)
	if err != nil || len(server) != keyLen {
		return bad("bad server key")
	}
	return Verifier{Iterations: iter, Salt: salt, StoredKey: stored, ServerKey: server}, nil
}

// Verify reports whether password matches v. It is for administrative use
// (the wire protocol never sees passwords); it costs a full key derivation.
func (v Verifier) Verify(password string) bool {
	got, err := ComputeVerifier(password, v.Salt, v.Iterations)
	if err != nil {
		return false
	}
	return hmac.Equal(got.StoredKey, v.StoredKey) && hmac.Equal(got.ServerKey, v.ServerKey)
}

func hmacSHA256(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}
