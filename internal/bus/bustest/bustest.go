// Package bustest runs a NATS server inside a test, as the bus's tests and
// the two-instance test need one: the nats-server module embedded, on a
// free loopback port, gone when the test ends.
package bustest

import (
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is a NATS server for this test, on port (0: a free one).
type Server struct {
	*server.Server
	Port int
}

// Start runs a NATS server on a free loopback port until the test ends.
func Start(t testing.TB) *Server { return StartOn(t, 0) }

// StartOn runs a NATS server on a given loopback port (0: a free one) until
// the test ends — on the port of one shut down, to test a reconnection.
func StartOn(t testing.TB, port int) *Server {
	t.Helper()
	if port == 0 {
		port = server.RANDOM_PORT
	}
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: port, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		t.Fatal("bustest: the NATS server did not start")
	}
	t.Cleanup(ns.Shutdown)
	return &Server{Server: ns, Port: ns.Addr().(*net.TCPAddr).Port}
}
