// Package cdkts generates the CDK TypeScript flavour of `papilint init`: a
// CDK v2 app (aws-cdk-lib pinned to the version papilint's CDK tests use)
// that deploys the whole private API pattern in one stack. The files come
// from templates embedded in the binary; the package-lock.json is the one
// npm wrote for the template's package.json, so `npm ci` installs exactly
// the versions it was tested with.
package cdkts

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"text/template"

	"github.com/papilint/papilint/internal/scaffold"
)

//go:embed templates
var templateFS embed.FS

// outputs maps each template to the file it becomes; "{stack}" stands for
// the stack file's base name. The order is the order Generate returns.
var outputs = []struct{ tmpl, path string }{
	{"README.md.tmpl", "README.md"},
	{"gitignore.tmpl", ".gitignore"},
	{"package.json.tmpl", "package.json"},
	{"package-lock.json.tmpl", "package-lock.json"},
	{"tsconfig.json.tmpl", "tsconfig.json"},
	{"cdk.json.tmpl", "cdk.json"},
	{"bin/app.ts.tmpl", "bin/app.ts"},
	{"lib/stack.ts.tmpl", "lib/{stack}.ts"},
}

// templates are parsed on first use, not when papilint starts.
var templates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("cdkts").
		Option("missingkey=error").
		Funcs(template.FuncMap{"str": quote}).
		ParseFS(templateFS, "templates/*.tmpl", "templates/*/*.tmpl"))
})

// quote renders s as a JSON string, which is also a valid TypeScript string
// literal.
func quote(s string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// data is what the templates see: the validated options and a few values
// derived from them.
type data struct {
	scaffold.Options
	NewVPC      bool
	ZoneName    string
	SubnetCIDRs []string
	// SubnetMask is the prefix length of each private subnet (new VPC).
	SubnetMask int
	// StackFile is the stack module's base name under lib/.
	StackFile string
}

// Generate returns the files of the CDK app for o, which Validate has
// accepted. The output depends on o alone.
func Generate(o scaffold.Options) ([]scaffold.File, error) {
	chk := o
	chk.SubnetIDs = append([]string(nil), o.SubnetIDs...)
	if chk.Format == "" {
		chk.Format = "cdk-typescript"
	}
	if err := chk.Validate(); err != nil {
		return nil, err
	}
	if chk.Format != "cdk-typescript" {
		return nil, fmt.Errorf("cdkts: options are for format %q", chk.Format)
	}
	d := data{Options: chk, NewVPC: chk.NewVPC(), ZoneName: chk.ZoneName(), StackFile: chk.Name + "-stack"}
	if d.NewVPC {
		d.SubnetCIDRs = chk.SubnetCIDRs()
		var bits int
		if _, err := fmt.Sscanf(d.SubnetCIDRs[0][strings.IndexByte(d.SubnetCIDRs[0], '/')+1:], "%d", &bits); err != nil {
			return nil, fmt.Errorf("cdkts: subnet CIDR %q: %v", d.SubnetCIDRs[0], err)
		}
		d.SubnetMask = bits
	}
	files := make([]scaffold.File, 0, len(outputs))
	for _, out := range outputs {
		var b bytes.Buffer
		if err := templates().ExecuteTemplate(&b, templateName(out.tmpl), d); err != nil {
			return nil, fmt.Errorf("cdkts: %s: %v", out.path, err)
		}
		files = append(files, scaffold.File{
			Path: strings.ReplaceAll(out.path, "{stack}", d.StackFile),
			Data: b.Bytes(),
		})
	}
	return files, nil
}

// templateName is the name ParseFS gives a template: its base name.
func templateName(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }
