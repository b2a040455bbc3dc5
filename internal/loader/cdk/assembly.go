// Package cdk reads AWS CDK cloud assemblies (the cdk.out directory that
// `cdk synth` writes) the way the CDK CLI does: the manifest and its
// artifacts, the stacks' templates, parameters, environments and asset
// manifests, nested assemblies for CDK Stages, construct metadata from the
// manifest or the <Stack>.metadata.json files, and tree.json. It knows
// nothing about the graph; internal/loader turns an Assembly into resources
// with the CloudFormation loader.
package cdk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/source"
)

// Artifact types of the cloud assembly schema that papilint reads.
const (
	typeStack         = "aws:cloudformation:stack"
	typeNestedAsm     = "cdk:cloud-assembly"
	typeAssetManifest = "cdk:asset-manifest"
	typeTree          = "cdk:tree"
)

// Manifest versions. The manifest's "version" is the version of the cloud
// assembly schema that wrote it; its major number changes whenever the
// schema changes incompatibly. papilint supports the versions CDK v2 wrote
// in the two years before this release: 38 (aws-cdk-lib 2.15x to 2.17x,
// late 2024) up to 55 (aws-cdk-lib 2.27x, 2026). Older assemblies are read
// on a best-effort basis with a note, since the parts papilint reads have
// not changed; a newer major version is refused, as the CDK CLI refuses an
// assembly newer than itself.
const (
	MinMajor = 38
	MaxMajor = 55
)

// Reader reads a file of the assembly, applying the loader's limits (size,
// encoding, inside the scanned tree).
type Reader func(path string) (*source.File, error)

// Assembly is one cloud assembly directory.
type Assembly struct {
	// Dir is the assembly directory (absolute).
	Dir string
	// Manifest is manifest.json.
	Manifest *source.File
	// Version is the manifest version as written ("55.0.0").
	Version string
	// DisplayName names a nested assembly (the Stage's path); "" at the top.
	DisplayName string
	Stacks      []*Stack
	// Nested are the assemblies of the CDK Stages in this one.
	Nested []*Assembly
	// Tree is the construct tree from tree.json, when there is one.
	Tree *TreeNode
}

// Stack is one aws:cloudformation:stack artifact.
type Stack struct {
	// ID is the artifact ID ("NetworkStack", "ProdNetworkStack1A2B3C4D").
	ID string
	// Name is the name CloudFormation deploys the stack under.
	Name string
	// DisplayName is the stack's construct path ("Prod/Network").
	DisplayName string
	// Account and Region come from the artifact's environment; "" when the
	// stack is environment-agnostic.
	Account, Region string
	// Template is the absolute path of the template file.
	Template string
	// Params are the parameter values the manifest supplies.
	Params map[string]string
	// AssetFiles maps S3 object keys of the stack's file assets to the file
	// they were staged from, relative to the assembly directory (nested
	// stack templates).
	AssetFiles map[string]string
	// Metadata maps construct paths ("/Stack/Alb/Resource") to their
	// metadata entries, from the manifest and the additional metadata file.
	Metadata map[string][]Entry
}

// Entry is one construct metadata entry.
type Entry struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
	// Trace is the creation stack trace older CDK versions attach to an
	// entry when synthesized with CDK_DEBUG=true or --debug.
	Trace []string `json:"trace"`
}

// Problem is a diagnostic about the assembly.
type Problem = source.Diagnostic

type manifestJSON struct {
	Version   *string                    `json:"version"`
	Artifacts map[string]json.RawMessage `json:"artifacts"`
}

type artifactJSON struct {
	Type                   string             `json:"type"`
	Environment            string             `json:"environment"`
	Properties             json.RawMessage    `json:"properties"`
	Metadata               map[string][]Entry `json:"metadata"`
	AdditionalMetadataFile string             `json:"additionalMetadataFile"`
	DisplayName            string             `json:"displayName"`
	Dependencies           []string           `json:"dependencies"`
}

type stackPropsJSON struct {
	TemplateFile string            `json:"templateFile"`
	Parameters   map[string]string `json:"parameters"`
	StackName    string            `json:"stackName"`
}

