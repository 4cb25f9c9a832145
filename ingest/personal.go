package ingest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Who raised or handled a call is personal data, and so is free text, which can name
// them. Exports call such columns anything ("Agent Assigned", "requestor_lname",
// "Informador"), so two rules find them: the words of a header, and the look of a
// column's values. A column either rule catches is not read into a reported column
// unless the user allows personal data.

// personalColumns are the canonical columns that hold who raised or handled a call;
// freeTextColumns hold what people wrote, which can name them. Both are reported only
// with --allow-personal, so any column may be read into them.
var (
	personalColumns = []string{"caller", "assigned_to"}
	freeTextColumns = []string{"summary"}
)

// PersonalColumn says whether a canonical column holds who raised or handled a call.
func PersonalColumn(canon string) bool { return slices.Contains(personalColumns, canon) }

// FreeTextColumn says whether a canonical column holds free text.
func FreeTextColumn(canon string) bool { return slices.Contains(freeTextColumns, canon) }

// WithheldColumns lists the canonical columns a listing withholds: people, and the
// free text that can name them.
func WithheldColumns() []string { return append(slices.Clone(personalColumns), freeTextColumns...) }

// changeColumns are a changelog's Field, From and To: never reported as such. Only
// the rows whose field is the status are read (as the status), and the other rows'
// values (an assignee's name) go nowhere.
var changeColumns = []string{"change_field", "change_from", "change_to"}

// PersonalHeader says whether an export header names people (Logged By, Agent
// Assigned, requestor_lname, From Email ...): see PersonalReason.
func PersonalHeader(header string) bool { return peopleEvidence(header) != "" }

