package terraform

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/go-cty-funcs/cidr"
	"github.com/hashicorp/go-cty-funcs/crypto"
	"github.com/hashicorp/go-cty-funcs/encoding"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// Terraform's functions. Most come from go-cty's stdlib; go-cty-funcs adds
// what stdlib lacks and Terraform has (cidr*, hashes, base64). Functions whose result must keep the values it is built from
// (jsonencode of a policy, concat of endpoint ids, toset over an
// endpoint's ENIs) are evaluated on graph values instead, so ranges and
// references survive; so are file access, try and can.

var (
	funcsOnce sync.Once
	ctyFuncs  map[string]function.Function
)

func funcTable() map[string]function.Function {
	funcsOnce.Do(func() {
		ctyFuncs = map[string]function.Function{
			"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
			"chunklist": stdlib.ChunklistFunc, "contains": stdlib.ContainsFunc,
			"csvdecode": stdlib.CSVDecodeFunc, "floor": stdlib.FloorFunc, "format": stdlib.FormatFunc,
			"formatdate": stdlib.FormatDateFunc, "formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc,
			"join": stdlib.JoinFunc, "log": stdlib.LogFunc, "lower": stdlib.LowerFunc, "max": stdlib.MaxFunc,
			"min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "range": stdlib.RangeFunc,
			"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "setintersection": stdlib.SetIntersectionFunc,
			"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
			"signum": stdlib.SignumFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc,
			"substr": stdlib.SubstrFunc, "timeadd": stdlib.TimeAddFunc, "title": stdlib.TitleFunc,
			"tostring": stdlib.MakeToFunc(cty.String), "tonumber": stdlib.MakeToFunc(cty.Number),
			"tobool": stdlib.MakeToFunc(cty.Bool), "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
			"trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc, "upper": stdlib.UpperFunc,
			"zipmap":   stdlib.ZipmapFunc,
			"cidrhost": cidr.HostFunc, "cidrnetmask": cidr.NetmaskFunc, "cidrsubnet": cidr.SubnetFunc,
			"cidrsubnets": cidr.SubnetsFunc, "md5": crypto.Md5Func, "sha1": crypto.Sha1Func,
			"sha256": crypto.Sha256Func, "sha512": crypto.Sha512Func, "base64encode": encoding.Base64EncodeFunc,
			"base64decode": encoding.Base64DecodeFunc, "urlencode": encoding.URLEncodeFunc,
			"replace":    replaceFunc,
			"startswith": stringPredicate(strings.HasPrefix), "endswith": stringPredicate(strings.HasSuffix),
			"strcontains": stringPredicate(strings.Contains),
			"basename":    pathFunc(filepath.Base), "dirname": pathFunc(filepath.Dir),
		}
	})
	return ctyFuncs
}

// replaceFunc is Terraform's replace: a substring in slashes is a regular
// expression.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		str, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(re.ReplaceAllString(str, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(str, sub, rep)), nil
	},
})

func stringPredicate(f func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func pathFunc(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(filepath.ToSlash(f(filepath.FromSlash(args[0].AsString())))), nil
		},
	})
}

// unknownFuncs return values that differ on every run or that papilint
// does not compute; they are unknown, never an error.
var unknownFuncs = map[string]bool{
	"timestamp": true, "plantimestamp": true, "uuid": true, "uuidv5": true, "bcrypt": true,
	"rsadecrypt": true, "yamlencode": true, "yamldecode": true, "filebase64": true,
	"filebase64sha256": true, "filebase64sha512": true, "filemd5": true, "filesha1": true,
	"filesha256": true, "filesha512": true, "fileset": true, "base64gzip": true, "base64sha256": true,
	"base64sha512": true, "textencodebase64": true, "textdecodebase64": true, "abspath": true,
	"pathexpand": true, "type": true, "ephemeralasnull": true, "issensitive": true,
	"templatestring": true, "encode_tfvars": true, "decode_tfvars": true, "encode_expr": true,
}

