// Command awards decides the apply-free awards of directions 10 and 11 of the 2022 高精尖产业发展资金
// guide and writes the roster bureau staff sign. See README.md.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
