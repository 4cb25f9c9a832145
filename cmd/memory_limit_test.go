package cmd

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestMemoryLimitUsage: a limit that is not a size is a usage error in our words.
func TestMemoryLimitUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main(context.Background(), []string{"breakdown", "--memory-limit", "abc", "../samples/council_calls_2013_2014.csv"}, nil, &out, &errOut)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if got := errOut.String(); !strings.Contains(got, `--memory-limit: memory limit "abc" is not a size`) || strings.Contains(got, "Parser") {
		t.Errorf("stderr %q", got)
	}
}