// call evaluates a function call.
func (l *loader) call(e *hclsyntax.FunctionCallExpr, r source.Range, sc *scope) *graph.Value {
	name := e.Name
	if strings.Contains(name, "::") {
		return graph.NewUnknown("provider function "+name+" is not evaluated", r)
	}
	switch name {
	case "try":
		for _, a := range e.Args {
			v := l.eval(a, sc)
			if l.hasErr(v) {
				continue
			}
			if !v.IsKnown() && v.Kind != graph.KindMap && v.Kind != graph.KindList {
				return l.at(v, r)
			}
			return v
		}
		return l.errVal("no argument of try() could be evaluated", r)
	case "can":
		if len(e.Args) != 1 {
			return l.errVal("can() takes one argument", r)
		}
		v := l.eval(e.Args[0], sc)
		if l.hasErr(v) {
			return graph.NewBool(false, combine(v), r)
		}
		if !v.IsKnown() {
			return l.unknownFrom("can() of a value known only after apply", r, v)
		}
		return graph.NewBool(true, combine(v), r)
	}
	args := make([]*graph.Value, 0, len(e.Args))
	for _, a := range e.Args {
		args = append(args, l.eval(a, sc))
	}
	if e.ExpandFinal && len(args) > 0 {
		last := args[len(args)-1]
		if last == nil || last.Kind != graph.KindList {
			return l.unknownFrom("the expanded argument is known only after apply", r, args...)
		}
		args = append(args[:len(args)-1], last.List...)
	}
	for _, a := range args {
		if l.hasErr(a) {
			return l.errVal(firstReason(a, "an argument of "+name+"() cannot be evaluated"), r)
		}
	}
	if h := structural[name]; h != nil {
		return h(l, args, r, sc)
	}
	if unknownFuncs[name] {
		return l.unknownFrom(name+"() is not evaluated by papilint", r, args...)
	}
	fn, ok := funcTable()[name]
	if !ok {
		l.noteAt(e.NameRange, fmt.Sprintf("function %s() is not one papilint evaluates; its result is treated as unknown", name))
		return graph.NewUnknown(name+"() is not evaluated by papilint", r)
	}
	for _, a := range args {
		if !a.IsKnown() || l.objects[a] != nil {
			return l.unknownFrom("an argument of "+name+"() is known only after apply", r, args...)
		}
	}
	return l.ctyCall(fn, args, r, name)
}

// ctyCall calls a cty function on known arguments.
func (l *loader) ctyCall(fn function.Function, args []*graph.Value, r source.Range, name string) *graph.Value {
	cargs := make([]cty.Value, len(args))
	params, varParam := fn.Params(), fn.VarParam()
	for i, a := range args {
		cargs[i] = l.toCty(a)
		// Convert as hcl does at a call site (a tuple for a list param).
		var want cty.Type
		if i < len(params) {
			want = params[i].Type
		} else if varParam != nil {
			want = varParam.Type
		}
		if want != cty.NilType && want != cty.DynamicPseudoType {
			if cv, err := convert.Convert(cargs[i], want); err == nil {
				cargs[i] = cv
			}
		}
	}
	res, err := callSafely(fn, cargs)
	if err != nil {
		msg := err.Error()
		if name != "" {
			msg = name + "(): " + msg
		}
		return l.errVal(msg, r)
	}
	v := fromCty(res, combine(args...), r, refOf(args...), "known only after apply")
	if v.Prov == graph.Default {
		v.Param = paramOf(args...)
	}
	return v
}

func callSafely(fn function.Function, args []cty.Value) (res cty.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return fn.Call(args)
}

type structFunc func(l *loader, args []*graph.Value, r source.Range, sc *scope) *graph.Value

var structural map[string]structFunc

