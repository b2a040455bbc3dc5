package cfn

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn/syntax"
	"github.com/papilint/papilint/internal/source"
)

// intrinsic names, long form; the YAML short forms map onto them.
var shortForms = map[string]string{
	"!Ref": "Ref", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join",
	"!Select": "Fn::Select", "!Split": "Fn::Split", "!If": "Fn::If", "!Equals": "Fn::Equals",
	"!And": "Fn::And", "!Or": "Fn::Or", "!Not": "Fn::Not", "!FindInMap": "Fn::FindInMap",
	"!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!GetAZs": "Fn::GetAZs",
	"!ImportValue": "Fn::ImportValue", "!Condition": "Condition", "!Transform": "Fn::Transform",
	"!ToJsonString": "Fn::ToJsonString", "!Length": "Fn::Length",
}

// maxEvalDepth bounds recursion through references (Ref chains, nested
// intrinsics), so a template whose references form a cycle cannot hang.
const maxEvalDepth = 200

type evalCtx struct {
	t     *template
	vars  map[string]*graph.Value // Fn::Sub variables
	depth int
}

func (c *evalCtx) deeper() *evalCtx {
	d := *c
	d.depth++
	return &d
}

// intrinsicOf returns the intrinsic function a node calls and its argument.
func intrinsicOf(n *syntax.Node) (string, *syntax.Node) {
	if n == nil {
		return "", nil
	}
	if n.Tag != "" {
		if fn, ok := shortForms[n.Tag]; ok {
			arg := *n
			arg.Tag = ""
			arg.TagRange = source.Range{}
			return fn, &arg
		}
		return "", nil
	}
	if n.Kind == syntax.Mapping && len(n.Pairs) == 1 {
		k := n.Pairs[0].Key.Value
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return k, n.Pairs[0].Value
		}
	}
	return "", nil
}

// eval turns a syntax node into a graph value.
func (c *evalCtx) eval(n *syntax.Node) *graph.Value {
	if n == nil {
		return nil
	}
	if c.depth > maxEvalDepth {
		c.t.l.errorf(n.Range, "references nested too deeply (a cycle?)")
		return graph.NewUnknown("references nested too deeply", n.Range)
	}
	if fn, arg := intrinsicOf(n); fn != "" {
		v := c.deeper().intrinsic(fn, arg, n)
		if v != nil && !v.Range.IsValid() {
			v.Range = n.Range
		}
		return v
	}
	if n.Tag != "" && !strings.HasPrefix(n.Tag, "!!") {
		c.t.l.warnf(n.TagRange, "unknown tag %s", n.Tag)
		return graph.NewUnknown("unknown tag "+n.Tag, n.Range)
	}
	switch n.Kind {
	case syntax.Scalar:
		return scalarValue(n, graph.Literal)
	case syntax.Sequence:
		v := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: n.Range}
		for _, it := range n.Items {
			e := c.eval(it)
			if e != nil && e.Kind == graph.KindNull && c.noValue(it) {
				continue // AWS::NoValue removes a list element
			}
			v.List = append(v.List, e)
		}
		return v
	case syntax.Mapping:
		v := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: n.Range}
		for _, p := range n.Pairs {
			fv := c.eval(p.Value)
			if fv != nil && fv.Kind == graph.KindNull && c.noValue(p.Value) {
				continue // AWS::NoValue removes the property
			}
			v.Fields = append(v.Fields, &graph.Field{Key: p.Key.Value, KeyRange: p.Key.Range, Value: fv})
		}
		return v
	}
	return graph.NewUnknown("unreadable value", n.Range)
}

func isNoValue(n *syntax.Node) bool {
	fn, arg := intrinsicOf(n)
	if fn == "Ref" && arg != nil && arg.Kind == syntax.Scalar && arg.Value == "AWS::NoValue" {
		return true
	}
	return false
}

// noValue reports whether n evaluates to AWS::NoValue: written as such, or
// chosen by an Fn::If whose condition could be decided.
func (c *evalCtx) noValue(n *syntax.Node) bool {
	for i := 0; i < maxEvalDepth; i++ {
		if isNoValue(n) {
			return true
		}
		fn, arg := intrinsicOf(n)
		if fn != "Fn::If" || arg.Kind != syntax.Sequence || len(arg.Items) != 3 || arg.Items[0].Kind != syntax.Scalar {
			return false
		}
		switch c.t.conditionByName(arg.Items[0].Value, arg.Items[0].Range, c.depth) {
		case triTrue:
			n = arg.Items[1]
		case triFalse:
			n = arg.Items[2]
		default:
			return false
		}
	}
	return false
}

func scalarValue(n *syntax.Node, p graph.Provenance) *graph.Value {
	switch n.Type {
	case syntax.Int, syntax.Float:
		return graph.NewNumber(n.Value, p, n.Range)
	case syntax.Bool:
		return graph.NewBool(strings.EqualFold(n.Value, "true"), p, n.Range)
	case syntax.Null:
		return graph.NewNull(p, n.Range)
	}
	return graph.NewString(n.Value, p, n.Range)
}

