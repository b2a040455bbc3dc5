package cdk

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Construct is what papilint knows about the construct behind one resource.
type Construct struct {
	// Path is the construct path, as aws:cdk:path writes it
	// ("Network/Alb/Resource").
	Path string
	// Trace is the creation stack trace, innermost frame first, when the
	// assembly carries one (aws:cdk:creationStack, or the trace of the
	// aws:cdk:logicalId entry in older CDK versions with CDK_DEBUG).
	Trace []string
}

// Index finds the construct of a resource by the chain of nested stacks
// leading to its template and its logical ID.
type Index struct {
	byKey map[string]Construct
	// fromTree holds constructs found only in tree.json, whose logical IDs
	// were computed and may lack a suffix CDK adds (API deployments).
	fromTree map[string]Construct
}

// Metadata entry types.
const (
	entryLogicalID     = "aws:cdk:logicalId"
	entryCreationStack = "aws:cdk:creationStack"
)

func indexKey(nested []string, logicalID string) string {
	return strings.Join(nested, "/") + "#" + logicalID
}

// Lookup returns the construct of a resource.
func (x *Index) Lookup(nested []string, logicalID string) (Construct, bool) {
	if x == nil {
		return Construct{}, false
	}
	key := indexKey(nested, logicalID)
	if c, ok := x.byKey[key]; ok {
		return c, true
	}
	if c, ok := x.fromTree[key]; ok {
		return c, true
	}
	// An API Gateway deployment's logical ID is its computed ID followed by
	// a hash of the API's definition.
	if m := deploymentHash.FindStringIndex(logicalID); m != nil && m[0] > 0 {
		if c, ok := x.fromTree[indexKey(nested, logicalID[:m[0]])]; ok {
			return c, true
		}
	}
	return Construct{}, false
}

var deploymentHash = regexp.MustCompile(`[0-9a-f]{32}$`)

// Constructs indexes the stack's resources: from the aws:cdk:logicalId
// metadata entries (and their creation stack traces), and, for resources
// those do not name, from the construct tree, computing logical IDs the
// way CDK allocates them.
func (s *Stack) Constructs(tree *TreeNode) *Index {
	x := &Index{byKey: map[string]Construct{}, fromTree: map[string]Construct{}}
	type found struct {
		path    string
		logical string
		trace   []string
	}
	var all []found
	nestedAt := map[string]found{} // nested stack construct path → its resource
	for path, es := range s.Metadata {
		f := found{path: path}
		for _, e := range es {
			switch e.Type {
			case entryLogicalID:
				var id string
				if json.Unmarshal(e.Data, &id) == nil {
					f.logical = id
					if len(f.trace) == 0 {
						f.trace = e.Trace
					}
				}
			case entryCreationStack:
				var tr []string
				if json.Unmarshal(e.Data, &tr) == nil && len(tr) > 0 {
					f.trace = tr
				}
			}
		}
		if f.logical == "" {
			continue
		}
		all = append(all, f)
		if n, ok := nestedStackPath(path); ok {
			nestedAt[n] = f
		}
	}
	// chain returns the logical IDs of the nested stack resources that lead
	// to the template holding the construct at path.
	memo := map[string][]string{}
	var chain func(path string, depth int) []string
	chain = func(path string, depth int) []string {
		best := ""
		for n := range nestedAt {
			if strings.HasPrefix(path, n+"/") && len(n) > len(best) {
				best = n
			}
		}
		if best == "" || depth > maxNesting {
			return nil
		}
		if c, ok := memo[best]; ok {
			return c
		}
		c := append(append([]string(nil), chain(nestedAt[best].path, depth+1)...), nestedAt[best].logical)
		memo[best] = c
		return c
	}
	for _, f := range all {
		x.byKey[indexKey(chain(f.path, 0), f.logical)] = Construct{Path: strings.TrimPrefix(f.path, "/"), Trace: f.trace}
	}
	if tree != nil {
		if st := tree.Find(s.DisplayName); st != nil {
			x.addTree(st, nil, st.Path)
		}
	}
	return x
}

// nestedStackPath recognises the construct path of a nested stack's
// AWS::CloudFormation::Stack resource ("/Main/Api.NestedStack/Api.NestedStackResource")
// and returns the nested stack's own construct path ("/Main/Api").
func nestedStackPath(path string) (string, bool) {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return "", false
	}
	res := path[i+1:]
	id, ok := strings.CutSuffix(res, ".NestedStackResource")
	if !ok || !strings.HasSuffix(path[:i], "/"+id+".NestedStack") {
		return "", false
	}
	return strings.TrimSuffix(path[:i], ".NestedStack"), true
}