func init() {
	structural = map[string]structFunc{
		"jsonencode": fnJSONEncode, "jsondecode": fnJSONDecode,
		"tolist": fnToList(false), "toset": fnToList(true), "tomap": fnToMap,
		"concat": fnConcat, "merge": fnMerge, "flatten": fnFlatten, "element": fnElement,
		"lookup": fnLookup, "coalesce": fnCoalesce, "coalescelist": fnCoalesceList,
		"length": fnLength, "keys": fnKeys, "values": fnValues, "sort": fnSort,
		"distinct": fnDistinct, "reverse": fnReverse, "slice": fnSlice, "compact": fnCompact,
		"one": fnOne, "sensitive": fnIdentity, "nonsensitive": fnIdentity, "index": fnIndex,
		"alltrue": fnAllAny(true), "anytrue": fnAllAny(false), "sum": fnSum, "transpose": fnTranspose,
		"file": fnFile, "fileexists": fnFileExists, "templatefile": fnTemplateFile,
		"contains": fnContains,
	}
}

func argc(l *loader, args []*graph.Value, n int, name string, r source.Range) *graph.Value {
	if len(args) != n {
		return l.errVal(fmt.Sprintf("%s() takes %d arguments, not %d", name, n, len(args)), r)
	}
	return nil
}

func fnIdentity(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "sensitive", r); e != nil {
		return e
	}
	return args[0]
}

func fnJSONEncode(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "jsonencode", r); e != nil {
		return e
	}
	v := args[0]
	if v == nil {
		return graph.NewString("null", graph.Derived, r)
	}
	switch v.Kind {
	case graph.KindMap, graph.KindList:
		if l.objects[v] != nil {
			return l.unknownFrom("jsonencode of a resource", r, v)
		}
		cp := l.at(v, r)
		l.jsonText[cp] = true
		return cp
	}
	if !v.IsKnown() {
		return l.unknownFrom("jsonencode() of a value known only after apply", r, v)
	}
	s, _ := l.encodeJSON(v)
	return &graph.Value{Kind: graph.KindString, Str: s, Prov: combine(v), Range: r}
}

func fnJSONDecode(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "jsondecode", r); e != nil {
		return e
	}
	v := args[0]
	if l.jsonText[v] {
		cp := *v
		cp.Range = r
		return &cp
	}
	s, ok := v.String()
	if !ok || v.Kind != graph.KindString {
		return l.unknownFrom("jsondecode() of a value known only after apply", r, v)
	}
	d, err := decodeJSON(s, combine(v), r)
	if err != nil {
		return l.errVal("jsondecode(): "+err.Error(), r)
	}
	return d
}

func fnToList(set bool) structFunc {
	return func(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
		if e := argc(l, args, 1, "tolist", r); e != nil {
			return e
		}
		v := args[0]
		if v == nil || v.Kind == graph.KindNull {
			return graph.NewNull(graph.Derived, r)
		}
		if v.Kind != graph.KindList {
			if v.Kind == graph.KindMap && l.objects[v] == nil {
				return l.errVal("a map cannot be converted to a list or set", r)
			}
			return l.unknownFrom("known only after apply", r, v)
		}
		out := &graph.Value{Kind: graph.KindList, Prov: v.Prov, Range: r, Ref: v.Ref, Param: v.Param, Origin: v.Range}
		out.List = append(out.List, v.List...)
		if set {
			seen := map[string]bool{}
			allKnown := true
			var uniq []*graph.Value
			for _, e := range out.List {
				s, ok := e.String()
				if !ok || !e.IsKnown() {
					allKnown = false
					uniq = append(uniq, e)
					continue
				}
				if !seen[s] {
					seen[s] = true
					uniq = append(uniq, e)
				}
			}
			if allKnown {
				sort.SliceStable(uniq, func(i, j int) bool { a, _ := uniq[i].String(); b, _ := uniq[j].String(); return a < b })
			}
			out.List = uniq
		}
		return out
	}
}

func fnToMap(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "tomap", r); e != nil {
		return e
	}
	v := args[0]
	if v != nil && v.Kind == graph.KindMap && l.objects[v] == nil {
		return l.at(v, r)
	}
	if v != nil && v.Kind == graph.KindNull {
		return graph.NewNull(graph.Derived, r)
	}
	return l.unknownFrom("known only after apply", r, v)
}