// combine gives a derived value the weakest provenance of its inputs.
func combine(vals ...*graph.Value) graph.Provenance {
	p := graph.Derived
	for _, v := range vals {
		if v == nil {
			continue
		}
		v.Walk(func(x *graph.Value) {
			if x.Prov == graph.Default && p == graph.Derived {
				p = graph.Default
			}
		})
	}
	return p
}

func paramOf(vals ...*graph.Value) string {
	for _, v := range vals {
		if v != nil && v.Param != "" {
			return v.Param
		}
	}
	return ""
}

func (c *evalCtx) intrinsic(fn string, arg, whole *syntax.Node) *graph.Value {
	r := whole.Range
	switch fn {
	case "Ref":
		if arg.Kind != syntax.Scalar {
			name := c.eval(arg)
			if s, ok := name.String(); ok {
				return c.ref(s, r)
			}
			return graph.NewUnknown("Ref to a computed name", r)
		}
		return c.ref(arg.Value, r)
	case "Fn::GetAtt":
		return c.getAtt(arg, r)
	case "Fn::Sub":
		return c.sub(arg, r)
	case "Fn::Join":
		return c.join(arg, r)
	case "Fn::Select":
		return c.selectFn(arg, r)
	case "Fn::Split":
		return c.split(arg, r)
	case "Fn::If":
		return c.ifFn(arg, r)
	case "Fn::FindInMap":
		return c.findInMap(arg, r)
	case "Fn::ImportValue":
		return c.importValue(arg, r)
	case "Fn::Base64":
		v := c.eval(arg)
		if s, ok := v.String(); ok {
			return &graph.Value{Kind: graph.KindString, Str: base64.StdEncoding.EncodeToString([]byte(s)), Prov: combine(v), Range: r}
		}
		return graph.NewUnknown("Fn::Base64 of an unknown value", r)
	case "Fn::ToJsonString":
		v := c.eval(arg)
		if v.IsKnown() {
			b, err := json.Marshal(toPlain(v))
			if err == nil {
				return &graph.Value{Kind: graph.KindString, Str: string(b), Prov: combine(v), Range: r}
			}
		}
		return graph.NewUnknown("Fn::ToJsonString of an unknown value", r)
	case "Fn::Length":
		v := c.eval(arg)
		if v != nil && v.Kind == graph.KindList {
			return graph.NewNumber(strconv.Itoa(len(v.List)), combine(v), r)
		}
		return graph.NewUnknown("Fn::Length of an unknown list", r)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		switch v, dflt := c.decide(whole); v {
		case triTrue:
			return soften(graph.NewBool(true, graph.Derived, r), dflt)
		case triFalse:
			return soften(graph.NewBool(false, graph.Derived, r), dflt)
		}
		return graph.NewUnknown("condition cannot be decided", r)
	case "Fn::GetAZs":
		return graph.NewUnknown("the availability zones are known only at deploy time", r)
	case "Fn::Cidr":
		return graph.NewUnknown("Fn::Cidr is not evaluated", r)
	case "Fn::Transform":
		return graph.NewUnknown("a macro (Fn::Transform) produces this value", r)
	case "Fn::GetStackOutput":
		return c.getStackOutput(arg, r)
	}
	return graph.NewUnknown(fn+" is not evaluated", r)
}

// toPlain converts a known value to plain Go data for JSON encoding.
func toPlain(v *graph.Value) any {
	switch v.Kind {
	case graph.KindString:
		return v.Str
	case graph.KindNumber:
		return json.Number(v.Str)
	case graph.KindBool:
		return v.Bool
	case graph.KindList:
		out := make([]any, len(v.List))
		for i, e := range v.List {
			out[i] = toPlain(e)
		}
		return out
	case graph.KindMap:
		out := map[string]any{}
		for _, f := range v.Fields {
			out[f.Key] = toPlain(f.Value)
		}
		return out
	}
	return nil
}

var pseudoParams = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::Partition": true,
	"AWS::Region": true, "AWS::StackId": true, "AWS::StackName": true, "AWS::URLSuffix": true,
}

// ref evaluates Ref to a parameter, pseudo parameter or resource.
func (c *evalCtx) ref(name string, r source.Range) *graph.Value {
	t := c.t
	if name == "AWS::NoValue" {
		return graph.NewNull(graph.Derived, r)
	}
	if name == "AWS::StackName" && t.stackName != "" {
		return &graph.Value{Kind: graph.KindString, Str: t.stackName, Prov: graph.Derived, Range: r}
	}
	if pseudoParams[name] {
		if s := t.pseudoValue(name); s != "" {
			return &graph.Value{Kind: graph.KindString, Str: s, Prov: graph.Derived, Range: r}
		}
		return graph.NewRef(&graph.Ref{Pseudo: name}, r)
	}
	if p, ok := t.params[name]; ok {
		return t.paramValue(name, p, r)
	}
	if _, ok := t.res[name]; ok {
		return t.resourceRef(name, r, c.depth)
	}
	if c.vars != nil {
		if v, ok := c.vars[name]; ok {
			return v
		}
	}
	if t.generates {
		// The SAM transform generates resources (ServerlessRestApi,
		// MyFunctionRole) and referable properties (MyApi.Stage).
		return graph.NewUnknown(name+" is generated by the SAM transform", r)
	}
	t.l.warnf(r, "Ref to %q, which is neither a parameter nor a resource in this template", name)
	return graph.NewUnknown("Ref to an undefined name "+name, r)
}

