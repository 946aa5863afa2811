package scram

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// testClient is a minimal SCRAM-SHA-256 client, written from RFC 5802, so
// the server side can be checked against an independent implementation.
type testClient struct {
	password  string
	nonce     string
	gs2       string // "n,," or "y,,"
	bare      string
	salted    []byte
	authMsg   string
	serverSig []byte
}

func newTestClient(password, nonce, gs2 string) *testClient {
	return &testClient{password: password, nonce: nonce, gs2: gs2}
}

func (c *testClient) first(user string) []byte {
	c.bare = "n=" + user + ",r=" + c.nonce
	return []byte(c.gs2 + c.bare)
}

func (c *testClient) final(t testing.TB, serverFirst []byte) []byte {
	t.Helper()
	fields := map[string]string{}
	for _, f := range strings.Split(string(serverFirst), ",") {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			t.Fatalf("bad server-first field %q", f)
		}
		fields[k] = v
	}
	if !strings.HasPrefix(fields["r"], c.nonce) || len(fields["r"]) <= len(c.nonce) {
		t.Fatalf("server nonce %q does not extend client nonce %q", fields["r"], c.nonce)
	}
	salt, err := base64.StdEncoding.DecodeString(fields["s"])
	if err != nil {
		t.Fatalf("salt: %v", err)
	}
	iter, err := strconv.Atoi(fields["i"])
	if err != nil {
		t.Fatalf("iterations: %v", err)
	}
	c.salted, err = pbkdf2.Key(sha256.New, c.password, salt, iter, sha256.Size)
	if err != nil {
		t.Fatal(err)
	}
	withoutProof := "c=" + base64.StdEncoding.EncodeToString([]byte(c.gs2)) + ",r=" + fields["r"]
	c.authMsg = c.bare + "," + string(serverFirst) + "," + withoutProof

	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	clientKey := mac(c.salted, "Client Key")
	stored := sha256.Sum256(clientKey)
	sig := mac(stored[:], c.authMsg)
	proof := make([]byte, len(sig))
	for i := range sig {
		proof[i] = clientKey[i] ^ sig[i]
	}
	c.serverSig = mac(mac(c.salted, "Server Key"), c.authMsg)
	return []byte(withoutProof + ",p=" + base64.StdEncoding.EncodeToString(proof))
}

func (c *testClient) checkServerFinal(t testing.TB, serverFinal []byte) {
	t.Helper()
	want := "v=" + base64.StdEncoding.EncodeToString(c.serverSig)
	if string(serverFinal) != want {
		t.Fatalf("server-final = %q, want %q", serverFinal, want)
	}
}

