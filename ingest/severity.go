package ingest

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// severityWords are the words help desks use for severities. Where a label holds a
// word and a number that disagree ("3 - High"), the word wins: it is what the person
// choosing it read.
var severityWords = map[string]int{
	"critical": 1, "urgent": 1, "highest": 1, "blocker": 1, "emergency": 1,
	"high": 2, "major": 2,
	"moderate": 3, "medium": 3, "normal": 3,
	"low": 4, "minor": 4,
	"lowest": 5, "planning": 5, "trivial": 5,
}

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}

// severityPrefixes may stand before a number: "Sev 1", "S1", "P1", "Priority 1".
var severityPrefixes = map[string]bool{
	"sev": true, "severity": true, "s": true, "p": true, "pri": true, "prio": true,
	"priority": true, "level": true,
}

// ParseSeverity reads a severity or priority label as exported. ok is false when the
// label is blank or not recognised; such calls keep a NULL severity and are reported
// as left out, never guessed.
func ParseSeverity(label string) (severity int, ok bool) {
	// A number a spreadsheet wrote as a decimal: "2.0".
	if f, err := strconv.ParseFloat(strings.TrimSpace(label), 64); err == nil {
		if f == math.Trunc(f) && f >= 1 && f <= 5 {
			return int(f), true
		}
		return 0, false
	}
	var word, number int
	for _, tok := range severityTokens(label) {
		if n, found := severityWords[tok]; found {
			if word != 0 && word != n {
				return 0, false
			}
			word = n
			continue
		}
		if n, found := numberWords[tok]; found {
			tok = string(rune('0' + n))
		}
		if len(tok) == 1 && tok[0] >= '1' && tok[0] <= '5' {
			if number != 0 {
				return 0, false
			}
			number = int(tok[0] - '0')
			continue
		}
		if !severityPrefixes[tok] {
			return 0, false
		}
	}
	switch {
	case word != 0:
		return word, true
	case number != 0:
		return number, true
	}
	return 0, false
}

// severityTokens splits a label into lower-case runs of letters and of digits:
// "Sev1 - Critical" gives sev, 1, critical.
func severityTokens(label string) []string {
	var toks []string
	var cur strings.Builder
	kind := 0 // 1 letters, 2 digits
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range strings.ToLower(label) {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		}
		if k != kind {
			flush()
			kind = k
		}
		if k != 0 {
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}

// levelWords read ITIL impact and urgency labels as 1 (high) to 3 (low). Four-level
// scales fold onto three by meaning: Jira Service Management's urgency Critical joins
// High (ITIL's High is already the top), and its impacts Significant/Large and
// Moderate/Limited, like ServiceNow's "2 - Department", affect some people, not the
// whole organisation or one person, so both are 2.
var levelWords = map[string]int{
	"critical": 1, "urgent": 1, "highest": 1, "high": 1,
	"extensive": 1, "widespread": 1, "enterprise": 1,
	"medium": 2, "moderate": 2, "normal": 2,
	"significant": 2, "large": 2, "limited": 2, "department": 2, "multiple": 2,
	"low": 3, "lowest": 3, "minor": 3,
	"localized": 3, "localised": 3, "individual": 3, "single": 3,
}

// levelFillers may stand beside a level: "Level 2", "3 - Multiple Users".
var levelFillers = map[string]bool{
	"level": true, "impact": true, "urgency": true, "user": true, "users": true, "people": true,
}

// ParseLevel reads an impact or urgency label as exported ("1 - High", "Medium",
// "Extensive / Widespread", "2") as 1 (high) to 3 (low). As in ParseSeverity, a word
// wins over a number that disagrees, so a four-level "4 - Single User" reads as 3; a
// number alone must be 1 to 3, since 4 or 5 means nothing without its scale. ok is
// false for a blank or unknown label. Bare numbers are read the ITIL way (1 is
// high); Freshservice's numbers, which count the other way, are turned round by
// mapLabels.
func ParseLevel(label string) (level int, ok bool) {
	var word, number int
	for _, tok := range severityTokens(label) {
		if n, found := levelWords[tok]; found {
			if word != 0 && word != n {
				return 0, false
			}
			word = n
			continue
		}
		if len(tok) == 1 && tok[0] >= '1' && tok[0] <= '5' {
			if number != 0 {
				return 0, false
			}
			number = int(tok[0] - '0')
			continue
		}
		if !levelFillers[tok] {
			return 0, false
		}
	}
	switch {
	case word != 0:
		return word, true
	case number >= 1 && number <= 3:
		return number, true
	}
	return 0, false
}

// ladders are the severity scales whose words mean a rank within the scale, not
// what each word means alone: a file whose labels are Major, High, Medium and Low
// uses Major as its top, and one of Blocker, Critical, Major, Minor, Trivial (Jira's
// old default) puts Critical second.
var ladders = [][]string{
	{"critical", "high", "medium", "low"},
	{"major", "high", "medium", "low"},
	{"blocker", "critical", "major", "minor", "trivial"},
	{"highest", "high", "medium", "low", "lowest"},
	{"urgent", "high", "normal", "low"},
	{"emergency", "high", "normal", "low"},
}

// ladderOf reads labels by their rank in the one ladder they all belong to, when
// each is a bare word of it: the reading, and the ladder as "Major > High > ...".
// Where no ladder holds them all, or the ladders that do rank them differently,
// ok is false and each label is read alone.
func ladderOf(labels []string) (reading map[string]int, name string, ok bool) {
	if len(labels) == 0 {
		return nil, "", false
	}
	for _, l := range ladders {
		rank := map[string]int{}
		for i, w := range l {
			rank[w] = i + 1
		}
		r := map[string]int{}
		for _, label := range labels {
			n, in := rank[strings.ToLower(strings.TrimSpace(label))]
			if !in {
				r = nil
				break
			}
			r[label] = n
		}
		if r == nil {
			continue
		}
		if reading != nil {
			for label, n := range r {
				if reading[label] != n {
					return nil, "", false // two ladders fit and disagree
				}
			}
			continue
		}
		words := make([]string, len(l))
		for i, w := range l {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
		reading, name = r, strings.Join(words, " > ")
	}
	return reading, name, reading != nil
}
