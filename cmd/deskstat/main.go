// Command deskstat turns help-desk call exports into severity and category figures.
package main

import (
	"os"

	"github.com/deskstat/deskstat/cmd"
)

func main() {
	os.Exit(cmd.Run())
}