func fnConcat(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	out := &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: r}
	for _, a := range args {
		if a == nil || a.Kind != graph.KindList {
			return l.unknownFrom("an argument of concat() is known only after apply", r, args...)
		}
		out.List = append(out.List, a.List...)
	}
	out.Prov = combine(args...)
	return out
}

func fnMerge(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: r}
	for _, a := range args {
		if a == nil || a.Kind == graph.KindNull {
			continue
		}
		if a.Kind != graph.KindMap || l.objects[a] != nil {
			return l.unknownFrom("an argument of merge() is known only after apply", r, args...)
		}
		for _, f := range a.Fields {
			if ex := out.Field(f.Key); ex != nil {
				ex.Value, ex.KeyRange = f.Value, f.KeyRange
				continue
			}
			out.Fields = append(out.Fields, &graph.Field{Key: f.Key, KeyRange: f.KeyRange, Value: f.Value})
		}
	}
	return out
}

func fnFlatten(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "flatten", r); e != nil {
		return e
	}
	out := &graph.Value{Kind: graph.KindList, Prov: combine(args[0]), Range: r}
	var walk func(v *graph.Value) bool
	walk = func(v *graph.Value) bool {
		if v == nil || v.Kind != graph.KindList {
			return false
		}
		for _, e := range v.List {
			switch {
			case e != nil && e.Kind == graph.KindList:
				if !walk(e) {
					return false
				}
			case e == nil || (!e.IsKnown() && e.Kind != graph.KindMap) || l.objects[e] != nil:
				return false
			default:
				out.List = append(out.List, e)
			}
		}
		return true
	}
	if !walk(args[0]) {
		return l.unknownFrom("an element of flatten()'s list is known only after apply", r, args[0])
	}
	return out
}

func fnElement(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 2, "element", r); e != nil {
		return e
	}
	list, idx := args[0], args[1]
	if list == nil || list.Kind != graph.KindList {
		return l.unknownFrom("known only after apply", r, list, idx)
	}
	if len(list.List) == 0 {
		return l.errVal("element() of an empty list", r)
	}
	i, ok := idx.Int()
	if !ok || !idx.IsKnown() {
		return l.index(list, idx, r)
	}
	if i < 0 {
		return l.errVal("element() with a negative index", r)
	}
	return list.List[i%len(list.List)]
}

func fnLookup(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if len(args) < 2 || len(args) > 3 {
		return l.errVal("lookup() takes two or three arguments", r)
	}
	m, key := args[0], args[1]
	k, ok := key.String()
	if m == nil || m.Kind != graph.KindMap || l.objects[m] != nil || !ok || !key.IsKnown() {
		return l.unknownFrom("known only after apply", r, m, key)
	}
	if f := m.Field(k); f != nil {
		return f.Value
	}
	if len(args) == 3 {
		return args[2]
	}
	return l.errVal("lookup(): the map has no key "+k, r)
}

func fnCoalesce(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	for _, a := range args {
		if a == nil || a.Kind == graph.KindNull {
			continue
		}
		if s, ok := a.String(); ok && a.Kind == graph.KindString && s == "" {
			continue
		}
		if !a.IsKnown() && a.Kind != graph.KindList && a.Kind != graph.KindMap {
			return l.unknownFrom("coalesce() of a value known only after apply", r, a)
		}
		return a
	}
	return l.errVal("no non-null, non-empty argument to coalesce()", r)
}

func fnCoalesceList(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	for _, a := range args {
		if a == nil || a.Kind != graph.KindList {
			return l.unknownFrom("coalescelist() of a value known only after apply", r, a)
		}
		if len(a.List) > 0 {
			return a
		}
	}
	return &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: r}
}