type fileProps struct {
	File string `json:"file"`
}

type nestedPropsJSON struct {
	DirectoryName string `json:"directoryName"`
	DisplayName   string `json:"displayName"`
}

// IsManifest reports whether content is a cloud assembly manifest: a JSON
// object with a version string and an artifacts object whose entries have
// a type. It is a cheap test used during discovery.
func IsManifest(content []byte) bool {
	c := bytes.TrimSpace(content)
	if len(c) == 0 || c[0] != '{' || !bytes.Contains(c, []byte(`"artifacts"`)) {
		return false
	}
	var m struct {
		Version   json.RawMessage            `json:"version"`
		Artifacts map[string]json.RawMessage `json:"artifacts"`
	}
	if err := json.Unmarshal(c, &m); err != nil || len(m.Version) == 0 || m.Version[0] != '"' {
		return false
	}
	for _, a := range m.Artifacts {
		var t struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(a, &t) == nil && strings.Contains(t.Type, ":") {
			return true
		}
	}
	return false
}

// maxNesting bounds nested assemblies (Stages within Stages).
const maxNesting = 16

// Read reads the assembly whose manifest is manifest. Problems that stop
// the assembly from being read (an unsupported version, a manifest that is
// not valid JSON) return a nil Assembly; others are reported and skipped.
func Read(manifest *source.File, read Reader) (*Assembly, []Problem) {
	return readAssembly(manifest, read, "", 0)
}

func readAssembly(mf *source.File, read Reader, display string, depth int) (*Assembly, []Problem) {
	var probs []Problem
	fail := func(r source.Range, format string, args ...any) {
		probs = append(probs, Problem{Code: "papilint-load", Severity: "error", Range: r, File: mf.Rel, Message: fmt.Sprintf(format, args...)})
	}
	var m manifestJSON
	if err := json.Unmarshal(mf.Content, &m); err != nil {
		fail(source.Range{}, "cloud assembly manifest is not valid JSON: %v", err)
		return nil, probs
	}
	if m.Version == nil {
		fail(source.Range{}, "cloud assembly manifest has no version")
		return nil, probs
	}
	vr := valueRange(mf, "version")
	switch major, ok := majorOf(*m.Version); {
	case !ok:
		fail(vr, "cloud assembly version %q is not a version number papilint understands (it reads versions %d.x to %d.x)", *m.Version, MinMajor, MaxMajor)
		return nil, probs
	case major > MaxMajor:
		fail(vr, "cloud assembly version %s is newer than papilint understands (%d.x to %d.x, written by aws-cdk-lib releases of the last two years); upgrade papilint, or synthesize with an older aws-cdk-lib; not scanned", *m.Version, MinMajor, MaxMajor)
		return nil, probs
	case major < MinMajor:
		probs = append(probs, Problem{Code: "papilint-load", Severity: "note", Range: vr, File: mf.Rel,
			Message: fmt.Sprintf("cloud assembly version %s is older than the versions papilint supports (%d.x to %d.x); it is read on a best-effort basis", *m.Version, MinMajor, MaxMajor)})
	}
	dir := filepath.Dir(mf.Path)
	asm := &Assembly{Dir: dir, Manifest: mf, Version: *m.Version, DisplayName: display}

	// Each artifact on its own, so one that does not fit the schema is
	// skipped with a warning rather than losing the assembly.
	artifacts := map[string]artifactJSON{}
	ids := make([]string, 0, len(m.Artifacts))
	for id, raw := range m.Artifacts {
		var a artifactJSON
		if err := json.Unmarshal(raw, &a); err != nil {
			probs = append(probs, Problem{Code: "papilint-load", Severity: "warning", Range: valueRange(mf, id), File: mf.Rel,
				Message: fmt.Sprintf("artifact %s does not fit the cloud assembly schema (%v); skipped", id, err)})
			continue
		}
		artifacts[id] = a
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		a := artifacts[id]
		switch a.Type {
		case typeStack:
			st, ps := readStack(mf, dir, id, a, artifacts, read)
			probs = append(probs, ps...)
			if st != nil {
				asm.Stacks = append(asm.Stacks, st)
			}
		case typeNestedAsm:
			var p nestedPropsJSON
			_ = json.Unmarshal(a.Properties, &p)
			sub, ok := inside(dir, p.DirectoryName)
			if !ok {
				fail(valueRange(mf, id), "nested assembly %s names directory %q, which is not a folder of this assembly; not scanned", id, p.DirectoryName)
				continue
			}
			if depth >= maxNesting {
				fail(valueRange(mf, id), "nested assemblies deeper than %d; %s not scanned", maxNesting, id)
				continue
			}
			f, err := read(filepath.Join(sub, "manifest.json"))
			if err != nil {
				fail(valueRange(mf, id), "nested assembly %s cannot be read: %v", id, err)
				continue
			}
			name := firstNonEmpty(p.DisplayName, a.DisplayName, id)
			n, ps := readAssembly(f, read, name, depth+1)
			probs = append(probs, ps...)
			if n != nil {
				asm.Nested = append(asm.Nested, n)
			}
		case typeTree:
			var p fileProps
			_ = json.Unmarshal(a.Properties, &p)
			if path, ok := inside(dir, p.File); ok {
				t, err := readTree(path, read)
				if err != nil {
					probs = append(probs, Problem{Code: "papilint-load", Severity: "warning", Range: valueRange(mf, id), File: mf.Rel,
						Message: fmt.Sprintf("construct tree %s cannot be read (%v); construct paths come from the other metadata", p.File, err)})
				}
				asm.Tree = t
			}
		}
	}
	// tree.json describes the whole app; Stages' assemblies have none.
	var share func(a *Assembly)
	share = func(a *Assembly) {
		for _, n := range a.Nested {
			if n.Tree == nil {
				n.Tree = a.Tree
			}
			share(n)
		}
	}
	share(asm)
	return asm, probs
}