// pseudoValue returns the value of a pseudo parameter that the stack's
// known environment decides (a CDK stack with an explicit env), or "".
func (t *template) pseudoValue(name string) string {
	switch name {
	case "AWS::Region":
		return t.region
	case "AWS::AccountId":
		return t.account
	case "AWS::Partition":
		return partitionOf(t.region)
	case "AWS::URLSuffix":
		switch partitionOf(t.region) {
		case "aws", "aws-us-gov":
			return "amazonaws.com"
		case "aws-cn":
			return "amazonaws.com.cn"
		}
	}
	return ""
}

// partitionOf returns the partition of a region in the commercial, China
// and GovCloud partitions, or "" when the region is unknown or elsewhere.
func partitionOf(region string) string {
	switch {
	case region == "":
		return ""
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso"), strings.HasPrefix(region, "eusc-"):
		return ""
	}
	for _, p := range []string{"us-", "eu-", "ap-", "sa-", "ca-", "me-", "af-", "il-", "mx-"} {
		if strings.HasPrefix(region, p) {
			return "aws"
		}
	}
	return ""
}

// getStackOutput evaluates Fn::GetStackOutput {StackName, OutputName,
// Region, RoleArn}, which CDK writes for weak cross-stack references: the
// output of the stack of that name among the templates loaded together
// (a CDK assembly's stacks), or unknown when that stack is not in the scan.
func (c *evalCtx) getStackOutput(arg *syntax.Node, r source.Range) *graph.Value {
	if arg.Kind != syntax.Mapping {
		c.t.l.warnf(arg.Range, "Fn::GetStackOutput needs {StackName, OutputName}")
		return graph.NewUnknown("malformed Fn::GetStackOutput", r)
	}
	stack, ok1 := c.eval(arg.Get("StackName")).String()
	output, ok2 := c.eval(arg.Get("OutputName")).String()
	if arg.Get("StackName") == nil || arg.Get("OutputName") == nil {
		c.t.l.warnf(arg.Range, "Fn::GetStackOutput needs {StackName, OutputName}")
		return graph.NewUnknown("malformed Fn::GetStackOutput", r)
	}
	if !ok1 || !ok2 {
		return graph.NewUnknown("Fn::GetStackOutput of a stack or output named at deploy time", r)
	}
	region := c.t.region
	if rn := arg.Get("Region"); rn != nil {
		rv, ok := c.eval(rn).String()
		if !ok {
			return graph.NewUnknown("Fn::GetStackOutput from a region known only at deploy time", r)
		}
		region = rv
	}
	if v := c.t.l.resolveStackOutput(stack, region, output, r, c.depth); v != nil {
		return v
	}
	return graph.NewUnknown("output "+output+" of stack "+stack+", which is not in the scan (Fn::GetStackOutput)", r)
}

// paramValue returns a parameter's value as used at r.
func (t *template) paramValue(name string, decl *syntax.Node, r source.Range) *graph.Value {
	listParam := false
	if typ := decl.Get("Type"); typ != nil && typ.Kind == syntax.Scalar {
		listParam = typ.Value == "CommaDelimitedList" || strings.HasPrefix(typ.Value, "List<")
		if strings.HasPrefix(typ.Value, "AWS::SSM::Parameter::Value<") {
			return &graph.Value{Kind: graph.KindUnknown, Prov: graph.Unknown, Range: r, Param: name,
				Reason: "parameter " + name + " is read from SSM Parameter Store at deploy time"}
		}
	}
	mk := func(s string, p graph.Provenance, origin source.Range) *graph.Value {
		if listParam {
			v := &graph.Value{Kind: graph.KindList, Prov: p, Range: r, Param: name, Origin: origin}
			if s != "" {
				for _, part := range strings.Split(s, ",") {
					v.List = append(v.List, &graph.Value{Kind: graph.KindString, Str: strings.TrimSpace(part), Prov: p, Range: r, Param: name, Origin: origin})
				}
			}
			return v
		}
		return &graph.Value{Kind: graph.KindString, Str: s, Prov: p, Range: r, Param: name, Origin: origin}
	}
	if s, ok := t.l.opts.Params[name]; ok {
		return mk(s, graph.Literal, source.Range{})
	}
	if v, ok := t.inParams[name]; ok {
		if listParam && v.Kind == graph.KindString {
			// Stack parameters are strings: a parent passes a list as
			// "a,b" (usually through Fn::Join).
			return mk(v.Str, v.Prov, v.Range)
		}
		cp := *v
		cp.Range = r
		if cp.Param == "" {
			cp.Param = name
		}
		cp.Origin = v.Range
		return &cp
	}
	if s, ok := t.ovParams[name]; ok {
		return mk(s, graph.Literal, source.Range{})
	}
	if d := decl.Get("Default"); d != nil {
		if d.Kind == syntax.Scalar {
			return mk(d.Value, graph.Default, d.Range)
		}
		if d.Kind == syntax.Sequence && listParam {
			v := &graph.Value{Kind: graph.KindList, Prov: graph.Default, Range: r, Param: name, Origin: d.Range}
			for _, it := range d.Items {
				v.List = append(v.List, &graph.Value{Kind: graph.KindString, Str: it.Value, Prov: graph.Default, Range: r, Param: name, Origin: it.Range})
			}
			return v
		}
	}
	return &graph.Value{Kind: graph.KindUnknown, Prov: graph.Unknown, Range: r, Param: name,
		Reason: "parameter " + name + " has no default"}
}

