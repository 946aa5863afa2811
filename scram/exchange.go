package scram

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors of an Exchange. Test them with errors.Is; a malformed message is
// also a *MalformedError carrying the reason.
var (
	// ErrAuthFailed means the client's proof is wrong: a wrong password,
	// or any proof at all in a mock exchange.
	ErrAuthFailed = errors.New("scram: authentication failed")
	// ErrMalformed means a client message violates RFC 5802.
	ErrMalformed = errors.New("scram: malformed message")
	// ErrChannelBinding means the client asked for channel binding (gs2
	// flag "p"), which this server does not offer.
	ErrChannelBinding = errors.New("scram: channel binding is not supported")
	// ErrUnsupported means the client used an optional SCRAM feature that
	// PostgreSQL does not support either (authzid, mandatory extensions).
	ErrUnsupported = errors.New("scram: unsupported feature")
)

// MalformedError is an ErrMalformed with the reason.
type MalformedError struct{ Reason string }

func (e *MalformedError) Error() string { return "scram: malformed message: " + e.Reason }

// Is makes errors.Is(err, ErrMalformed) true.
func (e *MalformedError) Is(target error) bool { return target == ErrMalformed }

func malformed(format string, args ...any) error {
	return &MalformedError{Reason: fmt.Sprintf(format, args...)}
}

// serverNonceLen is PostgreSQL's SCRAM_RAW_NONCE_LEN.
const serverNonceLen = 18

type exchangeState int

const (
	expectClientFirst exchangeState = iota
	expectClientFinal
	exchangeDone
)

// Exchange is the server side of one SCRAM-SHA-256 authentication:
//
//	serverFirst, err := ex.ClientFirst(clientFirst)
//	serverFinal, err := ex.ClientFinal(clientFinal)
//
// Any error ends the exchange. An Exchange is not safe for concurrent use.
type Exchange struct {
	v           Verifier
	mock        bool
	serverNonce string
	state       exchangeState

	gs2Header       string
	clientFirstBare string
	serverFirst     string
	nonce           string // client nonce + server nonce
}

// NewExchange starts an exchange that accepts the password behind v.
func NewExchange(v Verifier) *Exchange {
	return &Exchange{v: v, serverNonce: newNonce()}
}

// NewMockExchange starts an exchange for a user that does not exist (or has
// no usable verifier). It looks exactly like a real one to the client,
// with a salt that is stable per user, and fails with ErrAuthFailed at the
// end, so clients cannot tell unknown users from wrong passwords. key is a
// server secret that keeps the fake salts unpredictable; it should live as
// long as the server does so the same user always gets the same salt.
func NewMockExchange(user string, key []byte) *Exchange {
	salt := hmacSHA256(key, []byte("salt\x00"+user))[:SaltLen]
	stored := hmacSHA256(key, []byte("stored\x00"+user))
	server := hmacSHA256(key, []byte("server\x00"+user))
	v := Verifier{Iterations: DefaultIterations, Salt: salt, StoredKey: stored, ServerKey: server}
	return &Exchange{v: v, mock: true, serverNonce: newNonce()}
}

func newNonce() string {
	raw := make([]byte, serverNonceLen)
	_, _ = rand.Read(raw) // never fails since Go 1.24
	return base64.StdEncoding.EncodeToString(raw)
}

