// Command benchgen writes the benchmark corpus (internal/benchgen):
//
//	benchgen -n 1000 -seed 1 DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/papilint/papilint/internal/benchgen"
)

func main() {
	n := flag.Int("n", 100, "number of stacks")
	seed := flag.Int64("seed", 1, "random seed (the same seed and n give the same files)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: benchgen [-n N] [-seed S] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	c, err := benchgen.Generate(flag.Arg(0), *n, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
	fmt.Println(c.Summary())
}
