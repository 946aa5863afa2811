package compattests

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeTLSFiles makes a throw-away CA and a server certificate it signed
// for localhost and 127.0.0.1, and writes ca.pem, server.pem and
// server.key into dir.
func writeTLSFiles(t *testing.T, dir string) (ca, cert, key string) {
	t.Helper()
	newKey := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	caKey, srvKey := newKey(), newKey()
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "zerodb test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	srvTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), DNSNames: []string{"localhost"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(srvKey)
	if err != nil {
		t.Fatal(err)
	}
	return write("ca.pem", "CERTIFICATE", caDER), write("server.pem", "CERTIFICATE", srvDER), write("server.key", "EC PRIVATE KEY", keyDER)
}

// TestPsqlTLS connects psql with sslmode=require and verify-full (the
// certificate checked against the CA and the host name) to a server
// started with --tls-cert/--tls-key, and requires a wrong CA to fail.
func TestPsqlTLS(t *testing.T) {
	dir := t.TempDir()
	ca, cert, key := writeTLSFiles(t, dir)
	s := startServer(t, "", "--tls-cert", cert, "--tls-key", key)
	otherCA, _, _ := writeTLSFiles(t, t.TempDir())
	for _, tc := range []struct {
		name, conn string
		ok         bool
	}{
		{"require", "host=127.0.0.1 sslmode=require", true},
		{"verify-full", "host=localhost sslmode=verify-full sslrootcert=" + ca, true},
		{"verify-full by address", "host=127.0.0.1 sslmode=verify-full sslrootcert=" + ca, true},
		{"verify-full with another CA", "host=localhost sslmode=verify-full sslrootcert=" + otherCA, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := tc.conn + " port=" + s.port() + " user=root dbname=main"
			out, stderr, err := psqlTLS(t, conn, "-Atc", "SELECT 1 + 1")
			if !tc.ok {
				if err == nil {
					t.Fatalf("connected: %s", out)
				}
				return
			}
			if err != nil || strings.TrimSpace(out) != "2" {
				t.Fatalf("psql: %v %q %s", err, out, stderr)
			}
		})
	}
}
