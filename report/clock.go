package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ClockStep is one state a call held: from its event's time to the next event's
// (To nil for its last), the hours of it the clock ran over, and how the clock
// took it: counted, paused, or outside the clock (before it started, after it
// stopped).
type ClockStep struct {
	Status  string     `json:"status"`
	Phase   string     `json:"phase"` // open, paused, resolved, closed; "" not known
	From    time.Time  `json:"from"`
	To      *time.Time `json:"to"`
	Hours   float64    `json:"hours"`                   // calendar
	Working *float64   `json:"working_hours,omitempty"` // where working hours are set
	Clock   string     `json:"clock"`
}

// Clock is one call's SLA clock: when it opened, when the clock started and
// stopped (resolution, else the latest event held), its hours counted and paused
// (in the policy's time), its target and verdict, and the states it went through.
type Clock struct {
	Source   string     `json:"source"`
	TicketID string     `json:"ticket_id"`
	Opened   time.Time  `json:"opened"`
	Start    time.Time  `json:"clock_from"`
	End      time.Time  `json:"clock_to"`
	Resolved *time.Time `json:"resolved"`
	Hours    float64    `json:"hours_counted"` // in the time the SLA counts: calendar or working
	Paused   float64    `json:"hours_paused"`
	// Calendar and Working are the clock in each time, where working hours are set.
	Calendar *ClockHours `json:"calendar,omitempty"`
	Working  *ClockHours `json:"working,omitempty"`
	Target   float64     `json:"target_hours"`
	Verdict  string      `json:"verdict"`
	Steps    []ClockStep `json:"states"`
}

// ClockHours are a clock's hours counted and paused in one time.
type ClockHours struct {
	Counted float64 `json:"counted"`
	Paused  float64 `json:"paused"`
}

// WriteClocks writes calls' SLA clocks: for each, a line that sums it up and its
// states as a table (CSV: one row a state; JSON: the clocks whole).
func WriteClocks(w io.Writer, f Format, clocks []Clock) error {
	const at = "2006-01-02 15:04"
	hours := func(h float64) string { return strconv.FormatFloat(h, 'f', 1, 64) }
	grid := func(c Clock, csv bool) *Grid {
		working := c.Working != nil
		g := &Grid{Columns: []string{"status", "phase", "from", "to", "hours", "clock"}}
		if working {
			g.Columns = []string{"status", "phase", "from", "to", "hours", "working hours", "clock"}
		}
		if csv {
			g.Columns = append([]string{"source", "ticket_id"}, g.Columns...)
		}
		for _, st := range c.Steps {
			to, phase := "", st.Phase
			if st.To != nil {
				to = st.To.Format(at)
			}
			if phase == "" {
				phase = "not known"
				if strings.HasPrefix(st.Status, "(") { // not a state: the time before the first update
					phase = "-"
				}
			}
			row := []string{st.Status, phase, st.From.Format(at), to, hours(st.Hours), st.Clock}
			if working {
				w := ""
				if st.Working != nil {
					w = hours(*st.Working)
				}
				row = []string{st.Status, phase, st.From.Format(at), to, hours(st.Hours), w, st.Clock}
			}
			if csv {
				row = append([]string{c.Source, c.TicketID}, row...)
			}
			g.Rows = append(g.Rows, row)
		}
		return g
	}
	switch f {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(clocks)
	case CSV:
		all := &Grid{}
		for _, c := range clocks {
			g := grid(c, true)
			// The clock as a whole, as the other formats' first line says it.
			whole := make([]string, len(g.Columns))
			whole[0], whole[1], whole[2] = c.Source, c.TicketID, "(the whole clock)"
			whole[4], whole[5], whole[6] = c.Start.Format(at), c.End.Format(at), hours(c.Hours)
			whole[len(whole)-1] = fmt.Sprintf("%s: %s hours paused, target %s hours", c.Verdict, hours(c.Paused), strconv.FormatFloat(c.Target, 'g', -1, 64))
			all.Columns, all.Rows = g.Columns, append(append(all.Rows, g.Rows...), whole)
		}
		return WriteGrid(w, CSV, all)
	case Table, Text, Markdown:
	default:
		return fmt.Errorf("format %s is not available for a call's clock (use table, csv, json or markdown)", f)
	}
	for i, c := range clocks {
		if i > 0 {
			fmt.Fprintln(w)
		}
		resolved := "still open"
		if c.Resolved != nil {
			resolved = "resolved " + c.Resolved.Format(at)
		}
		fmt.Fprintf(w, "%s (source %q): opened %s, %s; the clock ran from %s to %s: %s hours counted, %s paused, against a target of %s: %s.\n",
			c.TicketID, c.Source, c.Opened.Format(at), resolved, c.Start.Format(at), c.End.Format(at),
			hours(c.Hours), hours(c.Paused), strconv.FormatFloat(c.Target, 'g', -1, 64)+" hours", c.Verdict)
		if c.Calendar != nil && c.Working != nil {
			fmt.Fprintf(w, "In calendar time %s hours counted, %s paused; in working time %s counted, %s paused.\n",
				hours(c.Calendar.Counted), hours(c.Calendar.Paused), hours(c.Working.Counted), hours(c.Working.Paused))
		}
		if len(c.Steps) == 0 {
			fmt.Fprintln(w, "No history of updates is held for it: the clock ran throughout.")
			continue
		}
		if err := WriteGrid(w, map[bool]Format{true: Markdown, false: Table}[f == Markdown], grid(c, false)); err != nil {
			return err
		}
	}
	return nil
}