// refProperty names, per resource type, the property that Ref returns when
// Ref returns a configured value rather than a generated id.
var refProperty = map[string]string{
	"AWS::ApiGateway::Stage":        "StageName",
	"AWS::ApiGateway::DomainName":   "DomainName",
	"AWS::ApiGatewayV2::DomainName": "DomainName",
	"AWS::Route53::RecordSet":       "Name",
}

// getAttAlias maps Fn::GetAtt attributes that are the same as Ref onto
// "Ref", so both spellings compare equal.
var getAttAlias = map[string]map[string]bool{
	"AWS::EC2::VPCEndpoint":                     {"Id": true},
	"AWS::ApiGateway::RestApi":                  {"RestApiId": true},
	"AWS::EC2::VPC":                             {"VpcId": true},
	"AWS::EC2::SecurityGroup":                   {"GroupId": true},
	"AWS::ElasticLoadBalancingV2::LoadBalancer": {"LoadBalancerArn": true},
	"AWS::ElasticLoadBalancingV2::TargetGroup":  {"TargetGroupArn": true},
	"AWS::ElasticLoadBalancingV2::Listener":     {"ListenerArn": true},
	"AWS::ApiGateway::VpcLink":                  {"VpcLinkId": true},
	"AWS::ApiGatewayV2::VpcLink":                {"VpcLinkId": true},
}

// resourceRef returns what Ref of a resource evaluates to.
func (t *template) resourceRef(name string, r source.Range, depth int) *graph.Value {
	ref := &graph.Ref{Node: t.nodeID(name), Attr: "Ref"}
	prop, ok := refProperty[t.types[name]]
	if !ok {
		return graph.NewRef(ref, r)
	}
	if t.refBusy[name] {
		t.l.errorf(r, "Ref to %s depends on its own %s (a reference cycle)", name, prop)
		return graph.NewRef(ref, r)
	}
	// Remember what the property evaluated to: templates that refer to the
	// same stage many times, through each other, must not cost more each time.
	pv, done := t.refVal[name]
	if !done && depth < maxEvalDepth {
		t.refBusy[name] = true
		props := t.res[name].Value.Get("Properties")
		pv = (&evalCtx{t: t, depth: depth + 1}).eval(props.Get(prop))
		t.refBusy[name] = false
		t.refVal[name] = pv
	}
	if s, ok := pv.String(); ok {
		return &graph.Value{Kind: graph.KindString, Str: s, Prov: combineAtLeastDerived(pv), Range: r, Ref: ref, Param: pv.Param, Origin: pv.Range}
	}
	return graph.NewRef(ref, r)
}

func combineAtLeastDerived(v *graph.Value) graph.Provenance {
	if v.Prov == graph.Default {
		return graph.Default
	}
	return graph.Derived
}

