package report

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// go-sarif v2 writes some optional properties without omitempty: a
// suppression comes out as {"kind": …, "status": null, "location": null,
// "guid": null, …}, and null is not a valid value for any of them (the OASIS
// schema and the upload action's schema both reject it). dropNullMembers
// re-emits a JSON document without the object members whose value is null,
// keeping the order of everything else. Nulls inside arrays are kept.
func dropNullMembers(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out bytes.Buffer
	if _, err := copyJSONValue(dec, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// copyJSONValue copies the next value from dec to out, without null object
// members, and reports whether the value itself was null.
func copyJSONValue(dec *json.Decoder, out *bytes.Buffer) (bool, error) {
	tok, err := dec.Token()
	if err != nil {
		return false, err
	}
	switch t := tok.(type) {
	case nil:
		out.WriteString("null")
		return true, nil
	case bool:
		fmt.Fprint(out, t)
	case json.Number:
		out.WriteString(t.String())
	case string:
		writeJSONString(out, t)
	case json.Delim:
		switch t {
		case '{':
			out.WriteByte('{')
			first := true
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return false, err
				}
				var v bytes.Buffer
				null, err := copyJSONValue(dec, &v)
				if err != nil {
					return false, err
				}
				if null {
					continue
				}
				if !first {
					out.WriteByte(',')
				}
				first = false
				writeJSONString(out, k.(string))
				out.WriteByte(':')
				out.Write(v.Bytes())
			}
			out.WriteByte('}')
		case '[':
			out.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					out.WriteByte(',')
				}
				if _, err := copyJSONValue(dec, out); err != nil {
					return false, err
				}
			}
			out.WriteByte(']')
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return false, err
		}
	}
	return false, nil
}

// writeJSONString writes s as a JSON string without HTML escaping, like the
// rest of the SARIF output.
func writeJSONString(out *bytes.Buffer, s string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