func readStack(mf *source.File, dir, id string, a artifactJSON, all map[string]artifactJSON, read Reader) (*Stack, []Problem) {
	var probs []Problem
	warn := func(format string, args ...any) {
		probs = append(probs, Problem{Code: "papilint-load", Severity: "warning", Range: valueRange(mf, id), File: mf.Rel, Message: fmt.Sprintf(format, args...)})
	}
	var p stackPropsJSON
	if err := json.Unmarshal(a.Properties, &p); err != nil || p.TemplateFile == "" {
		probs = append(probs, Problem{Code: "papilint-load", Severity: "error", Range: valueRange(mf, id), File: mf.Rel,
			Message: fmt.Sprintf("stack %s names no template file", id)})
		return nil, probs
	}
	tpl, ok := inside(dir, p.TemplateFile)
	if !ok {
		probs = append(probs, Problem{Code: "papilint-load", Severity: "error", Range: valueRange(mf, id), File: mf.Rel,
			Message: fmt.Sprintf("stack %s names template %q, which is not a file of this assembly; not scanned", id, p.TemplateFile)})
		return nil, probs
	}
	st := &Stack{ID: id, Name: firstNonEmpty(p.StackName, id), DisplayName: firstNonEmpty(a.DisplayName, id),
		Template: tpl, Params: p.Parameters, Metadata: map[string][]Entry{}}
	st.Account, st.Region = parseEnvironment(a.Environment)
	for path, es := range a.Metadata {
		st.Metadata[path] = append(st.Metadata[path], es...)
	}
	if a.AdditionalMetadataFile != "" {
		mp, ok := inside(dir, a.AdditionalMetadataFile)
		var extra map[string][]Entry
		var err error
		if !ok {
			err = fmt.Errorf("not a file of this assembly")
		} else {
			err = readJSON(mp, read, &extra)
		}
		if err != nil {
			warn("metadata file %s of stack %s cannot be read (%v); construct paths and source locations may be missing", a.AdditionalMetadataFile, id, err)
		}
		for path, es := range extra {
			st.Metadata[path] = append(st.Metadata[path], es...)
		}
	}
	// File assets: nested stack templates are staged as assets of the
	// stack, listed in the asset manifests the stack depends on.
	deps := append([]string(nil), a.Dependencies...)
	var ap struct {
		AdditionalDependencies []string `json:"additionalDependencies"`
	}
	_ = json.Unmarshal(a.Properties, &ap)
	deps = append(deps, ap.AdditionalDependencies...)
	seen := map[string]bool{}
	for _, d := range deps {
		da, ok := all[d]
		if !ok || da.Type != typeAssetManifest || seen[d] {
			continue
		}
		seen[d] = true
		var fp fileProps
		_ = json.Unmarshal(da.Properties, &fp)
		path, ok := inside(dir, fp.File)
		if !ok {
			continue
		}
		files, err := readAssetManifest(path, dir, read)
		if err != nil {
			warn("asset manifest %s cannot be read (%v); nested stacks may not be found", fp.File, err)
			continue
		}
		if st.AssetFiles == nil {
			st.AssetFiles = map[string]string{}
		}
		for k, v := range files {
			st.AssetFiles[k] = v
		}
	}
	return st, probs
}

