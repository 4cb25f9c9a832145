package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/deskstat/deskstat/queries"
)

// The phases a status value belongs to: a call is logged and not yet taken up
// (new), worked on (open), waiting on the user or a third party (paused: an SLA
// clock stops), resolved, or closed.
// A value in none of them is not guessed: describe lists it, and it tells
// nothing of resolution.
const (
	PhaseNew      = "new"
	PhaseOpen     = "open"
	PhasePaused   = "paused"
	PhaseResolved = "resolved"
	PhaseClosed   = "closed"
)

// statusWords are the status values the tools' exports use, by phase, lower case
// with single spaces: ServiceNow's incident states, Jira's and Jira Service
// Management's statuses, Zendesk's, Freshservice's, osTicket's, and process-mining
// logs' status and sub-status (Accepted, Queued, Wait - User, Completed -
// Resolved). A profile's open_states, pause_states, resolved_states and
// closed_states come first.
var statusWords = map[string][]string{
	PhaseNew: {"new", "queued", "awaiting assignment", "pending assignment", "unassigned", "triage", "to do",
		"submitted", "logged", "registered"},
	PhaseOpen: {"open", "opened", "active", "in progress", "work in progress", "wip", "assigned",
		"accepted", "reopened", "re-opened", "waiting for support", "in call", "investigating",
		"under investigation", "acknowledged", "escalated", "in review", "scheduled"},
	PhasePaused: {"awaiting user info", "awaiting user", "awaiting customer", "awaiting caller", "awaiting vendor",
		"awaiting supplier", "awaiting third party", "awaiting problem", "awaiting evidence", "awaiting change",
		"awaiting info", "awaiting information", "on hold", "on-hold", "hold", "pending", "pending customer",
		"pending user", "pending vendor", "pending supplier", "waiting for customer", "waiting on customer",
		"waiting for user", "waiting on user", "waiting for third party", "waiting on third party",
		"waiting for vendor", "waiting", "wait", "wait - user", "wait - customer", "wait - vendor",
		"wait - implementation", "suspended"},
	PhaseResolved: {"resolved", "solved", "done", "completed", "complete", "fixed", "resolved - awaiting confirmation"},
	PhaseClosed:   {"closed", "cancelled", "canceled", "archived", "closed - complete", "rejected", "withdrawn"},
}

// serviceNowStates are ServiceNow's incident state numbers.
var serviceNowStates = map[string]string{"1": PhaseNew, "2": PhaseOpen, "3": PhasePaused, "4": PhasePaused,
	"5": PhasePaused, "6": PhaseResolved, "7": PhaseClosed, "8": PhaseClosed}

// statusKey is a status value as compared: lower case, spaces squeezed, a dash
// with a space either side.
func statusKey(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.ReplaceAll(s, " -", "-")
	s = strings.ReplaceAll(s, "- ", "-")
	return strings.ReplaceAll(s, "-", " - ")
}

// phaseOf says which phase a status value belongs to, by the profile's states,
// else the tools' words; a value written "Status - Sub status" (a process-mining
// log's, or two columns read as one) by its sub-status, else its status.
// namesState says whether the profile's states name a status.
func (p *Profile) namesState(status string) bool {
	k := statusKey(status)
	for _, ws := range [][]string{p.NewStates, p.OpenStates, p.PauseStates, p.ResolvedStates, p.ClosedStates} {
		if slices.ContainsFunc(ws, func(w string) bool { return statusKey(w) == k }) {
			return true
		}
	}
	return false
}

func (p *Profile) phaseOf(status string) (string, bool) {
	key := statusKey(status)
	find := func(k string) (string, bool) {
		for _, ph := range []struct {
			phase string
			words []string
		}{{PhaseNew, p.NewStates}, {PhaseOpen, p.OpenStates}, {PhasePaused, p.PauseStates}, {PhaseResolved, p.ResolvedStates}, {PhaseClosed, p.ClosedStates}} {
			if slices.ContainsFunc(ph.words, func(w string) bool { return statusKey(w) == k }) {
				return ph.phase, true
			}
		}
		for phase, words := range statusWords {
			if slices.ContainsFunc(words, func(w string) bool { return statusKey(w) == k }) {
				return phase, true
			}
		}
		return "", false
	}
	if ph, ok := find(key); ok {
		return ph, true
	}
	if status, sub, ok := strings.Cut(key, " - "); ok {
		if ph, ok := find(sub); ok {
			return ph, true
		}
		return find(status)
	}
	return "", false
}

// mapStatuses says which phase each distinct status value of the rows read
// belongs to.
//
// The phases are checked in order (new, open, paused, resolved, closed), the
// profile's states before the tools' words.
//
// In a Jira export, Open is a new issue's status before work starts.
//
// ServiceNow exports may write an incident's state as its number: 1 New, 2 In
// Progress (Active), 3 On Hold (Awaiting Problem), 4 Awaiting User Info, 5 Awaiting
// Evidence, 6 Resolved, 7 Closed, 8 Canceled.
func mapStatuses(ctx context.Context, l *queries.Load, p *Profile, shape string) error {
	values, err := l.Statuses(ctx)
	if err != nil {
		return fmt.Errorf("read status values: %w", err)
	}
	phases := map[string]string{}
	for _, v := range values {
		if ph, ok := p.phaseOf(v); ok {
			if ph == PhaseOpen && shape == "jira" && statusKey(v) == "open" && !p.namesState(v) {
				ph = PhaseNew // Jira's Open is not yet taken up: In Progress is the work
			}
			phases[v] = ph
		} else if ph, ok := serviceNowStates[strings.TrimSpace(v)]; ok && shape == "servicenow" {
			phases[v] = ph
		}
	}
	return l.MapStatuses(ctx, phases)
}
