# METADATA
# description: |
#   papilint's shared library for Rego rules: reading property values
#   (known, unknown, references, Fn::If branches, parameter defaults),
#   the resources in the pattern's scope, and building findings.
package papilint.lib

# Values. A property value is plain JSON when it is known; a value not known
# before deploy is an object with the reserved key "$papilint" (see
# docs/rego.md): "unknown", "ref", "concat" or "choice".

marker := "$papilint"

# special(v) holds for a value that is not plain JSON.
special(v) if {
	is_object(v)
	v[marker]
}

# known(v) holds when v and everything inside it is known.
known(v) if {
	not special(v)
	not _has_special(v)
}

_has_special(v) if {
	walk(v, [_, x])
	special(x)
}

# unknown(v) holds when v (or part of it) is not known before deploy.
unknown(v) if not known(v)

# is_ref(v) holds for another resource's attribute; ref_node(v) is its id.
is_ref(v) if {
	special(v)
	v[marker] == "ref"
}

ref_node(v) := v.node if is_ref(v)

# branches(v) is the list of values v may take: the alternatives of an
# undecided Fn::If (flattened), else v alone. A rule that must fire only
# when every branch is wrong checks every element.
branches(v) := [v] if not _is_choice(v)

branches(v) := [b | some a in v.alts; some b in _branches1(a)] if _is_choice(v)

_branches1(v) := [v] if not _is_choice(v)

_branches1(v) := v.alts if _is_choice(v)

_is_choice(v) if {
	special(v)
	v[marker] == "choice"
}

# every_branch(v, f) is not expressible generically in Rego; rules write:
#   bs := lib.branches(v)
#   every b in bs { bad(b) }

# text(v) is a known scalar as a string (numbers as written, booleans as
# true/false). Undefined for anything else.
text(v) := v if is_string(v)

text(v) := format_int(v, 10) if {
	is_number(v)
	v == floor(v)
}

text(v) := sprintf("%v", [v]) if {
	is_number(v)
	v != floor(v)
}

text(v) := "true" if v == true

text(v) := "false" if v == false

# int(v) is a known integer; numeric strings count, as CloudFormation
# accepts both. Undefined otherwise.
int(v) := v if {
	is_number(v)
	v == floor(v)
}

int(v) := n if {
	is_string(v)
	regex.match(`^\s*-?[0-9]+\s*$`, v)
	n := to_number(trim_space(v))
}

# bool(v) is a known boolean; "true"/"false" in any case count.
bool(v) := v if is_boolean(v)

bool(v) if {
	is_string(v)
	lower(v) == "true"
}

bool(v) := false if {
	is_string(v)
	lower(v) == "false"
}

# strings(v) is a list of known scalars as strings; a single scalar counts
# as a list of one. Undefined when any element is not known.
strings(v) := [s] if s := text(v)

strings(v) := out if {
	is_array(v)
	out := [s | some e in v; s := text(e)]
	count(out) == count(v)
}

# suffix(v) is the known trailing text of a string or a concat value
# ("com.amazonaws.${AWS::Region}.execute-api" gives ".execute-api"), and
# whole(v) holds when that text is the whole value.
suffix(v) := s if s := text(v)

suffix(v) := concat("", [p | some i, p in v.parts; i > _last_unknown(v.parts); true]) if {
	_is_concat(v)
	_last_unknown(v.parts) < count(v.parts) - 1
}

whole(v) if text(v)

# prefix(v) is the known leading text of a string or a concat value.
prefix(v) := s if s := text(v)

prefix(v) := concat("", [p | some i, p in v.parts; i < _first_unknown(v.parts)]) if _is_concat(v)

_first_unknown(parts) := min([i | some i, p in parts; not is_string(p)])

_is_concat(v) if {
	special(v)
	v[marker] == "concat"
}

_last_unknown(parts) := max([i | some i, p in parts; not is_string(p)])

# Properties. path is a list of property names and list indexes.

# prop(n, path) is the value at path in a resource's properties; undefined
# when the property is absent (or null, as AWS::NoValue makes it).
prop(n, path) := v if {
	v := object.get(n.props, path, null)
	v != null
}

# absent(n, path) holds when the property is not set.
absent(n, path) if object.get(n.props, path, null) == null

# Defaults. from_default(n, path) is the name of the parameter or variable
# whose default supplied the value at path (or something inside it);
# undefined when the value was written or derived otherwise. A finding that
# rests on a default is at most a warning and names the parameter;
# papilint enforces that for the value a finding points at, and a rule that
# reports elsewhere uses this to say so itself.
from_default(n, path) := d.param if {
	some d in n.defaults
	_prefix(path, d.path)
}

from_default(n, path) := d.param if {
	some d in n.defaults
	_prefix(d.path, path)
}

_prefix(p, full) if {
	count(p) <= count(full)
	array.slice(full, 0, count(p)) == p
}

# default_note(n, path) is " (from the default of parameter P)" or "".
default_note(n, path) := sprintf(" (from the default of parameter %s)", [p]) if p := from_default(n, path)

default_note(n, path) := "" if not from_default(n, path)

# Resources.

by_id := {n.id: n | some n in input.nodes}

# node(id) is the resource with that id.
node(id) := by_id[id]

# of_kind(k) is the set of resources of a canonical kind.
of_kind(k) := {n | some n in input.nodes; n.kind == k}

# refers(n, path, id) holds when the property at path (or inside it) of n
# refers to resource id.
refers(n, path, id) if {
	some r in n.refs
	r.node == id
	_prefix(path, r.path)
}

# refs_at(n, path) is the set of ids the property at path (or inside it)
# refers to.
refs_at(n, path) := {r.node | some r in n.refs; _prefix(path, r.path)}

# name(n) is the resource's name for messages, quoted: the logical ID or
# address, with the CDK construct path when there is one.
name(n) := sprintf("%q", [n.name]) if n.construct_path == ""

name(n) := sprintf("%q", [sprintf("%s (%s)", [n.name, n.construct_path])]) if n.construct_path != ""

# show(v) renders a value for messages: known scalars as they are, lists in
# brackets, references by name, Fn::If branches as "one of (a | b)". (Rego
# has no recursion, so nesting is rendered to three levels.)
show(v) := sprintf("one of (%s)", [concat(" | ", [_show1(a) | some a in v.alts])]) if _is_choice(v)

show(v) := _show1(v) if not _is_choice(v)

_show1(v) := sprintf("[%s]", [concat(", ", [_show0(e) | some e in v])]) if is_array(v)

_show1(v) := concat("", [_part(p) | some p in v.parts]) if _is_concat(v)

_show1(v) := _show0(v) if {
	not is_array(v)
	not _is_concat(v)
}

_part(p) := p if is_string(p)

_part(p) := sprintf("${%s}", [_show0(p)]) if not is_string(p)

_show0(v) := t if t := text(v)

_show0(null) := "null"

_show0(v) := sprintf("<%s>", [_ref_name(v)]) if is_ref(v)

_show0(v) := "<unknown>" if {
	special(v)
	not is_ref(v)
}

_show0(v) := "{…}" if {
	is_object(v)
	not special(v)
}

_show0(v) := "[…]" if is_array(v)

_ref_name(v) := v.pseudo if v.node == ""

_ref_name(v) := v.node if {
	v.node != ""
	v.attr in {"", "Ref"}
}

_ref_name(v) := sprintf("%s.%s", [v.node, v.attr]) if {
	v.node != ""
	not v.attr in {"", "Ref"}
}
