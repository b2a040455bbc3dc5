package suppress_test

import "github.com/papilint/papilint/internal/source"

func newFile(text string) *source.File { return source.NewFile("t.yaml", "t.yaml", []byte(text+"\n")) }
