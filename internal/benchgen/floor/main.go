// Command floor is the parse floor of scripts/bench: it only reads and
// parses every candidate file under its arguments — YAML with yaml.v3,
// JSON with encoding/json, Terraform with hclparse — on all cores, and
// prints how many files and bytes it parsed. Nothing a scanner could skip
// is left out, and nothing beyond parsing is done.
package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2/hclparse"
	"gopkg.in/yaml.v3"
)

func main() {
	start := time.Now()
	var files []string
	for _, root := range os.Args[1:] {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
	}
	var parsed, bytes, failed atomic.Int64
	work := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				name := strings.ToLower(filepath.Base(p))
				var kind string
				switch {
				case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tfvars"):
					kind = "hcl"
				case strings.HasSuffix(name, ".tf.json"):
					kind = "hcljson"
				case strings.HasSuffix(name, ".json"):
					kind = "json"
				case strings.HasSuffix(name, ".yaml"), strings.HasSuffix(name, ".yml"), strings.HasSuffix(name, ".template"):
					kind = "yaml"
				default:
					continue
				}
				content, err := os.ReadFile(p)
				if err != nil {
					failed.Add(1)
					continue
				}
				ok := true
				switch kind {
				case "hcl":
					_, diags := hclparse.NewParser().ParseHCL(content, p)
					ok = !diags.HasErrors()
				case "hcljson":
					_, diags := hclparse.NewParser().ParseJSON(content, p)
					ok = !diags.HasErrors()
				case "json":
					var v any
					ok = json.Unmarshal(content, &v) == nil
				case "yaml":
					var n yaml.Node
					ok = yaml.Unmarshal(content, &n) == nil
				}
				if !ok {
					failed.Add(1)
				}
				parsed.Add(1)
				bytes.Add(int64(len(content)))
			}
		}()
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()
	fmt.Printf("parse floor: %d files, %d bytes parsed (%d unparsable) on %d cores in %v\n",
		parsed.Load(), bytes.Load(), failed.Load(), runtime.GOMAXPROCS(0), time.Since(start).Round(time.Microsecond))
}