// addTree indexes the CloudFormation resources under a stack's tree node.
func (x *Index) addTree(stack *TreeNode, nested []string, stackPath string) {
	var walk func(n *TreeNode, depth int)
	walk = func(n *TreeNode, depth int) {
		if depth > 512 {
			return
		}
		for _, c := range n.sortedChildren() {
			if c.IsNestedStack() && len(nested) < maxNesting {
				// Its resources are in its own template, under the logical
				// ID of the stack resource CDK adds beside it.
				resPath := c.Path + ".NestedStack/" + c.ID + ".NestedStackResource"
				if comps, ok := relComponents(stackPath, resPath); ok {
					x.addTree(c, append(append([]string(nil), nested...), makeUniqueID(comps)), c.Path)
				}
				continue
			}
			if c.IsCloudFormationResource() {
				if comps, ok := relComponents(stackPath, c.Path); ok {
					key := indexKey(nested, makeUniqueID(comps))
					if _, done := x.byKey[key]; !done {
						x.fromTree[key] = Construct{Path: c.Path}
					}
				}
			}
			walk(c, depth+1)
		}
	}
	walk(stack, 0)
}

// relComponents returns the ids of the constructs from below stackPath down
// to path.
func relComponents(stackPath, path string) ([]string, bool) {
	rest, ok := strings.CutPrefix(path, stackPath+"/")
	if !ok || rest == "" {
		return nil, false
	}
	return strings.Split(rest, "/"), true
}

