package session

import (
	"crypto/rand"
	"encoding/base64"
)

// randomPassword makes a 24-character URL-safe password (144 random bits).
func randomPassword() (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