func (c *evalCtx) getAtt(arg *syntax.Node, r source.Range) *graph.Value {
	var res, attr string
	switch arg.Kind {
	case syntax.Scalar:
		i := strings.Index(arg.Value, ".")
		if i <= 0 {
			c.t.l.warnf(arg.Range, "Fn::GetAtt needs Resource.Attribute, got %q", arg.Value)
			return graph.NewUnknown("malformed Fn::GetAtt", r)
		}
		res, attr = arg.Value[:i], arg.Value[i+1:]
	case syntax.Sequence:
		if len(arg.Items) != 2 || arg.Items[0].Kind != syntax.Scalar {
			c.t.l.warnf(arg.Range, "Fn::GetAtt needs a list of two: [Resource, Attribute]")
			return graph.NewUnknown("malformed Fn::GetAtt", r)
		}
		res = arg.Items[0].Value
		av := c.eval(arg.Items[1])
		s, ok := av.String()
		if !ok {
			return graph.NewUnknown("Fn::GetAtt with a computed attribute name", r)
		}
		attr = s
	default:
		c.t.l.warnf(arg.Range, "Fn::GetAtt needs Resource.Attribute or [Resource, Attribute]")
		return graph.NewUnknown("malformed Fn::GetAtt", r)
	}
	t := c.t
	typ, ok := t.types[res]
	if !ok && t.generates {
		return graph.NewUnknown(res+" is generated by the SAM transform", r)
	}
	if !ok {
		t.l.warnf(r, "Fn::GetAtt on %q, which is not a resource in this template", res)
		return graph.NewUnknown("Fn::GetAtt on an undefined resource "+res, r)
	}
	if typ == "AWS::CloudFormation::Stack" && strings.HasPrefix(attr, "Outputs.") {
		if t.childBusy[res] {
			t.l.errorf(r, "the parameters of nested stack %s depend on its own output %s (a reference cycle)", res, strings.TrimPrefix(attr, "Outputs."))
			return graph.NewUnknown("nested stack output cycle", r)
		}
		if child := t.child(res, c.depth); child != nil {
			return child.output(strings.TrimPrefix(attr, "Outputs."), r, c.depth)
		}
	}
	if getAttAlias[typ][attr] {
		attr = "Ref"
	}
	return graph.NewRef(&graph.Ref{Node: t.nodeID(res), Attr: attr}, r)
}

// sub evaluates Fn::Sub.
func (c *evalCtx) sub(arg *syntax.Node, r source.Range) *graph.Value {
	var text *syntax.Node
	vars := map[string]*graph.Value{}
	if fn, _ := intrinsicOf(arg); fn != "" {
		// The template text is itself computed (Fn::Transform, Fn::Join).
		tv := c.eval(arg)
		s, ok := tv.String()
		if !ok {
			return graph.NewUnknown("Fn::Sub of a text known only at deploy time", r)
		}
		arg = &syntax.Node{Kind: syntax.Scalar, Type: syntax.String, Value: s, Range: arg.Range}
	}
	switch arg.Kind {
	case syntax.Scalar:
		text = arg
	case syntax.Sequence:
		if len(arg.Items) == 2 && arg.Items[1].Kind == syntax.Mapping {
			if fn, _ := intrinsicOf(arg.Items[0]); fn != "" {
				tv := c.eval(arg.Items[0])
				s, ok := tv.String()
				if !ok {
					return graph.NewUnknown("Fn::Sub of a text known only at deploy time", r)
				}
				cp := *arg
				cp.Items = []*syntax.Node{{Kind: syntax.Scalar, Type: syntax.String, Value: s, Range: arg.Items[0].Range}, arg.Items[1]}
				arg = &cp
			}
		}
		if len(arg.Items) != 2 || arg.Items[0].Kind != syntax.Scalar || arg.Items[1].Kind != syntax.Mapping {
			c.t.l.warnf(arg.Range, "Fn::Sub needs a string or [string, {variables}]")
			return graph.NewUnknown("malformed Fn::Sub", r)
		}
		text = arg.Items[0]
		for _, p := range arg.Items[1].Pairs {
			vars[p.Key.Value] = c.eval(p.Value)
		}
	default:
		c.t.l.warnf(arg.Range, "Fn::Sub needs a string or [string, {variables}]")
		return graph.NewUnknown("malformed Fn::Sub", r)
	}
	s := text.Value
	var parts []*graph.Value
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, graph.NewString(lit.String(), graph.Literal, r))
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			lit.WriteString(s[i:])
			break
		}
		lit.WriteString(s[i : i+j])
		i += j
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			lit.WriteString(s[i:])
			break
		}
		name := s[i+2 : i+end]
		i += end + 1
		if strings.HasPrefix(name, "!") {
			lit.WriteString("${" + name[1:] + "}")
			continue
		}
		name = strings.TrimSpace(name)
		var v *graph.Value
		if vv, ok := vars[name]; ok {
			v = vv
		} else if dot := strings.Index(name, "."); dot > 0 && !pseudoParams[name] {
			if _, isRes := c.t.res[name[:dot]]; isRes {
				v = c.getAtt(&syntax.Node{Kind: syntax.Scalar, Value: name, Range: r}, r)
			} else {
				v = c.ref(name, r)
			}
		} else {
			v = c.ref(name, r)
		}
		if s2, ok := v.String(); ok {
			if v.Prov == graph.Default {
				// Keep a default as a part of its own, so the result
				// remembers its provenance; its text is not copied into the
				// literal run as well.
				flush()
				parts = append(parts, v)
				continue
			}
			lit.WriteString(s2)
			continue
		}
		flush()
		parts = append(parts, v)
	}
	flush()
	return concat(parts, r)
}

