package terraform

// maxNesting bounds how deeply brackets may nest in a configuration file,
// as the CloudFormation parsers bound YAML and JSON (syntax.DefaultLimits):
// hcl's parser and evaluator recurse once per level, so 10,000 levels cost
// hundreds of megabytes of stack before anything is checked.
const maxNesting = 512

// nestingDepth scans HCL native syntax (or JSON) for the first place where
// (, [ or { brackets nest deeper than limit, skipping quoted strings and
// comments. It returns the byte offset of that bracket, or -1. Brackets in
// heredocs are counted; no real configuration nests hundreds deep there.
func nestingDepth(src []byte, limit int) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '(', '[', '{':
			depth++
			if depth > limit {
				return i
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		case '"':
			for i++; i < len(src) && src[i] != '"' && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			} else if i+1 < len(src) && src[i+1] == '*' {
				i += 2
				for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
					i++
				}
				i++
			}
		}
	}
	return -1
}