func fnLength(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "length", r); e != nil {
		return e
	}
	v := args[0]
	n := 0
	switch {
	case v != nil && l.jsonText[v]:
		s, ok := l.encodeJSON(v)
		if !ok {
			return l.unknownFrom("length() of JSON known only after apply", r, v)
		}
		n = utf8.RuneCountInString(s)
	case v == nil || l.objects[v] != nil:
		return l.unknownFrom("known only after apply", r, v)
	case v.Kind == graph.KindList:
		n = len(v.List)
	case v.Kind == graph.KindMap:
		n = len(v.Fields)
	case v.Kind == graph.KindString:
		n = utf8.RuneCountInString(v.Str)
	case v.Kind == graph.KindNull:
		return l.errVal("length() of null", r)
	default:
		return l.unknownFrom("length() of a value known only after apply", r, v)
	}
	out := graph.NewNumber(fmt.Sprint(n), combine(v), r)
	if out.Prov == graph.Default {
		out.Param = paramOf(v)
	}
	return out
}

func sortedFields(v *graph.Value) []*graph.Field {
	fs := append([]*graph.Field(nil), v.Fields...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Key < fs[j].Key })
	return fs
}

func fnKeys(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "keys", r); e != nil {
		return e
	}
	m := args[0]
	if m == nil || m.Kind != graph.KindMap || l.objects[m] != nil {
		return l.unknownFrom("known only after apply", r, m)
	}
	out := &graph.Value{Kind: graph.KindList, Prov: combine(m), Range: r}
	for _, f := range sortedFields(m) {
		out.List = append(out.List, graph.NewString(f.Key, out.Prov, f.KeyRange))
	}
	return out
}

func fnValues(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "values", r); e != nil {
		return e
	}
	m := args[0]
	if m == nil || m.Kind != graph.KindMap || l.objects[m] != nil {
		return l.unknownFrom("known only after apply", r, m)
	}
	out := &graph.Value{Kind: graph.KindList, Prov: combine(m), Range: r}
	for _, f := range sortedFields(m) {
		out.List = append(out.List, f.Value)
	}
	return out
}

func knownStrings(v *graph.Value) ([]string, bool) {
	if v == nil || v.Kind != graph.KindList {
		return nil, false
	}
	out := make([]string, len(v.List))
	for i, e := range v.List {
		s, ok := e.String()
		if !ok || !e.IsKnown() {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

func fnSort(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "sort", r); e != nil {
		return e
	}
	v := args[0]
	ss, ok := knownStrings(v)
	if !ok {
		return l.unknownFrom("sort() of a list known only after apply", r, v)
	}
	idx := make([]int, len(ss))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return ss[idx[a]] < ss[idx[b]] })
	out := &graph.Value{Kind: graph.KindList, Prov: combine(v), Range: r}
	for _, i := range idx {
		out.List = append(out.List, v.List[i])
	}
	return out
}

func fnDistinct(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "distinct", r); e != nil {
		return e
	}
	v := args[0]
	if v == nil || v.Kind != graph.KindList || !v.IsKnown() {
		return l.unknownFrom("known only after apply", r, v)
	}
	out := &graph.Value{Kind: graph.KindList, Prov: combine(v), Range: r}
	seen := map[string]bool{}
	for _, e := range v.List {
		k, _ := l.encodeJSON(e)
		if !seen[k] {
			seen[k] = true
			out.List = append(out.List, e)
		}
	}
	return out
}

func fnReverse(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "reverse", r); e != nil {
		return e
	}
	v := args[0]
	if v == nil || v.Kind != graph.KindList {
		return l.unknownFrom("known only after apply", r, v)
	}
	out := &graph.Value{Kind: graph.KindList, Prov: combine(v), Range: r}
	for i := len(v.List) - 1; i >= 0; i-- {
		out.List = append(out.List, v.List[i])
	}
	return out
}

func fnSlice(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 3, "slice", r); e != nil {
		return e
	}
	v := args[0]
	a, ok1 := args[1].Int()
	b, ok2 := args[2].Int()
	if v == nil || v.Kind != graph.KindList || !ok1 || !ok2 {
		return l.unknownFrom("known only after apply", r, args...)
	}
	if a < 0 || b > len(v.List) || a > b {
		return l.errVal("slice(): indexes out of range", r)
	}
	return &graph.Value{Kind: graph.KindList, Prov: combine(args...), Range: r, List: append([]*graph.Value(nil), v.List[a:b]...)}
}