// concat joins parts into a string when all are known, else a Concat.
func concat(parts []*graph.Value, r source.Range) *graph.Value {
	var b strings.Builder
	known := true
	for _, p := range parts {
		s, ok := p.String()
		if !ok {
			known = false
			break
		}
		b.WriteString(s)
	}
	if known {
		return &graph.Value{Kind: graph.KindString, Str: b.String(), Prov: combine(parts...), Range: r, Param: paramOf(parts...)}
	}
	// Merge adjacent known parts so Affix sees whole literals.
	var merged []*graph.Value
	for _, p := range parts {
		if s, ok := p.String(); ok && len(merged) > 0 {
			if prev, ok := merged[len(merged)-1].String(); ok {
				merged[len(merged)-1] = &graph.Value{Kind: graph.KindString, Str: prev + s, Prov: combine(merged[len(merged)-1], p), Range: r}
				continue
			}
		}
		merged = append(merged, p)
	}
	return &graph.Value{Kind: graph.KindConcat, Parts: merged, Prov: graph.Unknown, Range: r,
		Reason: "part of the string is known only at deploy time"}
}

func (c *evalCtx) join(arg *syntax.Node, r source.Range) *graph.Value {
	if arg.Kind != syntax.Sequence || len(arg.Items) != 2 {
		c.t.l.warnf(arg.Range, "Fn::Join needs [delimiter, [values]]")
		return graph.NewUnknown("malformed Fn::Join", r)
	}
	dv := c.eval(arg.Items[0])
	delim, ok := dv.String()
	if !ok {
		return graph.NewUnknown("Fn::Join with an unknown delimiter", r)
	}
	lv := c.eval(arg.Items[1])
	if lv == nil || lv.Kind != graph.KindList {
		return graph.NewUnknown("Fn::Join over a list known only at deploy time", r)
	}
	var parts []*graph.Value
	for i, e := range lv.List {
		if i > 0 && delim != "" {
			parts = append(parts, graph.NewString(delim, graph.Literal, r))
		}
		parts = append(parts, e)
	}
	if len(parts) == 0 {
		return graph.NewString("", graph.Derived, r)
	}
	return concat(parts, r)
}

func (c *evalCtx) selectFn(arg *syntax.Node, r source.Range) *graph.Value {
	if arg.Kind != syntax.Sequence || len(arg.Items) != 2 {
		c.t.l.warnf(arg.Range, "Fn::Select needs [index, [values]]")
		return graph.NewUnknown("malformed Fn::Select", r)
	}
	iv := c.eval(arg.Items[0])
	idx, ok := iv.Int()
	lv := c.eval(arg.Items[1])
	if lv != nil && lv.Kind == graph.KindRef {
		// Selecting from a list attribute (NetworkInterfaceIds, DnsEntries):
		// the element is unknown, but it still comes from that attribute.
		ref := *lv.Ref
		if ok {
			ref.Attr = fmt.Sprintf("%s.%d", ref.Attr, idx)
		}
		return graph.NewRef(&ref, r)
	}
	if !ok {
		return graph.NewUnknown("Fn::Select with an unknown index", r)
	}
	if lv == nil || lv.Kind != graph.KindList {
		return graph.NewUnknown("Fn::Select from a list known only at deploy time", r)
	}
	if idx < 0 || idx >= len(lv.List) {
		if combine(lv, iv) == graph.Default {
			// Only the parameter's example default is too short; the real
			// value is supplied at deploy time.
			return graph.NewUnknown("Fn::Select index beyond the parameter's default list", r)
		}
		c.t.l.warnf(r, "Fn::Select index %d is out of range for a list of %d", idx, len(lv.List))
		return graph.NewUnknown("Fn::Select index out of range", r)
	}
	e := *lv.List[idx]
	if e.Kind != graph.KindRef {
		e.Range = r
	}
	if e.Prov == graph.Literal {
		e.Prov = graph.Derived
	}
	return &e
}

func (c *evalCtx) split(arg *syntax.Node, r source.Range) *graph.Value {
	if arg.Kind != syntax.Sequence || len(arg.Items) != 2 {
		c.t.l.warnf(arg.Range, "Fn::Split needs [delimiter, string]")
		return graph.NewUnknown("malformed Fn::Split", r)
	}
	delim, ok := c.eval(arg.Items[0]).String()
	sv := c.eval(arg.Items[1])
	if sv != nil && sv.Kind == graph.KindRef {
		return sv // splitting an attribute: still derived from it
	}
	s, ok2 := sv.String()
	if !ok || !ok2 || delim == "" {
		return graph.NewUnknown("Fn::Split of a value known only at deploy time", r)
	}
	v := &graph.Value{Kind: graph.KindList, Prov: combine(sv), Range: r}
	for _, part := range strings.Split(s, delim) {
		v.List = append(v.List, &graph.Value{Kind: graph.KindString, Str: part, Prov: v.Prov, Range: r})
	}
	return v
}

