package report

import (
	"bytes"
	"encoding/json"
	"time"
)

// jsonMeta is what every JSON output says it counted.
type jsonMeta struct {
	Filters jsonFilter `json:"filters"`
	Period  struct {
		Requested jsonPeriod `json:"requested"`
		Covered   jsonPeriod `json:"covered"`
	} `json:"period"`
	LeftOut     []LeftOut `json:"left_out"`
	Sources     []Source  `json:"sources"`
	Suppression string    `json:"suppression,omitempty"`
	Withheld    string    `json:"withheld,omitempty"`
	Forced      string    `json:"forced,omitempty"`
	Severity    string    `json:"severity,omitempty"`
	Partial     string    `json:"partial,omitempty"`
	// PersonalData warns that the figures name people (--allow-personal).
	PersonalData string `json:"personal_data,omitempty"`
}

func newJSONMeta(m Meta) jsonMeta {
	out := jsonMeta{LeftOut: m.LeftOut, Sources: m.Sources, Suppression: m.Suppression, Withheld: m.Withheld, Forced: m.Forced, Severity: m.Severity, Partial: m.Partial}
	f := m.Filter
	if f.Personal {
		out.PersonalData = PersonalWarning
	}
	out.Filters = jsonFilter{Severity: f.Severities, Where: f.Where, From: date(f.Period.From), To: date(f.Period.To)}
	if out.Filters.Severity == nil {
		out.Filters.Severity = []int{}
	}
	if out.Filters.Where == nil {
		out.Filters.Where = []Condition{}
	}
	if out.LeftOut == nil {
		out.LeftOut = []LeftOut{}
	}
	if out.Sources == nil {
		out.Sources = []Source{}
	}
	out.Period.Requested = newJSONPeriod(f.Period.From, f.Period.To)
	out.Period.Covered = newJSONPeriod(m.Covered.From, m.Covered.To)
	return out
}

type jsonFilter struct {
	Severity []int       `json:"severity"`
	Where    []Condition `json:"where"`
	From     string      `json:"from,omitempty"`
	To       string      `json:"to,omitempty"`
}

// jsonPeriod's ends are null when open-ended or unknown.
type jsonPeriod struct {
	From *string `json:"from"`
	To   *string `json:"to"`
}

func newJSONPeriod(from, to time.Time) jsonPeriod {
	day := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		s := t.Format("2006-01-02")
		return &s
	}
	return jsonPeriod{From: day(from), To: day(to)}
}

// jsonRow is one group as {"<by>": value, "count": n}, keys in that order. A count
// that disclosure control hid or rounded is written as shown, as a string.
type jsonRow struct {
	by    string
	value *string // nil when blank in the data
	count any
}

func (r jsonRow) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	k, _ := PlainJSON(r.by)
	v, _ := PlainJSON(r.value)
	b.WriteString("{")
	b.Write(k)
	b.WriteString(":")
	b.Write(v)
	b.WriteString(`,"count":`)
	n, _ := PlainJSON(r.count)
	b.Write(n)
	b.WriteString("}")
	return b.Bytes(), nil
}

// jsonTotal is the total as shown: a number, or the symbol of a hidden one.
func (r *Result) jsonTotal() any {
	if r.TotalShown != "" {
		return r.TotalShown
	}
	return r.Total
}

// jsonRows are the groups as shown, a count hidden or rounded as its symbol.
func (r *Result) jsonRows() []jsonRow {
	rows := []jsonRow{}
	for _, row := range r.Rows {
		jr := jsonRow{by: r.By, count: row.Calls}
		if row.Shown != "" {
			jr.count = row.Shown
		}
		if row.Value != "" {
			v := row.Value
			jr.value = &v
		}
		rows = append(rows, jr)
	}
	return rows
}

// PlainJSON marshals v without escaping <, > and & (JSON is not HTML here).
func PlainJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