// readAssetManifest returns the object keys of the file assets an asset
// manifest lists, each with the local file it was staged from. Only files
// beside the manifest count; asset.* folders are never read.
func readAssetManifest(path, dir string, read Reader) (map[string]string, error) {
	var am struct {
		Files map[string]struct {
			Source struct {
				Path      string `json:"path"`
				Packaging string `json:"packaging"`
			} `json:"source"`
			Destinations map[string]struct {
				ObjectKey string `json:"objectKey"`
			} `json:"destinations"`
		} `json:"files"`
	}
	if err := readJSON(path, read, &am); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range am.Files {
		if f.Source.Packaging != "" && f.Source.Packaging != "file" {
			continue
		}
		if _, ok := inside(dir, f.Source.Path); !ok {
			continue
		}
		for _, d := range f.Destinations {
			if d.ObjectKey != "" {
				out[d.ObjectKey] = f.Source.Path
			}
		}
	}
	return out, nil
}

func readJSON(path string, read Reader, v any) error {
	f, err := read(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(f.Content, v)
}

// parseEnvironment reads "aws://account/region"; unknown parts are "".
func parseEnvironment(env string) (account, region string) {
	rest, ok := strings.CutPrefix(env, "aws://")
	if !ok {
		return "", ""
	}
	account, region, _ = strings.Cut(rest, "/")
	if strings.HasPrefix(account, "unknown-") || strings.Contains(account, "${") {
		account = ""
	}
	if strings.HasPrefix(region, "unknown-") || strings.Contains(region, "${") {
		region = ""
	}
	return account, region
}

// inside resolves a file or folder name the manifest gives relative to the
// assembly directory. It refuses absolute names, names that leave the
// directory and anything in an asset.* folder.
func inside(dir, name string) (string, bool) {
	if name == "" || filepath.IsAbs(name) || strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) {
		return "", false
	}
	clean := filepath.Clean(filepath.FromSlash(name))
	for _, part := range strings.Split(clean, string(filepath.Separator)) {
		if part == ".." || strings.HasPrefix(part, "asset.") {
			return "", false
		}
	}
	return filepath.Join(dir, clean), true
}

// majorOf returns the major number of a version string ("55.0.0").
func majorOf(v string) (int, bool) {
	head, _, _ := strings.Cut(strings.TrimSpace(v), ".")
	n, err := strconv.Atoi(head)
	if err != nil || n < 0 || strings.HasPrefix(head, "+") {
		return 0, false
	}
	return n, true
}

// valueRange returns the range of the first occurrence of the JSON key k
// in f, for diagnostics; invalid when not found.
func valueRange(f *source.File, k string) source.Range {
	key := []byte(strconv.Quote(k))
	i := bytes.Index(f.Content, key)
	if i < 0 {
		return source.Range{}
	}
	return f.Range(i, i+len(key))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