func (c *evalCtx) ifFn(arg *syntax.Node, r source.Range) *graph.Value {
	if arg.Kind != syntax.Sequence || len(arg.Items) != 3 || arg.Items[0].Kind != syntax.Scalar {
		c.t.l.warnf(arg.Range, "Fn::If needs [condition, value-if-true, value-if-false]")
		return graph.NewUnknown("malformed Fn::If", r)
	}
	name := arg.Items[0].Value
	switch v, dflt := c.t.decideByName(name, arg.Items[0].Range, c.depth); v {
	case triTrue:
		return soften(c.eval(arg.Items[1]), dflt)
	case triFalse:
		return soften(c.eval(arg.Items[2]), dflt)
	}
	a, b := c.eval(arg.Items[1]), c.eval(arg.Items[2])
	return &graph.Value{Kind: graph.KindChoice, Alts: []*graph.Value{a, b}, Prov: graph.Unknown, Range: r,
		Reason: "condition " + name + " cannot be decided before deploy"}
}

func (c *evalCtx) findInMap(arg *syntax.Node, r source.Range) *graph.Value {
	if arg.Kind != syntax.Sequence || len(arg.Items) < 3 {
		c.t.l.warnf(arg.Range, "Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey]")
		return graph.NewUnknown("malformed Fn::FindInMap", r)
	}
	mapName := arg.Items[0].Value
	if fn, _ := intrinsicOf(arg.Items[0]); fn != "" {
		s, ok := c.eval(arg.Items[0]).String()
		if !ok {
			return graph.NewUnknown("Fn::FindInMap on a mapping chosen at deploy time", r)
		}
		mapName = s
	}
	m := c.t.mappings.Get(mapName)
	if m == nil {
		c.t.l.warnf(arg.Items[0].Range, "Fn::FindInMap: no mapping named %q", mapName)
		return graph.NewUnknown("Fn::FindInMap on an undefined mapping", r)
	}
	k1v, k2v := c.eval(arg.Items[1]), c.eval(arg.Items[2])
	k1, ok1 := k1v.String()
	k2, ok2 := k2v.String()
	// Keys from parameter defaults pick an entry only by default.
	dflt := defaultOf(k1v, k2v)
	var def *syntax.Node
	if len(arg.Items) == 4 {
		def = arg.Items[3].Get("DefaultValue")
	}
	var tops []*syntax.Node
	if ok1 {
		if top := m.Get(k1); top != nil {
			tops = []*syntax.Node{top}
		}
	} else {
		for _, p := range m.Pairs {
			tops = append(tops, p.Value)
		}
	}
	var alts []*graph.Value
	for _, top := range tops {
		var leafs []*syntax.Node
		if ok2 {
			if l := top.Get(k2); l != nil {
				leafs = append(leafs, l)
			}
		} else {
			for _, p := range top.Pairs {
				leafs = append(leafs, p.Value)
			}
		}
		for _, l := range leafs {
			v := c.eval(l)
			if v.Prov == graph.Literal {
				v.Prov = graph.Derived
			}
			v.Range = r
			v.Origin = l.Range
			alts = append(alts, v)
		}
	}
	if ok1 && ok2 {
		if len(alts) == 1 {
			return soften(alts[0], dflt)
		}
		if def != nil {
			return soften(c.eval(def), dflt)
		}
		c.t.l.warnf(r, "Fn::FindInMap: no entry %s/%s in mapping %s", k1, k2, mapName)
		return graph.NewUnknown("Fn::FindInMap entry missing", r)
	}
	if len(alts) == 0 {
		return graph.NewUnknown("Fn::FindInMap with keys known only at deploy time", r)
	}
	// Keys unknown: the value is one of the mapping's entries.
	distinct := map[string]bool{}
	for _, a := range alts {
		distinct[a.Display()] = true
	}
	if len(distinct) == 1 {
		return alts[0]
	}
	sort.SliceStable(alts, func(i, j int) bool { return alts[i].Display() < alts[j].Display() })
	return &graph.Value{Kind: graph.KindChoice, Alts: alts, Prov: graph.Unknown, Range: r,
		Reason: "Fn::FindInMap key known only at deploy time"}
}

func (c *evalCtx) importValue(arg *syntax.Node, r source.Range) *graph.Value {
	nv := c.eval(arg)
	name, ok := nv.String()
	if !ok {
		return graph.NewUnknown("Fn::ImportValue of a name known only at deploy time", r)
	}
	if v := c.t.l.resolveExport(name, r, c.depth); v != nil {
		return v
	}
	return graph.NewUnknown("imported from a stack outside the scan (export "+name+")", r)
}

// condition evaluates a condition expression (Fn::Equals, Fn::And, ...).
func (c *evalCtx) condition(n *syntax.Node) tri {
	v, _ := c.decide(n)
	return v
}