func fnCompact(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "compact", r); e != nil {
		return e
	}
	v := args[0]
	if v == nil || v.Kind != graph.KindList {
		return l.unknownFrom("known only after apply", r, v)
	}
	out := &graph.Value{Kind: graph.KindList, Prov: combine(v), Range: r}
	for _, e := range v.List {
		if e == nil || e.Kind == graph.KindNull {
			continue
		}
		if e.Kind == graph.KindString && e.Str == "" {
			continue
		}
		if !e.IsKnown() && e.Kind != graph.KindRef {
			return l.unknownFrom("known only after apply", r, v)
		}
		out.List = append(out.List, e)
	}
	return out
}

func fnOne(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "one", r); e != nil {
		return e
	}
	v := args[0]
	if v == nil || v.Kind != graph.KindList {
		if v != nil && v.Kind == graph.KindNull {
			return graph.NewNull(graph.Derived, r)
		}
		return l.unknownFrom("known only after apply", r, v)
	}
	switch len(v.List) {
	case 0:
		return graph.NewNull(combine(v), r)
	case 1:
		return v.List[0]
	}
	return l.errVal("one() of a list with more than one element", r)
}

func fnIndex(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 2, "index", r); e != nil {
		return e
	}
	if !args[0].IsKnown() || !args[1].IsKnown() || args[0].Kind != graph.KindList {
		return l.unknownFrom("known only after apply", r, args...)
	}
	want, _ := l.encodeJSON(args[1])
	for i, e := range args[0].List {
		if s, _ := l.encodeJSON(e); s == want {
			return graph.NewNumber(fmt.Sprint(i), combine(args...), r)
		}
	}
	return l.errVal("index(): the item is not in the list", r)
}

func fnContains(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 2, "contains", r); e != nil {
		return e
	}
	list, x := args[0], args[1]
	if list == nil || list.Kind != graph.KindList || !x.IsKnown() {
		return l.unknownFrom("known only after apply", r, args...)
	}
	want, _ := l.encodeJSON(x)
	unknown := false
	for _, e := range list.List {
		if !e.IsKnown() {
			unknown = true
			continue
		}
		if s, _ := l.encodeJSON(e); s == want {
			return graph.NewBool(true, combine(args...), r)
		}
	}
	if unknown {
		return l.unknownFrom("known only after apply", r, args...)
	}
	return graph.NewBool(false, combine(args...), r)
}

func fnAllAny(all bool) structFunc {
	return func(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
		if e := argc(l, args, 1, "alltrue", r); e != nil {
			return e
		}
		v := args[0]
		if v == nil || v.Kind != graph.KindList {
			return l.unknownFrom("known only after apply", r, v)
		}
		unknown := false
		for _, e := range v.List {
			b, ok := e.BoolValue()
			if !ok || !e.IsKnown() {
				unknown = true
				continue
			}
			if all && !b {
				return graph.NewBool(false, combine(v), r)
			}
			if !all && b {
				return graph.NewBool(true, combine(v), r)
			}
		}
		if unknown {
			return l.unknownFrom("known only after apply", r, v)
		}
		return graph.NewBool(all, combine(v), r)
	}
}

func fnSum(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "sum", r); e != nil {
		return e
	}
	v := args[0]
	if v == nil || v.Kind != graph.KindList || !v.IsKnown() || len(v.List) == 0 {
		return l.unknownFrom("known only after apply", r, v)
	}
	acc := v.List[0]
	for _, e := range v.List[1:] {
		acc = l.ctyCall(stdlib.AddFunc, []*graph.Value{acc, e}, r, "sum")
	}
	return acc
}