// ClientFirst consumes the client-first-message and returns the
// server-first-message.
func (e *Exchange) ClientFirst(msg []byte) ([]byte, error) {
	if e.state != expectClientFirst {
		return nil, malformed("unexpected client-first-message")
	}
	e.state = exchangeDone // until proven good
	s := string(msg)

	// gs2-header = gs2-cbind-flag "," [ authzid ] ","
	switch {
	case strings.HasPrefix(s, "n,"), strings.HasPrefix(s, "y,"):
		// "y" means the client could bind but believes we cannot. That is
		// true while we never advertise SCRAM-SHA-256-PLUS; once we do,
		// "y" must be refused as a downgrade attack (RFC 5802 section 6).
	case strings.HasPrefix(s, "p="):
		return nil, ErrChannelBinding
	default:
		return nil, malformed("unexpected channel-binding flag")
	}
	rest := s[2:]
	if strings.HasPrefix(rest, "a=") {
		return nil, fmt.Errorf("%w: authorization identity", ErrUnsupported)
	}
	if !strings.HasPrefix(rest, ",") {
		return nil, malformed("expected \",\" after the channel-binding flag")
	}
	e.gs2Header = s[:3]
	bare := rest[1:]

	// client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
	if strings.HasPrefix(bare, "m=") {
		return nil, fmt.Errorf("%w: mandatory extension", ErrUnsupported)
	}
	// PostgreSQL ignores the SCRAM user name in favour of the startup
	// packet's (libpq sends an empty one), so it is only checked for form.
	if _, err := attr(bare, 'n'); err != nil {
		return nil, err
	}
	_, afterUser, ok := strings.Cut(bare, ",")
	if !ok {
		return nil, malformed("missing nonce")
	}
	clientNonce, err := attr(afterUser, 'r')
	if err != nil {
		return nil, err
	}
	if clientNonce == "" || !printable(clientNonce) {
		return nil, malformed("invalid client nonce")
	}

	e.clientFirstBare = bare
	e.nonce = clientNonce + e.serverNonce
	e.serverFirst = "r=" + e.nonce + ",s=" + base64.StdEncoding.EncodeToString(e.v.Salt) +
		",i=" + strconv.Itoa(e.v.Iterations)
	e.state = expectClientFinal
	return []byte(e.serverFirst), nil
}

// ClientFinal consumes the client-final-message and, when the proof is
// right, returns the server-final-message. A wrong proof is ErrAuthFailed.
func (e *Exchange) ClientFinal(msg []byte) ([]byte, error) {
	if e.state != expectClientFinal {
		return nil, malformed("unexpected client-final-message")
	}
	e.state = exchangeDone
	s := string(msg)

	// client-final-message = channel-binding "," nonce ["," extensions] "," proof
	i := strings.LastIndex(s, ",p=")
	if i < 0 {
		return nil, malformed("missing proof")
	}
	withoutProof, proofB64 := s[:i], s[i+len(",p="):]

	cb, err := attr(withoutProof, 'c')
	if err != nil {
		return nil, err
	}
	gotHeader, err := base64.StdEncoding.Strict().DecodeString(cb)
	if err != nil {
		return nil, malformed("invalid channel-binding data")
	}
	// Without channel binding the data is exactly the gs2 header of the
	// client-first-message; anything else is a client trying to bind.
	if string(gotHeader) != e.gs2Header {
		return nil, malformed("channel-binding data does not match the client-first-message")
	}
	_, afterCB, ok := strings.Cut(withoutProof, ",")
	if !ok {
		return nil, malformed("missing nonce")
	}
	nonce, err := attr(afterCB, 'r')
	if err != nil {
		return nil, err
	}
	if nonce != e.nonce {
		return nil, malformed("nonce does not match")
	}
	proof, err := base64.StdEncoding.Strict().DecodeString(proofB64)
	if err != nil || len(proof) != keyLen {
		return nil, malformed("invalid proof")
	}

	authMessage := []byte(e.clientFirstBare + "," + e.serverFirst + "," + withoutProof)
	clientSignature := hmacSHA256(e.v.StoredKey, authMessage)
	clientKey := make([]byte, keyLen)
	subtle.XORBytes(clientKey, proof, clientSignature)
	storedKey := sha256.Sum256(clientKey)
	if subtle.ConstantTimeCompare(storedKey[:], e.v.StoredKey) != 1 || e.mock {
		return nil, ErrAuthFailed
	}

	serverSignature := hmacSHA256(e.v.ServerKey, authMessage)
	return []byte("v=" + base64.StdEncoding.EncodeToString(serverSignature)), nil
}

// attr returns the value of the attribute that starts s ("k=value," or
// "k=value" at the end).
func attr(s string, k byte) (string, error) {
	if len(s) < 2 || s[0] != k || s[1] != '=' {
		return "", malformed("expected attribute %q", string(k))
	}
	v, _, _ := strings.Cut(s[2:], ",")
	return v, nil
}

// printable is RFC 5802's printable: %x21-2B / %x2D-7E (no comma).
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7E || c == ',' {
			return false
		}
	}
	return true
}
