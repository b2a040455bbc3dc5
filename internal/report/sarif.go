package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/docgen"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// This file is the only importer of go-sarif. go-sarif accepts any string
// where SARIF has an enumeration, so the values papilint writes are the
// constants below; see docs/integrations.md §3 for the library's traps that
// the code here works around.

const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	// columnKindUTF16 is the column unit of every region papilint writes.
	columnKindUTF16 = "utf16CodeUnits"
	// srcRoot is the uriBaseId of every artifact location.
	srcRoot = "%SRCROOT%"
	// logicalKindResource is the kind of a resource's logical location.
	logicalKindResource = "resource"

	// MaxSARIFResults is GitHub code scanning's limit on results per run;
	// a larger file is rejected on upload, so WriteSARIF refuses to write it.
	MaxSARIFResults = 25000
	// maxTags is the number of rule tags GitHub shows.
	maxTags = 10
)

// sarifLevel maps a severity onto a SARIF level.
func sarifLevel(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return "error"
	case analysis.Warning:
		return "warning"
	case analysis.Note:
		return "note"
	}
	return "warning"
}

// Precision maps a catalogue confidence tag onto SARIF's precision: "[V]"
// alone is very-high, "[V]" qualified by an inferred or unconfirmed part
// ("[V] defaults, [I] consequence") is high, "[I]" medium, "[U]" low.
// Anything else is medium.
func Precision(confidence string) string {
	c := strings.TrimSpace(confidence)
	switch {
	case strings.HasPrefix(c, "[V]"):
		if strings.Contains(c, "[I]") || strings.Contains(c, "[U]") {
			return "high"
		}
		return "very-high"
	case strings.HasPrefix(c, "[I]"):
		return "medium"
	case strings.HasPrefix(c, "[U]"):
		return "low"
	}
	return "medium"
}

// WriteSARIF writes res as a SARIF 2.1.0 log with one run, shaped for GitHub
// code scanning (docs/integrations.md §1). rules lists every rule that can
// fire in this run; each gets a descriptor even without results. The output
// is deterministic: no timestamps, rules ordered by ID, results in the
// driver's order, map keys sorted.
func WriteSARIF(w io.Writer, res *driver.Result, rules []*analysis.Analyzer, meta Meta) error {
	if n := len(res.Findings); n > MaxSARIFResults {
		return fmt.Errorf("%d findings exceed GitHub code scanning's limit of %d results per SARIF run; narrow the scan or raise --fail-level", n, MaxSARIFResults)
	}
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	log.Schema = sarifSchemaURI

	drv := sarif.NewDriver(ToolName).WithInformationURI(meta.informationURI())
	if v := strings.TrimPrefix(meta.Version, "v"); v != "" && v[0] >= '0' && v[0] <= '9' {
		drv.WithSemanticVersion(v)
	} else if meta.Version != "" {
		drv.WithVersion(meta.Version) // "(devel)" and the like
	}
	run := sarif.NewRun(sarif.Tool{Driver: drv})
	run.WithColumnKind(columnKindUTF16)
	run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{
		srcRoot: sarif.NewArtifactLocation().WithDescriptionText("The root of the repository."),
	})
	if c := strings.TrimSuffix(meta.Category, "/"); c != "" {
		run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(c + "/"))
	}

	// Every descriptor goes in before the first result: go-sarif looks the
	// rule up when a result is added and writes ruleIndex -1 otherwise.
	descs := descriptorRules(rules, res.Findings)
	index := map[string]int{}
	for i, a := range descs {
		d, err := ruleDescriptor(a)
		if err != nil {
			return err
		}
		drv.AddRule(d)
		index[a.ID] = i
	}

	hashes := map[*source.File][]string{}
	for i := range res.Findings {
		f := &res.Findings[i]
		id := ruleID(*f)
		if _, ok := index[id]; !ok {
			return fmt.Errorf("finding %d has no rule ID", i)
		}
		r := sarifResult(f, hashes)
		run.AddResult(r)
		if r.RuleIndex == nil || int(*r.RuleIndex) != index[id] {
			return fmt.Errorf("internal error: ruleIndex of %s does not match the rules array", id)
		}
	}

	successful := true
	var notes []*sarif.Notification
	for _, n := range res.Notifications {
		lvl := notificationLevel(n)
		if lvl == analysis.Error {
			successful = false
		}
		notes = append(notes, sarifNotification(n, lvl))
	}
	run.AddInvocation(successful).WithToolExecutionNotifications(notes)

	log.AddRun(run)

	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return err
	}
	compact, err := dropNullMembers(raw.Bytes()) // see sarif_json.go
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, compact, "", "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err = w.Write(buf.Bytes())
	return err
}