// decide evaluates a condition expression. When the outcome rests on a
// parameter's default, dflt is the default-provenance value it rests on (its
// Param names the parameter): deployed with another value, the outcome may
// be the other one, so what it selects is no more certain than a default.
func (c *evalCtx) decide(n *syntax.Node) (v tri, dflt *graph.Value) {
	if c.depth > maxEvalDepth {
		return triUnknown, nil
	}
	fn, arg := intrinsicOf(n)
	cc := c.deeper()
	switch fn {
	case "Condition":
		if arg.Kind == syntax.Scalar {
			return c.t.decideByName(arg.Value, arg.Range, c.depth)
		}
	case "Fn::Equals":
		if arg.Kind != syntax.Sequence || len(arg.Items) != 2 {
			c.t.l.warnf(n.Range, "Fn::Equals needs two values")
			return triUnknown, nil
		}
		a, b := cc.eval(arg.Items[0]), cc.eval(arg.Items[1])
		if a.Ref != nil && b.Ref != nil && a.Kind == graph.KindRef && b.Kind == graph.KindRef {
			if a.Ref.Same(b.Ref) {
				return triTrue, nil
			}
			return triUnknown, nil
		}
		sa, oka := a.String()
		sb, okb := b.String()
		if !oka || !okb {
			return triUnknown, nil
		}
		if sa == sb {
			return triTrue, defaultOf(a, b)
		}
		return triFalse, defaultOf(a, b)
	case "Fn::Not":
		if arg.Kind == syntax.Sequence && len(arg.Items) == 1 {
			switch v, d := cc.decide(arg.Items[0]); v {
			case triTrue:
				return triFalse, d
			case triFalse:
				return triTrue, d
			}
		}
		return triUnknown, nil
	case "Fn::And", "Fn::Or":
		if arg.Kind != syntax.Sequence {
			return triUnknown, nil
		}
		// One item with the decisive outcome (false for And, true for Or)
		// settles it; the outcome is firm if any such item is firm.
		decisive, other := triFalse, triTrue
		if fn == "Fn::Or" {
			decisive, other = triTrue, triFalse
		}
		unknown, decided := false, false
		var decidedDflt, otherDflt *graph.Value
		for _, it := range arg.Items {
			v, d := cc.decide(it)
			switch v {
			case triUnknown:
				unknown = true
			case decisive:
				if d == nil {
					return decisive, nil
				}
				if !decided {
					decided, decidedDflt = true, d
				}
			default:
				if otherDflt == nil {
					otherDflt = d
				}
			}
		}
		if decided {
			return decisive, decidedDflt
		}
		if unknown {
			return triUnknown, nil
		}
		return other, otherDflt
	}
	if n.Kind == syntax.Scalar && n.Type == syntax.Bool {
		if strings.EqualFold(n.Value, "true") {
			return triTrue, nil
		}
		return triFalse, nil
	}
	return triUnknown, nil
}

// defaultOf returns the first value that rests on a parameter default, or nil.
func defaultOf(vals ...*graph.Value) *graph.Value {
	for _, v := range vals {
		if v != nil && combine(v) == graph.Default {
			return v
		}
	}
	return nil
}

// soften returns a copy of v chosen by a decision that rests on the
// parameter default dflt: every known value in it becomes a default naming
// that parameter. It returns v itself when dflt is nil.
func soften(v, dflt *graph.Value) *graph.Value {
	if v == nil || dflt == nil {
		return v
	}
	cp := *v
	if cp.Prov == graph.Literal || cp.Prov == graph.Derived {
		cp.Prov = graph.Default
		if cp.Param == "" {
			cp.Param = dflt.Param
		}
	}
	softenAll := func(vs []*graph.Value) []*graph.Value {
		if vs == nil {
			return nil
		}
		out := make([]*graph.Value, len(vs))
		for i, e := range vs {
			out[i] = soften(e, dflt)
		}
		return out
	}
	cp.List, cp.Parts, cp.Alts = softenAll(v.List), softenAll(v.Parts), softenAll(v.Alts)
	if v.Fields != nil {
		cp.Fields = make([]*graph.Field, len(v.Fields))
		for i, f := range v.Fields {
			fc := *f
			fc.Value = soften(f.Value, dflt)
			cp.Fields[i] = &fc
		}
	}
	return &cp
}

// conditionByName evaluates a named condition, with a cycle guard.
func (t *template) conditionByName(name string, r source.Range, depth int) tri {
	v, _ := t.decideByName(name, r, depth)
	return v
}

// decideByName evaluates a named condition like decide, with a cycle guard.
func (t *template) decideByName(name string, r source.Range, depth int) (tri, *graph.Value) {
	if v, ok := t.condVal[name]; ok {
		return v, t.condDflt[name]
	}
	expr, ok := t.conditions[name]
	if !ok {
		t.l.warnf(r, "condition %q is not defined in Conditions", name)
		return triUnknown, nil
	}
	if t.condBusy[name] {
		t.l.errorf(r, "condition %q refers to itself", name)
		return triUnknown, nil
	}
	t.condBusy[name] = true
	v, dflt := (&evalCtx{t: t, depth: depth + 1}).decide(expr)
	t.condBusy[name] = false
	t.condVal[name] = v
	if dflt != nil {
		t.condDflt[name] = dflt
	}
	return v, dflt
}
