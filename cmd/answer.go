package cmd

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/deskstat/deskstat/queries"
	"github.com/deskstat/deskstat/report"
)

func newAnswerCmd(s *streams) *cobra.Command {
	o := &breakdownOptions{}
	c := &cobra.Command{
		Use:   "answer [FILE...] [flags]",
		Short: "The FOI officer's answer: the breakdown as letter-ready text, with what it rests on",
		Long: `The breakdown that the filters ask for, worded for a reply to a Freedom of
Information request, followed by what the data can answer for (calls before or after
the log held are not held), the severity definitions used, and the disclosure
policy applied (--suppress).`,
		Example: `  deskstat answer samples/council_calls_2013_2014.xlsx --profile samples/council_profile.yaml \
      --severity 1,2 --from 2013-06 --to 2014-09 --where "service=Children's Social Care" --suppress lt5`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.files = args
			if err := o.check(); err != nil {
				return err
			}
			db, err := o.open(c.Context(), s)
			if err != nil {
				return err
			}
			defer db.Close()
			res, err := queries.Breakdown(c.Context(), db, o.parsed, o.by)
			if err != nil {
				return err
			}
			o.suppression().Apply(res)
			return writeResult(s, report.Text, o.output, res.Meta, nil, func(w io.Writer, _ report.Format) error { return report.WriteAnswer(w, res) })
		},
	}
	o.register(c)
	c.Flags().StringVar(&o.by, "by", "category", "group by this `COLUMN`")
	registerByCompletion(c)
	return c
}