// PersonalReason says why a column with this header may not be reported, in words
// that follow "column X": "names people (header word "agent")", "is free text, which
// can name people (header word "description")"; "" when its header says neither.
func PersonalReason(header string) string {
	if why := peopleEvidence(header); why != "" {
		return "names people (" + why + ")"
	}
	if why := freeTextEvidence(header); why != "" {
		return "is free text, which can name people (" + why + ")"
	}
	return ""
}

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	// peopleWords name people wherever they stand in a header ("Owner First Name",
	// "Agent Assigned"), unless its last word is a thing. Plurals count too, except
	// "users": "Users Affected" is a count.
	peopleWords = wordSet(
		"name", "fname", "lname", "firstname", "lastname", "surname", "forename", "givenname", "familyname",
		"fullname", "displayname", "middlename", "username", "userid", "login", "loginid", "logon",
		"email", "mail", "phone", "telephone", "tel", "mobile", "fax",
		"user", "employee", "analyst", "agent", "owner", "assignee", "assigner", "handler", "requester",
		"requestor", "reporter", "caller", "creator", "contact", "person", "people", "customer", "client",
		"technician", "engineer", "staff", "submitter", "author", "operator", "approver", "resolver",
		"watcher", "participant", "lead", "leader", "manager", "supervisor", "member", "who", "initials",
		"officer", "worker", "colleague", "recipient", "sender", "informer", "raiser", "originator",
		"consultant", "specialist", "advisor", "adviser", "applicant", "resident", "patient", "pupil", "student",
		// Spanish and French exports.
		"informador", "informante", "solicitante", "responsable", "usuario", "tecnico", "agente", "cliente",
		"nombre", "apellido", "apellidos", "correo", "telefono", "empleado", "propietario", "persona",
		"contacto", "analista", "demandeur", "utilisateur", "nom", "prenom", "courriel", "technicien")
	// byWhom are the verbs whose "X by", "X for" (and for a few "X to") name people:
	// "Created By" is a person where "Created" is a date and "Caused By" a change.
	byWhom = wordSet("created", "opened", "logged", "raised", "reported", "submitted", "requested",
		"assigned", "allocated", "reassigned", "delegated", "handled", "resolved", "solved", "closed",
		"updated", "modified", "changed", "approved", "owned", "entered", "edited", "completed",
		"cancelled", "canceled", "deleted", "fixed", "taken", "actioned", "answered", "attended",
		"processed", "worked", "performed", "sent", "forwarded", "affected",
		"creado", "abierto", "asignado", "resuelto", "cerrado", "reportado", "solicitado", "registrado")
	toWhom = wordSet("assigned", "allocated", "reassigned", "delegated", "sent", "forwarded", "asignado")
	whom   = wordSet("by", "for", "por", "para", "par")
	// alone are verbs that, as the whole header, name who did it: "Assigned" in a
	// hand-kept log. "Created", "Reported", "Resolved" alone are dates.
	alone = wordSet("assigned", "handled", "asignado")
	// nameParts make "X Name" a person's name: "Full Name", "First Name"; "Project
	// Name" is not.
	nameParts = wordSet("first", "last", "full", "given", "family", "middle", "display", "sur", "fore",
		"preferred", "legal", "maiden", "user", "contact", "person", "your")
	// things end headers that hold a team, place, date, count, kind or rating, even
	// with a people word before them: "Owner Group", "Assigned at", "Contact Type",
	// "Agent wait time in minutes", "Customer Satisfaction".
	things = wordSet("group", "groups", "team", "teams", "queue", "department", "dept", "unit", "division",
		"directorate", "section", "org", "organisation", "organization", "organisations", "organizations",
		"company", "agency", "vendor", "supplier", "domain", "location", "site", "office", "building",
		"centre", "center", "branch", "region", "area", "country", "city", "type", "category", "class",
		"kind", "code", "reason", "time", "date", "day", "days", "at", "on", "hours", "hour", "hrs",
		"minutes", "mins", "seconds", "duration", "count", "total", "status", "state", "interactions",
		"stations", "score", "rating", "satisfaction", "survey", "feedback", "method", "channel", "source",
		"system", "server", "service", "device", "level", "tier", "role", "sla", "priority", "impact",
		"urgency", "severity", "language", "locale", "timezone", "flag", "tag", "tags", "label", "labels",
		"grupo", "equipo", "fecha", "tipo", "categoria", "departamento", "estado", "hora")
	// leadThings begin headers in languages that put the thing first: "Grupo
	// Responsable", "Fecha de creación"; and "Date Assigned To".
	leadThings = wordSet("grupo", "equipo", "fecha", "tipo", "categoria", "departamento", "estado", "hora",
		"groupe", "equipe", "date")
	// unitTail are the words of a trailing "in minutes within business hours".
	unitTail = wordSet("in", "within", "per", "minutes", "mins", "hours", "hrs", "hour", "days", "day",
		"seconds", "business", "working", "calendar")
	// freeText end headers of what people wrote; "Problem" and "Issue" only alone:
	// "Issue key" and "problem_id" are references.
	freeText = wordSet("summary", "description", "desc", "details", "detail", "notes", "note",
		"comments", "comment", "subject", "title", "narrative", "text", "body", "message", "remarks",
		"remark", "descripcion", "resumen", "asunto", "comentario", "comentarios", "observaciones")
	freeTextAlone = wordSet("problem", "issue", "symptoms")
	// joined are further words that headers run together ("shortdescription",
	// "syscreatedby", "callerid"): with every word above, a run-together header is
	// split into them when it can be split into nothing else.
	joined = wordSet("sys", "id", "address", "call", "ticket", "incident", "request", "case", "work",
		"close", "short", "long", "from", "to", "of", "de", "last", "external", "internal", "primary",
		"affected", "initially", "number", "no", "created", "opened", "logged", "updated")
)

// vocabulary is every word headerWords splits run-together headers into.
var vocabulary = func() map[string]bool {
	v := map[string]bool{}
	for _, set := range []map[string]bool{peopleWords, byWhom, toWhom, whom, nameParts, things, leadThings, freeText, freeTextAlone, joined} {
		for w := range set {
			v[w] = true
		}
	}
	return v
}()

