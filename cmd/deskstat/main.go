// Command deskstat turns help-desk call exports into severity and category figures.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/deskstat/deskstat/cmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cmd.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