// descriptorRules merges the rules of the run with the rules of the findings
// (should a caller forget one), keeps the first of each ID, and orders them
// by ID.
func descriptorRules(rules []*analysis.Analyzer, findings []driver.Finding) []*analysis.Analyzer {
	seen := map[string]bool{}
	var out []*analysis.Analyzer
	add := func(a *analysis.Analyzer) {
		if a == nil || !a.IsRule() || seen[a.ID] {
			return
		}
		seen[a.ID] = true
		out = append(out, a)
	}
	for _, a := range rules {
		add(a)
	}
	for _, f := range findings {
		add(f.Rule)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ruleDescriptor builds one entry of tool.driver.rules.
func ruleDescriptor(a *analysis.Analyzer) (*sarif.ReportingDescriptor, error) {
	doc := a.Doc
	if doc == nil {
		doc = &analysis.Doc{}
	}
	short := firstNonEmpty(doc.Title, a.Name, a.ID)
	full := firstNonEmpty(doc.Summary, short)
	d := sarif.NewRule(a.ID).
		WithName(PascalCase(a.Name)).
		WithShortDescription(sarif.NewMultiformatMessageString(short)).
		WithFullDescription(sarif.NewMultiformatMessageString(full)).
		WithHelp(sarif.NewMultiformatMessageString(docgen.Text(a)).WithMarkdown(docgen.Markdown(a))).
		WithHelpURI(docgen.HelpURI(a.ID)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(a.Severity)))

	props := sarif.Properties{"precision": Precision(doc.Confidence)}
	sev := strings.TrimSpace(doc.SecuritySeverity)
	if sev != "" {
		v, err := strconv.ParseFloat(sev, 64)
		if err != nil || !(v > 0 && v <= 10) {
			return nil, fmt.Errorf("rule %s: security severity %q is not a number in (0, 10]", a.ID, doc.SecuritySeverity)
		}
		props["security-severity"] = sev // a string holding a number, as GitHub wants
	}
	if tags := ruleTags(doc.Tags, sev != ""); len(tags) > 0 {
		props["tags"] = tags
	}
	d.WithProperties(props)
	return d, nil
}

// ruleTags returns the rule's tags without duplicates or blanks, with
// "security" first for security rules, and at most maxTags of them.
func ruleTags(tags []string, security bool) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] && len(out) < maxTags {
			seen[t] = true
			out = append(out, t)
		}
	}
	if security {
		add("security")
	}
	for _, t := range tags {
		add(t)
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// sarifResult builds the result for one finding. hashes caches the line
// hashes of each file.
func sarifResult(f *driver.Finding, hashes map[*source.File][]string) *sarif.Result {
	r := sarif.NewRuleResult(f.Rule.ID).
		WithLevel(sarifLevel(level(*f))).
		WithMessage(sarif.NewTextMessage(resultMessage(f)))

	loc := sarif.NewLocation()
	if f.Range.IsValid() {
		loc.WithPhysicalLocation(physical(f.Range))
	}
	if ll := logicalLocations(f.Resource); len(ll) > 0 {
		loc.WithLogicalLocations(ll)
	}
	r.AddLocation(loc)

	// Only related places with a position: GitHub's ingestion rules want a
	// physical location in every location (the SARIF Multitool's GH rules
	// reject one without). The text and JSON outputs keep the others.
	id := 0
	for _, rel := range f.Related {
		if !rel.Range.IsValid() {
			continue
		}
		id++
		rl := sarif.NewLocation().WithId(id).WithPhysicalLocation(physical(rel.Range))
		if rel.Message != "" {
			rl.WithDescriptionText(rel.Message)
		}
		r.AddRelatedLocation(rl)
	}

	if sp := f.Suppression; sp != nil {
		r.AddSuppression(sarif.NewSuppression(sp.Kind).WithJustifcation(sp.Justification))
	}

	fp := map[string]interface{}{"papilint/v1": identityFingerprint(f)}
	if f.Range.IsValid() {
		file := f.Range.File
		h, ok := hashes[file]
		if !ok {
			h = LineHashes(file.Content)
			hashes[file] = h
		}
		if n := f.Range.Start.Line; n >= 1 && int(n) <= len(h) {
			fp["primaryLocationLineHash"] = h[n-1]
		}
	}
	r.WithPartialFingerPrints(fp)
	return r
}

// resultMessage is the finding's message, naming the CDK construct path when
// the message does not already: cdk.out is usually not in the repository, so
// the construct path is how a reader finds the resource.
func resultMessage(f *driver.Finding) string {
	msg := f.Message
	if strings.TrimSpace(msg) == "" && f.Rule.Doc != nil {
		msg = f.Rule.Doc.Title
	}
	if strings.TrimSpace(msg) == "" {
		msg = f.Rule.ID
	}
	if n := f.Resource; n != nil && n.ConstructPath != "" && !strings.Contains(msg, n.ConstructPath) {
		msg += " (CDK construct " + n.ConstructPath + ")"
	}
	return msg
}

// physical is the physical location of a range, its columns in UTF-16 code
// units.
func physical(rg source.Range) *sarif.PhysicalLocation {
	end := endPos(rg)
	region := sarif.NewRegion().
		WithStartLine(int(rg.Start.Line)).
		WithStartColumn(rg.File.UTF16Col(rg.Start)).
		WithEndLine(int(end.Line)).
		WithEndColumn(rg.File.UTF16Col(end))
	return sarif.NewPhysicalLocation().
		WithArtifactLocation(artifact(rg.File.Rel)).
		WithRegion(region)
}

func artifact(rel string) *sarif.ArtifactLocation {
	return sarif.NewSimpleArtifactLocation(rel).WithUriBaseId(srcRoot)
}

// logicalLocations names the resource: its logical ID qualified by its
// stack (the Terraform address as it is), then the CDK construct path.
func logicalLocations(n *graph.Node) []*sarif.LogicalLocation {
	if n == nil || n.Name == "" {
		return nil
	}
	fqn := n.Name
	if n.Format != graph.Terraform && n.Stack != "" {
		fqn = n.Stack + "/" + n.Name
	}
	out := []*sarif.LogicalLocation{
		sarif.NewLogicalLocation().WithName(n.Name).WithFullyQualifiedName(fqn).WithKind(logicalKindResource),
	}
	if n.ConstructPath != "" {
		out = append(out, sarif.NewLogicalLocation().
			WithName(n.ConstructPath).
			WithFullyQualifiedName(n.ConstructPath).
			WithKind(logicalKindResource))
	}
	return out
}

// sarifNotification turns a scan problem into a tool execution
// notification, located when the file (or the place in it) is known.
func sarifNotification(n driver.Notification, lvl analysis.Severity) *sarif.Notification {
	out := sarif.NewNotification().
		WithLevel(sarifLevel(lvl)).
		WithTextMessage(firstNonEmpty(n.Message, n.Code, "scan problem"))
	if n.Code != "" {
		out.WithDescriptor(sarif.NewReportingDescriptorReference().WithId(n.Code))
	}
	switch {
	case n.Range.IsValid():
		out.AddLocation(sarif.NewLocationWithPhysicalLocation(physical(n.Range)))
	case n.File != "":
		out.AddLocation(sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().WithArtifactLocation(artifact(n.File))))
	}
	return out
}
