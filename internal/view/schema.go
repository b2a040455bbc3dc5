package view

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/papilint/papilint/internal/graph"
)

// SchemaID is the schema's $id.
const SchemaID = "https://github.com/papilint/papilint/blob/main/policies/input.schema.json"

// Schema returns the JSON schema of Input, derived from the Go types: every
// struct is a closed object (additionalProperties false), so the policy
// compiler rejects a reference to a field that does not exist. Property
// values (Value) are open: they hold whatever the template says.
func Schema() ([]byte, error) {
	defs := map[string]any{}
	root := schemaOf(reflect.TypeOf(Input{}), defs)
	doc := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$id":         SchemaID,
		"title":       "papilint policy input",
		"description": "The document papilint's Rego policies read as input. Generated from internal/view; do not edit.",
		"definitions": defs,
	}
	for k, v := range root.(map[string]any) {
		doc[k] = v
	}
	defs["value"] = map[string]any{
		"description": "A property value in CloudFormation's vocabulary: plain JSON when known; an object with the key \"" + Marker +
			"\" (unknown, ref, concat or choice) when it is not known before deploy.",
		"anyOf": []any{
			map[string]any{"type": "null"},
			map[string]any{"type": "boolean"},
			map[string]any{"type": "number"},
			map[string]any{"type": "string"},
			map[string]any{"type": "array", "items": map[string]any{"$ref": "#/definitions/value"}},
			map[string]any{"type": "object", "additionalProperties": map[string]any{"$ref": "#/definitions/value"}},
		},
	}
	defs["pathelem"] = map[string]any{
		"description": "A property name or a list index.",
		"anyOf":       []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var valueType = reflect.TypeOf(Value{})

func schemaOf(t reflect.Type, defs map[string]any) any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == valueType {
		return map[string]any{"$ref": "#/definitions/value"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), defs)}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			var p map[string]any
			switch {
			case f.Tag.Get("items") != "":
				p = map[string]any{"type": "array", "items": map[string]any{"$ref": "#/definitions/" + f.Tag.Get("items")}}
			default:
				p = copyMap(schemaOf(f.Type, defs).(map[string]any))
			}
			if d := f.Tag.Get("desc"); d != "" {
				if _, isRef := p["$ref"]; isRef {
					p = map[string]any{"description": d, "allOf": []any{p}}
				} else {
					p["description"] = d
				}
			}
			switch f.Tag.Get("enum") {
			case "kinds":
				p["enum"] = Kinds()
			case "formats":
				var fs []string
				for _, x := range graph.Formats {
					fs = append(fs, string(x))
				}
				p["enum"] = fs
			}
			props[name] = p
			required = append(required, name)
		}
		obj := map[string]any{"type": "object", "additionalProperties": false, "properties": props, "required": required}
		if t == reflect.TypeOf(Input{}) {
			return obj
		}
		name := strings.ToLower(t.Name())
		defs[name] = obj
		return map[string]any{"$ref": "#/definitions/" + name}
	}
	panic(fmt.Sprintf("view: no schema for %s", t))
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