func fnTranspose(l *loader, args []*graph.Value, r source.Range, _ *scope) *graph.Value {
	if e := argc(l, args, 1, "transpose", r); e != nil {
		return e
	}
	m := args[0]
	if m == nil || m.Kind != graph.KindMap || !m.IsKnown() {
		return l.unknownFrom("known only after apply", r, m)
	}
	out := &graph.Value{Kind: graph.KindMap, Prov: combine(m), Range: r}
	for _, f := range sortedFields(m) {
		ss, ok := knownStrings(f.Value)
		if !ok {
			return l.errVal("transpose() needs a map of lists of strings", r)
		}
		for _, s := range ss {
			ex := out.Field(s)
			if ex == nil {
				ex = &graph.Field{Key: s, KeyRange: r, Value: &graph.Value{Kind: graph.KindList, Prov: out.Prov, Range: r}}
				out.Fields = append(out.Fields, ex)
			}
			ex.Value.List = append(ex.Value.List, graph.NewString(f.Key, out.Prov, f.KeyRange))
		}
	}
	return out
}

// File functions read through the loader, which refuses files outside the
// scanned tree. Relative paths are relative to the root module's directory,
// as Terraform resolves them against its working directory.

func (l *loader) resolvePath(p string, sc *scope) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) || sc == nil || sc.mi == nil {
		return filepath.Clean(p)
	}
	return filepath.Clean(filepath.Join(sc.mi.root().mod.dir, p))
}

func (l *loader) readNamed(p string) (*source.File, error) {
	if !l.inside(p) {
		return nil, fmt.Errorf("%s lies outside the scanned tree", p)
	}
	f, err := l.opt.ReadFile(p)
	if err != nil {
		return nil, err
	}
	l.files[f.Path] = f
	return f, nil
}

func fnFile(l *loader, args []*graph.Value, r source.Range, sc *scope) *graph.Value {
	if e := argc(l, args, 1, "file", r); e != nil {
		return e
	}
	p, ok := args[0].String()
	if !ok || !args[0].IsKnown() {
		return l.unknownFrom("file() of a path known only after apply", r, args[0])
	}
	f, err := l.readNamed(l.resolvePath(p, sc))
	if err != nil {
		return graph.NewUnknown("file(): "+err.Error(), r)
	}
	return &graph.Value{Kind: graph.KindString, Str: string(f.Content), Prov: graph.Derived, Range: r}
}

func fnFileExists(l *loader, args []*graph.Value, r source.Range, sc *scope) *graph.Value {
	if e := argc(l, args, 1, "fileexists", r); e != nil {
		return e
	}
	p, ok := args[0].String()
	if !ok || !args[0].IsKnown() {
		return l.unknownFrom("known only after apply", r, args[0])
	}
	_, err := l.readNamed(l.resolvePath(p, sc))
	return graph.NewBool(err == nil, graph.Derived, r)
}

func fnTemplateFile(l *loader, args []*graph.Value, r source.Range, sc *scope) *graph.Value {
	if e := argc(l, args, 2, "templatefile", r); e != nil {
		return e
	}
	p, ok := args[0].String()
	if !ok || !args[0].IsKnown() {
		return l.unknownFrom("templatefile() of a path known only after apply", r, args[0])
	}
	vars := args[1]
	if vars == nil || vars.Kind != graph.KindMap || l.objects[vars] != nil {
		return l.unknownFrom("the variables of templatefile() are known only after apply", r, vars)
	}
	f, err := l.readNamed(l.resolvePath(p, sc))
	if err != nil {
		return graph.NewUnknown("templatefile(): "+err.Error(), r)
	}
	tmpl, diags := hclsyntax.ParseTemplate(f.Content, f.Path, hcl.InitialPos)
	if diags.HasErrors() {
		l.hclDiags(diags, "papilint-syntax")
		return l.errVal("templatefile(): the template does not parse", r)
	}
	child := &scope{only: true, syms: map[string]*graph.Value{}}
	for _, fl := range vars.Fields {
		child.syms[fl.Key] = fl.Value
	}
	v := l.eval(tmpl, child)
	// What the template writes points at the call; values passed in keep
	// their own ranges.
	v.Walk(func(x *graph.Value) {
		if x.Range.File == nil || x.Range.File.Path == f.Path {
			x.Range = r
		}
	})
	return l.at(v, r)
}
