package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestEnvAndFlags(t *testing.T) {
	t.Setenv("HEALTHGRID_ADDR", ":9090")
	t.Setenv("HEALTHGRID_LOCKOUT_DURATION", "30m")
	t.Setenv("HEALTHGRID_DEMO", "true")
	c := Default()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Flags(fs)
	if err := fs.Parse([]string{"--data", "/tmp/x", "--nats", "nats://n1:4222,nats://n2:4222"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9090" || c.DataDir != "/tmp/x" || !c.Demo || c.LockoutDuration != 30*time.Minute ||
		c.NATSURL != "nats://n1:4222,nats://n2:4222" {
		t.Fatalf("config = %+v", c)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestCheckNamesTheSetting(t *testing.T) {
	cases := []struct {
		env, value, want string
	}{
		{"HEALTHGRID_LOCKOUT_THRESHOLD", "five", "HEALTHGRID_LOCKOUT_THRESHOLD"},
		{"HEALTHGRID_SESSION_IDLE", "soon", "HEALTHGRID_SESSION_IDLE"},
		{"HEALTHGRID_SMS_PROVIDER", "pigeon", "HEALTHGRID_SMS_PROVIDER"},
		{"HEALTHGRID_DB", "mysql://x", "--db"},
		{"HEALTHGRID_NATS_URL", "http://nats:4222", "HEALTHGRID_NATS_URL"},
		{"HEALTHGRID_NATS_URL", "nats://a:4222,b:4222", "HEALTHGRID_NATS_URL"},
		{"HEALTHGRID_LOCKOUT_THRESHOLD", "0", "HEALTHGRID_LOCKOUT_THRESHOLD"},
		{"HEALTHGRID_IMPORT_REPORT_TTL", "a week", "HEALTHGRID_IMPORT_REPORT_TTL"},
		{"HEALTHGRID_IMPORT_REPORT_TTL", "0s", "HEALTHGRID_IMPORT_REPORT_TTL"},
		{"HEALTHGRID_IMPORT_MAX_ROWS", "0", "HEALTHGRID_IMPORT_MAX_ROWS"},
		{"HEALTHGRID_IMPORT_MAX_RATIO", "ten", "HEALTHGRID_IMPORT_MAX_RATIO"},
		{"HEALTHGRID_IMPORT_MAX_ROW_BYTES", "100", "HEALTHGRID_IMPORT_MAX_ROW_BYTES"},
		{"HEALTHGRID_IMPORT_MAX_ATTEMPTS", "0", "HEALTHGRID_IMPORT_MAX_ATTEMPTS"},
	}
	for _, tc := range cases {
		t.Run(tc.env, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			c := Default()
			c.Flags(flag.NewFlagSet("t", flag.ContinueOnError))
			err := c.Check()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check() = %v, want an error naming %s", err, tc.want)
			}
		})
	}
}

// The login throttle's settings (issue 13 §3) are read and checked.
func TestLoginThrottleSettings(t *testing.T) {
	t.Setenv("HEALTHGRID_LOGIN_IP_FAILURES", "30")
	t.Setenv("HEALTHGRID_LOGIN_IP_WINDOW", "15m")
	c := Default()
	c.Flags(flag.NewFlagSet("t", flag.ContinueOnError))
	if err := c.Check(); err != nil || c.LoginIPFailures != 30 || c.LoginIPWindow != 15*time.Minute {
		t.Fatalf("config = %+v, %v", c, err)
	}
	for env, value := range map[string]string{"HEALTHGRID_LOGIN_IP_FAILURES": "0", "HEALTHGRID_LOGIN_IP_WINDOW": "0s"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, value)
			c := Default()
			c.Flags(flag.NewFlagSet("t", flag.ContinueOnError))
			if err := c.Check(); err == nil || !strings.Contains(err.Error(), env) {
				t.Fatalf("Check() = %v, want an error naming %s", err, env)
			}
		})
	}
}
