-- The calls {{.Where}} admits, for the coverage of the profile's category rules:
-- each call's id, the rule that took it first (NULL: none), the fields the rules
-- read, and which rules match it ({{.Matches}}: a list of booleans, one a rule).
SELECT ticket_id, category_rule, summary, {{.Matches}} AS matches
FROM tickets
WHERE {{.Where}};
