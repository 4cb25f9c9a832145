package cmd

import (
	"github.com/spf13/cobra"
)

// newAnswerCmd is the breakdown written as an FOI reply.
func newAnswerCmd(s *streams) *cobra.Command {
	o := &breakdownOptions{answer: true}
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
			return o.run(c, s)
		},
	}
	o.register(c)
	c.Flags().StringVar(&o.by, "by", "category", "group by this `COLUMN`")
	registerByCompletion(c)
	return c
}