// makeUniqueID computes the logical ID CDK allocates to a CloudFormation
// element from the ids of its scopes below the stack: the ids without
// "Default" and without "Resource", duplicates at the joins removed, non
// alphanumerics dropped, followed by the first 8 hex digits (upper case) of
// the MD5 of the path. A single component is used as it is.
func makeUniqueID(components []string) string {
	var cs []string
	for _, c := range components {
		if c != "Default" {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return ""
	}
	if len(cs) == 1 {
		if id := alnum(cs[0]); len(id) <= 255 {
			return id
		}
	}
	sum := md5.Sum([]byte(strings.Join(cs, "/")))
	hash := strings.ToUpper(hex.EncodeToString(sum[:])[:8])
	var human strings.Builder
	var kept []string
	for _, c := range cs {
		if len(kept) == 0 || !strings.HasSuffix(kept[len(kept)-1], c) {
			kept = append(kept, c)
		}
	}
	for _, c := range kept {
		if c != "Resource" {
			human.WriteString(alnum(c))
		}
	}
	h := human.String()
	if len(h) > 240 {
		h = h[:240]
	}
	return h + hash
}

func alnum(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// TreeNode is a node of tree.json.
type TreeNode struct {
	ID            string                     `json:"id"`
	Path          string                     `json:"path"`
	Children      map[string]*TreeNode       `json:"children"`
	Attributes    map[string]json.RawMessage `json:"attributes"`
	ConstructInfo *struct {
		FQN string `json:"fqn"`
	} `json:"constructInfo"`
	// A subtree written to another file (large trees): FileName names the
	// forest file and TreeID the tree in it.
	FileName string `json:"fileName"`
	TreeID   string `json:"treeId"`
}

// CloudFormationType is the resource type of an L1 construct, or "".
func (n *TreeNode) CloudFormationType() string {
	var t string
	if raw, ok := n.Attributes["aws:cdk:cloudformation:type"]; ok {
		_ = json.Unmarshal(raw, &t)
	}
	return t
}

// IsCloudFormationResource reports whether the node is a CloudFormation
// resource: a typed L1 construct, or a plain CfnResource (what custom
// resources and CDK's own providers create).
func (n *TreeNode) IsCloudFormationResource() bool {
	return n.CloudFormationType() != "" || (n.ConstructInfo != nil && n.ConstructInfo.FQN == "aws-cdk-lib.CfnResource")
}

// IsNestedStack reports whether the node is a NestedStack construct.
func (n *TreeNode) IsNestedStack() bool {
	return n.ConstructInfo != nil && n.ConstructInfo.FQN == "aws-cdk-lib.NestedStack"
}

// Find returns the node with a construct path, or nil.
func (n *TreeNode) Find(path string) *TreeNode {
	if n == nil {
		return nil
	}
	cur := n
	if path == "" {
		return cur
	}
	for _, id := range strings.Split(path, "/") {
		next := cur.Children[id]
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

func (n *TreeNode) sortedChildren() []*TreeNode {
	ids := make([]string, 0, len(n.Children))
	for id := range n.Children {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]*TreeNode, 0, len(ids))
	for _, id := range ids {
		if c := n.Children[id]; c != nil {
			out = append(out, c)
		}
	}
	return out
}

// readTree reads tree.json, following references to subtrees written to
// forest files beside it.
func readTree(path string, read Reader) (*TreeNode, error) {
	var doc struct {
		Tree *TreeNode `json:"tree"`
	}
	if err := readJSON(path, read, &doc); err != nil {
		return nil, err
	}
	if doc.Tree == nil {
		return nil, fmt.Errorf("no tree in it")
	}
	dir := filepath.Dir(path)
	forests := map[string]map[string]*TreeNode{}
	budget := 10000 // subtree references followed at most
	var resolve func(n *TreeNode, depth int) error
	resolve = func(n *TreeNode, depth int) error {
		if depth > 512 {
			return fmt.Errorf("tree deeper than 512")
		}
		for id, c := range n.Children {
			if c == nil {
				continue
			}
			if c.FileName != "" && c.TreeID != "" {
				if budget--; budget < 0 {
					return fmt.Errorf("too many subtree files")
				}
				forest, ok := forests[c.FileName]
				if !ok {
					fp, ok := inside(dir, c.FileName)
					if !ok || strings.ContainsAny(c.FileName, `/\`) {
						return fmt.Errorf("subtree file %q is not beside tree.json", c.FileName)
					}
					var fdoc struct {
						Forest map[string]*TreeNode `json:"forest"`
					}
					if err := readJSON(fp, read, &fdoc); err != nil {
						return err
					}
					forest = fdoc.Forest
					forests[c.FileName] = forest
				}
				sub := forest[c.TreeID]
				if sub == nil {
					return fmt.Errorf("subtree %s not found in %s", c.TreeID, c.FileName)
				}
				n.Children[id] = sub
				c = sub
			}
			if err := resolve(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := resolve(doc.Tree, 0); err != nil {
		return doc.Tree, err
	}
	return doc.Tree, nil
}

// Frame is one frame of a creation stack trace.
type Frame struct {
	File      string // as written in the trace
	Line, Col int    // 1-based; Col is 0 when the trace gives none
}

// UserFrames returns the frames of a creation stack trace that are in the
// user's code, innermost first: not in node_modules (aws-cdk-lib, constructs
// and other installed libraries), not Node.js internals, not the summaries
// current CDK writes for them ("...new Vpc in aws-cdk-lib...").
func UserFrames(trace []string) []Frame {
	var out []Frame
	for _, line := range trace {
		s := strings.TrimSpace(line)
		s = strings.TrimPrefix(s, "at ")
		if strings.HasPrefix(s, "...") || s == "" {
			continue
		}
		if i := strings.LastIndexByte(s, '('); i >= 0 && strings.HasSuffix(s, ")") {
			s = s[i+1 : len(s)-1]
		}
		s = strings.TrimPrefix(s, "file://")
		if strings.HasPrefix(s, "node:") || strings.HasPrefix(s, "internal/") || s == "native" || strings.HasPrefix(s, "<") {
			continue
		}
		f, ok := parseLocation(s)
		if !ok {
			continue
		}
		slash := filepath.ToSlash(strings.ReplaceAll(f.File, `\`, "/"))
		if strings.Contains(slash, "/node_modules/") || strings.HasPrefix(slash, "node_modules/") {
			continue
		}
		out = append(out, f)
	}
	return out
}

// parseLocation reads "path:line:col" or "path:line".
func parseLocation(s string) (Frame, bool) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 {
		return Frame{}, false
	}
	last, err := strconv.Atoi(s[i+1:])
	if err != nil || last <= 0 {
		return Frame{}, false
	}
	if j := strings.LastIndexByte(s[:i], ':'); j > 0 {
		if line, err := strconv.Atoi(s[j+1 : i]); err == nil && line > 0 {
			return Frame{File: s[:j], Line: line, Col: last}, true
		}
	}
	return Frame{File: s[:i], Line: last}, true
}