// headerWords splits a header into lower-case words: at anything not a letter or
// digit, where camelCase turns ("requestorName"), between letters and digits, and a
// run-together word into words of the vocabulary ("assignedto": "assigned", "to").
// Accents are dropped ("Técnico"), and "e-mail" is one word.
func headerWords(header string) []string {
	h := strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n", "ç", "c", "è", "e", "ê", "e",
		"Á", "A", "É", "E", "Í", "I", "Ó", "O", "Ú", "U", "Ñ", "N").Replace(header)
	h = emailSpelling.ReplaceAllString(h, "${1}mail")
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(h)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			switch {
			case unicode.IsLower(prev) && unicode.IsUpper(r), // requestorName
				unicode.IsDigit(prev) != unicode.IsDigit(r), // Sev1
				// the last capital of a run starts a word: "UserIDNumber"
				unicode.IsUpper(prev) && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	var out []string
	for _, w := range words {
		out = append(out, splitJoined(w)...)
	}
	return out
}

var emailSpelling = regexp.MustCompile(`(?i)\b(e)[-_ ]mail`)

// splitJoined splits a word that is not in the vocabulary into the fewest words of
// it that make it up, or leaves it whole. A split into short words only ("toby":
// "to", "by") is no split.
func splitJoined(w string) []string {
	if vocabulary[w] || len(w) < 4 {
		return []string{w}
	}
	// best[i] is the fewest words making up w[:i], and from[i] where the last began.
	best := make([]int, len(w)+1)
	from := make([]int, len(w)+1)
	for i := 1; i <= len(w); i++ {
		best[i] = -1
		for j := 0; j < i; j++ {
			if best[j] >= 0 && vocabulary[w[j:i]] && (best[i] < 0 || best[j]+1 < best[i]) {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[len(w)] < 0 {
		return []string{w}
	}
	var parts []string
	long := false
	for i := len(w); i > 0; i = from[i] {
		parts = append(parts, w[from[i]:i])
		long = long || i-from[i] >= 3
	}
	if !long {
		return []string{w}
	}
	slices.Reverse(parts)
	return parts
}

// trimUnits drops a trailing "in minutes", "(in Hrs)", "within business hours".
func trimUnits(words []string) []string {
	for k := 1; k < len(words); k++ {
		if words[k] != "in" && words[k] != "within" && words[k] != "per" {
			continue
		}
		all := true
		for _, w := range words[k+1:] {
			all = all && unitTail[w]
		}
		if all {
			return words[:k]
		}
	}
	return words
}

// peopleEvidence names the header words that say a column holds people, or "".
func peopleEvidence(header string) string {
	words := trimUnits(headerWords(header))
	if len(words) == 0 {
		return ""
	}
	last := len(words) - 1
	switch {
	case len(words) == 1 && (words[0] == "from" || alone[words[0]]):
		// "From": who e-mailed the call in (osTicket).
		return fmt.Sprintf("header word %q", words[0])
	case things[words[last]], len(words) > 1 && leadThings[words[0]]:
		return ""
	}
	for i, w := range words {
		next := ""
		if i < last {
			next = words[i+1]
		}
		switch {
		case w == "name" || w == "nombre" || w == "nom":
			// "Name", "Full Name", "Requester Name" (below); "Project Name" is not a person.
			if len(words) == 1 {
				return fmt.Sprintf("header word %q", w)
			}
			if i > 0 && nameParts[words[i-1]] {
				return fmt.Sprintf("header words %q", words[i-1]+" "+w)
			}
		case peopleWords[w], w != "users" && strings.HasSuffix(w, "s") && peopleWords[strings.TrimSuffix(w, "s")]:
			return fmt.Sprintf("header word %q", w)
		case byWhom[w] && whom[next], toWhom[w] && (next == "to" || next == "a"):
			return fmt.Sprintf("header words %q", w+" "+next)
		case w == "from" && (next == "address" || next == "mail"):
			return fmt.Sprintf("header words %q", w+" "+next)
		case w == "behalf" && i > 0 && words[i-1] == "on":
			return `header words "on behalf"`
		}
	}
	// A header the aliases read as a personal column is one whatever its words.
	n := normHeader(header)
	for _, c := range canonical {
		if PersonalColumn(c.name) && slices.Contains(c.aliases, n) {
			return fmt.Sprintf("a header deskstat reads as %s", c.name)
		}
	}
	return ""
}

// freeTextEvidence names the header word that says a column holds free text, or "".
func freeTextEvidence(header string) string {
	words := trimUnits(headerWords(header))
	if len(words) == 0 {
		return ""
	}
	if w := words[len(words)-1]; freeText[w] || (len(words) == 1 && freeTextAlone[w]) {
		return fmt.Sprintf("header word %q", w)
	}
	return ""
}

// The values of a column are sampled from the rows spread over the file, up to
// valueSampleDistinct distinct values in file order.
const (
	valueSampleDistinct = 200
)

// checkPersonal refuses, unless allow, a reported column (not caller, assigned_to or
// summary) whose header names people or free text, or whose sampled values look
// like people: e-mail addresses or personal names. The error names the column and
// the rule, never a value. With allow, each such column is a warning instead.
func checkPersonal(s *Summary, rows []sampledRow, allow, dryRun bool) error {
	var reported []string
	values := map[string][]string{}
	for _, canon := range canonicalNames() {
		if _, ok := s.Mapping.Columns[canon]; !ok || PersonalColumn(canon) || FreeTextColumn(canon) || slices.Contains(changeColumns, canon) {
			continue
		}
		reported = append(reported, canon)
		if !slices.Contains(dateColumns, canon) && !slices.Contains(countColumns, canon) {
			values[canon] = distinctValues(rows, s.Mapping.Columns[canon], valueSampleDistinct)
		}
	}
	for _, canon := range reported {
		header := s.Mapping.Header(canon)
		why := PersonalReason(header)
		if v := PeopleValues(values[canon]); why == "" && v != "" {
			why = "names people (" + v + ")"
		}
		if why == "" {
			continue
		}
		if !allow && dryRun { // describe: said, not refused
			s.Warnings = append(s.Warnings, fmt.Sprintf("column %q %s: a report will not read it as %s (--allow-personal overrides)", header, why, canon))
			continue
		}
		if !allow {
			return fmt.Errorf("column %q %s: deskstat does not report it as %s (--allow-personal overrides)", header, why, canon)
		}
		s.Warnings = append(s.Warnings, fmt.Sprintf("column %q %s: read as %s because of --allow-personal; do not publish what is reported from it", header, why, canon))
	}
	return nil
}

// distinctValues lists the first n distinct values (trimmed, not empty) of column
// i among rows, in file order.
func distinctValues(rows []sampledRow, i, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rows {
		if i >= len(r.cells) {
			continue
		}
		v := strings.TrimSpace(r.cells[i])
		if v == "" || slices.Contains(missingMarkers, v) || seen[v] {
			continue
		}
		seen[v] = true
		if out = append(out, v); len(out) == n {
			break
		}
	}
	return out
}

// countColumns are the canonical columns read as numbers.
var countColumns = []string{"update_count", "reopen_count", "reassignment_count"}

// PeopleValues says why a column's distinct values look like people ("its values
// look like e-mail addresses: 41 of 50 sampled"), or "". It counts personal e-mail
// addresses (not a desk's own, such as servicedesk@), personal names ("Mark Venn",
// "Venn, Mark", "mark.venn" with a common given name first; a given name alone such
// as "Rachel") and values shaped like a name ("Ngozi Okafor": two to four
// capitalised words, none of them a word of teams, places or services such as Desk,
// Care, Council or ICT). A column is caught when at least half its values are
// addresses, or names (one of them more than a given name alone, or three given
// names), or both; or when four in five are shaped like names and one in four is a
// known name.
func PeopleValues(values []string) string {
	n := len(values)
	if n == 0 {
		return ""
	}
	var mails, full, single, shaped int
	for _, v := range values {
		switch personLike(v) {
		case personalMail:
			mails++
		case fullName:
			full++
			shaped++
		case givenAlone:
			single++
			shaped++
		case nameShaped:
			shaped++
		}
	}
	names := full + single
	namesOK := names > 0 && (full > 0 || single >= 3)
	switch {
	case 2*mails >= n:
		return fmt.Sprintf("its values look like e-mail addresses: %d of %d sampled", mails, n)
	case namesOK && 2*names >= n:
		return fmt.Sprintf("its values look like people's names: %d of %d sampled begin with a common given name", names, n)
	case mails > 0 && namesOK && 2*(names+mails) >= n:
		return fmt.Sprintf("its values look like people's names and e-mail addresses: %d of %d sampled", names+mails, n)
	case namesOK && 5*shaped >= 4*n && 4*names >= n:
		return fmt.Sprintf("its values look like people's names: %d of %d sampled are shaped like one, %d begin with a common given name", shaped, n, names)
	}
	return ""
}

type personKind int

const (
	notPerson    personKind = iota
	personalMail            // jane.doe@council.gov.uk, "Jane Doe <jane.doe@...>"
	fullName                // Mark Venn, VENN, Mark, mark.venn: a common given name first
	givenAlone              // Rachel
	nameShaped              // Ngozi Okafor: the shape of a name, the given name not known
)

var (
	mailAddress = regexp.MustCompile(`(?i)([a-z0-9._%+'-]+)@[a-z0-9-]+(\.[a-z0-9-]+)+`)
	loginName   = regexp.MustCompile(`^([A-Za-z]+)[._]([A-Za-z]+)$`)
)

func personLike(v string) personKind {
	v = strings.TrimSpace(v)
	if m := mailAddress.FindStringSubmatch(v); m != nil {
		if roleMailbox[strings.ToLower(m[1])] {
			return notPerson
		}
		return personalMail
	}
	if m := loginName.FindStringSubmatch(v); m != nil {
		if givenNames[strings.ToLower(m[1])] {
			return fullName
		}
		return notPerson
	}
	var first string
	var words []string
	if last, given, ok := strings.Cut(v, ","); ok {
		// "Venn, Mark": the surname first.
		lw, gw := strings.Fields(last), strings.Fields(given)
		if len(lw) < 1 || len(lw) > 2 || len(gw) < 1 || len(gw) > 2 {
			return notPerson
		}
		words = append(lw, gw...)
		first = gw[0]
	} else {
		words = strings.Fields(v)
		if len(words) < 1 || len(words) > 4 {
			return notPerson
		}
		first = words[0]
	}
	upper, lower := strings.ToUpper(v) == v, strings.ToLower(v) == v
	for i, w := range words {
		initial := i > 0 && i < len(words)-1 && len([]rune(strings.TrimSuffix(w, "."))) == 1
		if !initial && !nameWord(w, upper || lower) {
			return notPerson
		}
		if notNames[strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))] {
			return notPerson
		}
	}
	known := givenNames[strings.ToLower(first)]
	switch {
	case len(words) == 1 && known:
		return givenAlone
	case len(words) == 1:
		return notPerson
	case known:
		return fullName
	}
	return nameShaped
}

// nameWord says whether w is shaped like a word of a name: letters, with an
// apostrophe or hyphen inside (O'Neill, Smith-Jones), two letters or more, and
// capitalised (McDonald) unless the whole value is in one case.
func nameWord(w string, oneCase bool) bool {
	rs := []rune(w)
	if len(rs) < 2 || !unicode.IsLetter(rs[0]) || !unicode.IsLetter(rs[len(rs)-1]) {
		return false
	}
	hasLower := false
	for _, r := range rs {
		switch {
		case unicode.IsLetter(r):
			hasLower = hasLower || unicode.IsLower(r)
		case r == '\'' || r == '’' || r == '-':
		default:
			return false
		}
	}
	return oneCase || (unicode.IsUpper(rs[0]) && hasLower)
}

// roleMailbox are the local parts of a desk's or a team's own address.
var roleMailbox = wordSet("servicedesk", "service.desk", "helpdesk", "help.desk", "itsupport", "it.support",
	"ictsupport", "support", "ict", "it", "admin", "info", "enquiries", "noreply", "no-reply", "no_reply",
	"donotreply", "do-not-reply", "do_not_reply", "desk", "team", "itservicedesk", "servicenow", "jira",
	"alerts", "monitoring", "system", "postmaster", "webmaster")

// notNames are words of teams, services, places and labels: a value with one of
// them is not a person's name ("Adult Social Care", "Council ICT", "Service Desk",
// "Victoria Library").
var notNames = wordSet(
	"team", "teams", "desk", "support", "service", "services", "care", "social", "group", "unit", "office",
	"council", "department", "dept", "directorate", "division", "section", "school", "schools", "academy",
	"college", "university", "library", "libraries", "centre", "center", "hospital", "clinic", "surgery",
	"trust", "ltd", "limited", "plc", "inc", "llc", "llp", "system", "systems", "network", "networks", "it",
	"ict", "digital", "apps", "applications", "application", "infrastructure", "desktop", "server", "servers",
	"telephony", "security", "finance", "payroll", "hr", "resources", "revenues", "revenue", "benefits",
	"housing", "highways", "planning", "education", "children", "childrens", "adults", "adult", "health",
	"estates", "facilities", "projects", "project", "operations", "management", "admin", "administration",
	"helpdesk", "servicedesk", "line", "tier", "level", "queue", "partnership", "solutions", "direct",
	"customer", "customers", "contact", "house", "hall", "ward", "station", "depot", "and", "of", "the",
	"for", "board", "committee", "authority", "agency", "partners", "partner", "consultancy", "provider",
	"vendor", "supplier", "international", "uk", "holdings", "software", "hardware", "account", "accounts",
	"access", "password", "printer", "printers", "printing", "email", "outlook", "laptop", "issue", "issues",
	"request", "requests", "incident", "incidents", "fault", "faults", "error", "new", "open", "closed",
	"resolved", "pending", "hold", "progress", "awaiting", "waiting", "cancelled", "critical", "high",
	"medium", "low", "normal", "urgent", "major", "minor", "one", "two", "three", "first", "second", "third",
	"north", "south", "east", "west", "central", "county", "city", "borough", "district", "region", "area",
	"civic", "public", "museum", "archive", "archives", "court", "courts", "park", "road", "street",
	"avenue", "gardens", "square", "crescent", "terrace", "police",
	"fire", "rescue", "ambulance", "nhs", "gp", "practice", "pharmacy", "registry", "registrars", "parking",
	"waste", "leisure", "transport", "travel", "legal", "audit", "procurement", "communications", "comms",
	"marketing", "sales", "web", "website", "intranet", "data", "database", "reporting", "analytics",
	"general", "other", "unknown", "misc", "miscellaneous", "none", "all", "external", "internal", "shared",
	"corporate", "business", "members", "member", "mayor", "chief", "executive", "officer", "officers",
	"manager", "managers", "director", "head", "lead", "staff")

// givenNames are common given names in the UK, the words and places among them
// left out (Will, Grace, May, Ray, Frank, Jordan ...).
var givenNames = wordSet(
	// men
	"aaron", "adam", "adrian", "aidan", "alan", "albert", "alex", "alexander", "alfie", "ali", "alistair",
	"andrew", "andy", "angus", "anthony", "antony", "archie", "arthur", "ashley", "barry", "ben", "benjamin",
	"bernard", "billy", "brandon", "brendan", "brian", "bruce", "callum", "calum", "cameron", "carl",
	"charles", "charlie", "chris", "christopher", "clive", "colin", "conor", "connor", "craig", "damian",
	"damien", "daniel", "danny", "darren", "dave", "david", "dean", "declan", "dennis", "derek", "dominic",
	"douglas", "duncan", "dylan", "eddie", "edward", "elliot", "elliott", "eric", "ethan", "euan", "ewan",
	"finley", "finn", "francis", "fraser", "freddie", "frederick", "gareth", "gary", "gavin", "geoffrey",
	"george", "gerald", "gordon", "graham", "gregory", "harry", "harvey", "hassan", "henry", "howard",
	"hugh", "hussain", "ian", "imran", "isaac", "ivan", "jacob", "jake", "james", "jamie", "jason",
	"jeffrey", "jeremy", "jim", "jimmy", "joe", "joel", "john", "johnny", "jon", "jonathan", "joseph",
	"josh", "joshua", "julian", "justin", "karl", "keith", "kenneth", "kevin", "kieran", "kyle", "lawrence",
	"leo", "leon", "leonard", "lewis", "liam", "logan", "louis", "luke", "malcolm", "marcus", "mark",
	"martin", "matthew", "matt", "michael", "mike", "mohammed", "mohammad", "muhammad", "mohamed", "nathan",
	"neil", "nicholas", "nick", "nigel", "noah", "oliver", "oscar", "owen", "patrick", "paul", "peter",
	"philip", "phillip", "raymond", "reece", "rhys", "richard", "rob", "robert", "roger", "ronald", "ross",
	"russell", "ryan", "sam", "samuel", "scott", "sean", "shaun", "simon", "stephen", "steven", "steve",
	"stuart", "terry", "theo", "thomas", "tim", "timothy", "toby", "tom", "tony", "trevor", "tyler",
	"vincent", "wayne", "william", "zachary", "rahul", "raj", "rajesh", "sanjay", "amit", "arjun", "vikram",
	"ravi", "sunil", "anil", "deepak", "tariq", "omar", "yusuf", "usman", "bilal", "kwame", "kofi",
	"chinedu", "emeka", "tunde", "piotr", "tomasz", "krzysztof", "marek", "pawel", "andrzej", "hal", "hank",
	"carlos", "jose", "juan", "luis", "miguel", "pedro", "javier", "manuel", "antonio", "francisco",
	// women
	"abigail", "adele", "aisha", "alice", "alison", "amanda", "amelia", "amy", "andrea", "angela", "anna",
	"anne", "annie", "ann", "antonia", "audrey", "barbara", "beth", "bethany", "beverley", "brenda",
	"bridget", "caitlin", "carla", "carol", "caroline", "carolyn", "catherine", "charlotte", "chloe",
	"christine", "claire", "clare", "deborah", "debbie", "denise", "diana", "diane", "donna", "dorothy",
	"elaine", "eleanor", "elizabeth", "ella", "ellie", "emily", "emma", "erin", "eva", "evelyn", "fatima",
	"fiona", "freya", "gemma", "georgia", "gillian", "hannah", "harriet", "helen", "hazel", "imogen",
	"isabel", "isabella", "isla", "jacqueline", "jane", "janet", "janice", "jasmine", "jean", "jennifer",
	"jenny", "jessica", "jill", "joan", "joanne", "joanna", "jodie", "josephine", "joyce", "judith", "julia",
	"julie", "karen", "kate", "katherine", "kathryn", "katie", "kelly", "kerry", "kim", "kirsty", "laura",
	"lauren", "leah", "lesley", "linda", "lindsay", "lisa", "lorraine", "louise", "lucy", "lynn", "lynne",
	"maisie", "margaret", "maria", "marie", "marion", "martha", "mary", "maureen", "megan", "melanie",
	"melissa", "mia", "michelle", "millie", "molly", "monica", "nadia", "naomi", "natalie", "natasha",
	"nicola", "nicole", "niamh", "nina", "olivia", "paula", "pauline", "priya", "rachel", "rachael",
	"rebecca", "rita", "samantha", "sandra", "sara", "sarah", "sharon", "sheila", "shirley", "siobhan",
	"sophie", "sophia", "stacey", "stephanie", "susan", "suzanne", "tanya", "teresa", "theresa", "tracey",
	"tracy", "valerie", "vanessa", "vicky", "victoria", "wendy", "yvonne", "zoe", "zara", "ayesha", "anika",
	"deepa", "pooja", "sunita", "anita", "neha", "shabana", "nasreen", "amina", "ngozi", "chioma",
	"agnieszka", "katarzyna", "magdalena", "ewa", "carmen", "lucia", "marta", "julia", "alejandra")

// GivenName says whether a word is a common given name (Rachel, mark): a word of
// free text that may name a person.
func GivenName(word string) bool { return givenNames[strings.ToLower(strings.TrimSpace(word))] }
