package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// startExporter runs the whole command in the test's process on an
// ephemeral loopback port and returns its address; it stops with the test.
func startExporter(t *testing.T, args ...string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, &out, &out, l) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("the exporter did not stop")
		}
		if t.Failed() {
			t.Log(out.String())
		}
	})
	return l.Addr().String()
}

// selfSigned writes a certificate for 127.0.0.1 and its key into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "psulua-exporter test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(certFile, certPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return certFile, keyFile, pool
}

// TLS and basic auth come from an exporter-toolkit web config file.
func TestWebConfigTLSAndBasicAuth(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	config := "tls_server_config:\n  cert_file: " + certFile + "\n  key_file: " + keyFile +
		"\nbasic_auth_users:\n  alice: " + string(hash) + "\n"
	configFile := filepath.Join(dir, "web-config.yml")
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := startExporter(t, "--web.config.file="+configFile,
		"--collector.disable-defaults", "--collector.loadavg")
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	get := func(url, user, password string) (int, string) {
		t.Helper()
		req, err := http.NewRequest("GET", url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if user != "" {
			req.SetBasicAuth(user, password)
		}
		var resp *http.Response
		for try := 0; ; try++ {
			resp, err = client.Do(req)
			if err == nil || try == 50 || !strings.Contains(err.Error(), "connection refused") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	cases := []struct {
		name, url, user, password string
		status                    int
	}{
		{"no credentials", "https://" + addr + "/metrics", "", "", http.StatusUnauthorized},
		{"wrong password", "https://" + addr + "/metrics", "alice", "guess", http.StatusUnauthorized},
		{"unknown user", "https://" + addr + "/metrics", "bob", "s3cret", http.StatusUnauthorized},
		{"plain HTTP", "http://" + addr + "/metrics", "alice", "s3cret", http.StatusBadRequest},
		{"right credentials", "https://" + addr + "/metrics", "alice", "s3cret", http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := get(c.url, c.user, c.password)
			if status != c.status {
				t.Fatalf("status %d, want %d: %.200s", status, c.status, body)
			}
			if c.status == http.StatusOK && !strings.Contains(body, "\nnode_load1 ") {
				t.Errorf("no node_load1 in the metrics:\n%.500s", body)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		status int
		out    string
	}{
		{"version", []string{"--version"}, 0, "psulua-exporter"},
		{"help", []string{"--help"}, 0, "--collector.script=FILE"},
		{"unknown flag", []string{"--no-such-flag"}, 2, "unknown long flag"},
		{"bad timeout", []string{"--scrape.timeout=0s"}, 2, "--scrape.timeout must be positive"},
		{"bad regexp", []string{"--collector.diskstats.device-exclude=("}, 2, "device-exclude"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			cfg, status := parseArgs(c.args, &out, &out)
			if cfg != nil || status != c.status || !strings.Contains(out.String(), c.out) {
				t.Errorf("status %d (config %v), want %d; output:\n%s", status, cfg != nil, c.status, out.String())
			}
		})
	}
	var out bytes.Buffer
	if status := run(context.Background(), []string{"--collector.script=/nonexistent.lua"}, &out, &out, nil); status != 1 ||
		!strings.Contains(out.String(), "nonexistent.lua") {
		t.Errorf("a missing script: status %d, output %s", status, out.String())
	}
}