// TestRFC7677Vector replays the example exchange of RFC 7677 section 3.
func TestRFC7677Vector(t *testing.T) {
	salt, _ := base64.StdEncoding.DecodeString("W22ZaJ0SNY7soEsUEjb6gQ==")
	v, err := ComputeVerifier("pencil", salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	// The verifier must survive PostgreSQL's text form.
	v, err = ParseVerifier(v.String())
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExchange(v)
	ex.serverNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"

	serverFirst, err := ex.ClientFirst([]byte("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))
	if err != nil {
		t.Fatal(err)
	}
	const wantFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
	if string(serverFirst) != wantFirst {
		t.Fatalf("server-first = %q, want %q", serverFirst, wantFirst)
	}
	serverFinal, err := ex.ClientFinal([]byte("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))
	if err != nil {
		t.Fatal(err)
	}
	const wantFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
	if string(serverFinal) != wantFinal {
		t.Fatalf("server-final = %q, want %q", serverFinal, wantFinal)
	}
}

func TestNewVerifierFormat(t *testing.T) {
	s1, err := NewVerifier("secret")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$`)
	if !re.MatchString(s1) {
		t.Fatalf("verifier %q does not have PostgreSQL's form", s1)
	}
	s2, _ := NewVerifier("secret")
	if s1 == s2 {
		t.Fatal("two verifiers of the same password share a salt")
	}
	v, err := ParseVerifier(s1)
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != s1 {
		t.Fatalf("round trip: %q != %q", v.String(), s1)
	}
	if !v.Verify("secret") || v.Verify("Secret") {
		t.Fatal("Verify disagrees with the password")
	}
	if _, err := NewVerifier(""); err == nil {
		t.Fatal("empty password accepted")
	}
}

func TestParseVerifierErrors(t *testing.T) {
	good, _ := NewVerifier("x")
	v, _ := ParseVerifier(good)
	salt := base64.StdEncoding.EncodeToString(v.Salt)
	key := base64.StdEncoding.EncodeToString(v.StoredKey)
	for _, s := range []string{
		"",
		"md5abcdef",
		"SCRAM-SHA-1$4096:" + salt + "$" + key + ":" + key,
		"SCRAM-SHA-256$4096:" + salt,
		"SCRAM-SHA-256$x:" + salt + "$" + key + ":" + key,
		"SCRAM-SHA-256$0:" + salt + "$" + key + ":" + key,
		"SCRAM-SHA-256$4096$" + key + ":" + key,
		"SCRAM-SHA-256$4096:!!$" + key + ":" + key,
		"SCRAM-SHA-256$4096::" + "$" + key + ":" + key,
		"SCRAM-SHA-256$4096:" + salt + "$" + key,
		"SCRAM-SHA-256$4096:" + salt + "$" + salt + ":" + key,
		"SCRAM-SHA-256$4096:" + salt + "$" + key + ":" + key + "x",
	} {
		if _, err := ParseVerifier(s); err == nil {
			t.Errorf("ParseVerifier(%q) accepted", s)
		} else if strings.Contains(err.Error(), key) {
			t.Errorf("error leaks the key: %v", err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct{ name, password, gs2 string }{
		{"plain", "correct horse battery staple", "n,,"},
		{"client can bind", "p", "y,,"},
		{"non-ascii", "pässwörd\u00a0x", "n,,"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := NewVerifier(tc.password)
			if err != nil {
				t.Fatal(err)
			}
			v, err := ParseVerifier(s)
			if err != nil {
				t.Fatal(err)
			}
			c := newTestClient(saslPrep(tc.password), "fyko+d2lbbFgONRv9qkxdawL", tc.gs2)
			ex := NewExchange(v)
			sf, err := ex.ClientFirst(c.first(""))
			if err != nil {
				t.Fatal(err)
			}
			fin, err := ex.ClientFinal(c.final(t, sf))
			if err != nil {
				t.Fatal(err)
			}
			c.checkServerFinal(t, fin)
		})
	}
}

func TestWrongPassword(t *testing.T) {
	s, _ := NewVerifier("right")
	v, _ := ParseVerifier(s)
	c := newTestClient("wrong", "abc", "n,,")
	ex := NewExchange(v)
	sf, err := ex.ClientFirst(c.first(""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ex.ClientFinal(c.final(t, sf)); !errors.Is(err, ErrAuthFailed) {
		t.Fatalf("err = %v, want ErrAuthFailed", err)
	}
}

func TestMockExchange(t *testing.T) {
	key := []byte("server secret")
	salt := func(user string) string {
		sf, err := NewMockExchange(user, key).ClientFirst([]byte("n,,n=,r=abc"))
		if err != nil {
			t.Fatal(err)
		}
		_, s, _ := strings.Cut(string(sf), ",s=")
		return s
	}
	if first, second := salt("alice"), salt("alice"); first != second {
		t.Fatal("mock salt is not stable per user")
	}
	if salt("alice") == salt("bob") {
		t.Fatal("mock salt is the same for different users")
	}
	ex := NewMockExchange("alice", key)
	c := newTestClient("anything", "abc", "n,,")
	sf, err := ex.ClientFirst(c.first(""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ex.ClientFinal(c.final(t, sf)); !errors.Is(err, ErrAuthFailed) {
		t.Fatalf("err = %v, want ErrAuthFailed", err)
	}
}

func TestProtocolErrors(t *testing.T) {
	s, _ := NewVerifier("pw")
	v, _ := ParseVerifier(s)

	firstErrs := []struct {
		msg  string
		want error
	}{
		{"p=tls-server-end-point,,n=,r=abc", ErrChannelBinding},
		{"n,a=admin,n=,r=abc", ErrUnsupported},
		{"n,,m=ext,n=,r=abc", ErrUnsupported},
		{"x,,n=,r=abc", ErrMalformed},
		{"n,,r=abc", ErrMalformed},
		{"n,,n=", ErrMalformed},
		{"n,,n=,r=", ErrMalformed},
		{"n,,n=,r=a b", ErrMalformed},
		{"n,n=,r=abc", ErrMalformed},
		{"", ErrMalformed},
	}
	for _, tc := range firstErrs {
		if _, err := NewExchange(v).ClientFirst([]byte(tc.msg)); !errors.Is(err, tc.want) {
			t.Errorf("ClientFirst(%q) = %v, want %v", tc.msg, err, tc.want)
		}
	}

	c := newTestClient("pw", "abc", "n,,")
	ex := NewExchange(v)
	sf, err := ex.ClientFirst(c.first(""))
	if err != nil {
		t.Fatal(err)
	}
	good := string(c.final(t, sf))
	cb, rest, _ := strings.Cut(good, ",")
	nonce, proof, _ := strings.Cut(rest, ",")
	finalErrs := []string{
		"",
		cb + "," + nonce,                // no proof
		"c=eSws," + nonce + "," + proof, // header differs from client-first
		"c=cD10bHMtc2VydmVyLWVuZC1wb2ludCws," + nonce + "," + proof, // binding data
		cb + ",r=abcdef," + proof,                                   // wrong nonce
		cb + "," + nonce + ",p=AAAA",                                // short proof
		cb + "," + nonce + ",p=!!!!",                                // not base64
		nonce + "," + cb + "," + proof,                              // order
	}
	for _, msg := range finalErrs {
		if _, err := NewExchange(v).ClientFinal([]byte(msg)); !errors.Is(err, ErrMalformed) {
			t.Errorf("ClientFinal before ClientFirst(%q) = %v, want ErrMalformed", msg, err)
		}
	}
	for _, msg := range finalErrs {
		ex := NewExchange(v)
		ex.serverNonce = strings.TrimPrefix(nonce, "r=abc")
		if _, err := ex.ClientFirst(c.first("")); err != nil {
			t.Fatal(err)
		}
		if _, err := ex.ClientFinal([]byte(msg)); !errors.Is(err, ErrMalformed) {
			t.Errorf("ClientFinal(%q) = %v, want ErrMalformed", msg, err)
		}
	}
	// The exchange is over after a failure or a success.
	ex = NewExchange(v)
	ex.serverNonce = strings.TrimPrefix(nonce, "r=abc")
	if _, err := ex.ClientFirst(c.first("")); err != nil {
		t.Fatal(err)
	}
	if _, err := ex.ClientFinal([]byte(good)); err != nil {
		t.Fatal(err)
	}
	if _, err := ex.ClientFinal([]byte(good)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("replayed client-final accepted: %v", err)
	}
}

func TestSASLprep(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// RFC 4013 section 3 examples; the prohibited ones fall back to the
		// input, as in PostgreSQL.
		{"I\u00adX", "IX"},
		{"user", "user"},
		{"USER", "USER"},
		{"\u00aa", "a"},
		{"\u2168", "IX"},
		{"\u0007", "\u0007"},
		{"\u0627\u0031", "\u0627\u0031"},
		{"a\u00a0b", "a b"},
		{"\u0627\u0628", "\u0627\u0628"},
		{"\xff\xfe", "\xff\xfe"},
	} {
		if got := saslPrep(tc.in); got != tc.want {
			t.Errorf("saslPrep(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzExchange(f *testing.F) {
	f.Add([]byte("n,,n=,r=abc"), []byte("c=biws,r=abc,p=AAAA"))
	f.Add([]byte("y,,n=user,r=x"), []byte("c=eSws,r=x,x=y,p="))
	s, _ := NewVerifier("pw")
	v, _ := ParseVerifier(s)
	f.Fuzz(func(t *testing.T, first, final []byte) {
		ex := NewExchange(v)
		if _, err := ex.ClientFirst(first); err != nil {
			return
		}
		if _, err := ex.ClientFinal(final); err == nil {
			t.Fatalf("random client-final accepted: %q", final)
		}
	})
}
