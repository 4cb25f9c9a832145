package cmd

import (
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/report"
)

// newAnswerCmd is the breakdown written as an FOI reply.
func newAnswerCmd(s *app) *cobra.Command {
	o := &breakdownOptions{answer: true}
	c := &cobra.Command{
		Use:   "answer [FILE...] [flags]",
		Short: "The FOI officer's answer: the breakdown as letter-ready text, with what it rests on",
		Long: `The breakdown that the filters ask for, worded for a reply to a Freedom of
Information request, followed by what the data can answer for (calls before or after
the log held are not held), the severity definitions used, and the disclosure
policy applied (--suppress).

Formats: text (the default, whatever the output file is called), json (the
answer's parts as fields, and the text whole), html (the text as a page). An
answer is words, not a table: for a table, CSV or a workbook use 'deskstat
breakdown'.`,
		Example: `  deskstat answer samples/council_calls_2013_2014.xlsx --profile samples/council_profile.yaml \
      --severity 1,2 --from 2013-06 --to 2014-09 --where "service=Children's Social Care" --suppress lt5`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.files = args
			if o.format == "" && o.output != "" && filepath.Ext(o.output) == "" {
				o.format = report.Text // a file with no extension: the letter's text
			}
			if o.format == "" && o.output != "" && !slices.Contains(report.AnswerFormats, report.FormatForPath(o.output)) {
				return usagef("-o %s: answer writes %s, to a .txt, .json or .html file (a table, CSV or workbook: use 'deskstat breakdown')", o.output, report.AnswerFormatNames())
			}
			if err := o.check(); err != nil {
				return err
			}
			if o.format == "" {
				o.format = report.Text
			}
			if !slices.Contains(report.AnswerFormats, o.format) {
				what := "--format " + string(o.format)
				if !c.Flags().Changed("format") {
					what = "-o " + o.output
				}
				return usagef("%s: answer writes %s (a table, CSV or workbook: use 'deskstat breakdown')", what, report.AnswerFormatNames())
			}
			return o.run(c, s)
		},
	}
	o.register(c)
	makesFigures(c)
	c.Flags().Lookup("format").Usage = "output format: " + report.AnswerFormatNames() + " (default text)"
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "html"}, cobra.ShellCompDirectiveNoFileComp))
	c.Flags().StringVar(&o.by, "by", "category", "group by this `COLUMN`")
	registerByCompletion(c)
	return c
}
