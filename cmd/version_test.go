package cmd

import (
	"runtime/debug"
	"testing"
)

// TestVersionFrom: a manifest says which build made it: the module's version, else
// the commit (and whether the tree had changes), else "dev".
func TestVersionFrom(t *testing.T) {
	tests := []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"module version", debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"commit", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "e140535abc"}, {Key: "vcs.modified", Value: "false"}}}, "dev-e140535abc"},
		{"commit with changes", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "e140535abc"}, {Key: "vcs.modified", Value: "true"}}}, "dev-e140535abc+modified"},
		{"nothing known", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
	}
	for _, tt := range tests {
		if got := versionFrom(&tt.info); got != tt.want {
			t.Errorf("%s: versionFrom = %q, want %q", tt.name, got, tt.want)
		}
	}
}
