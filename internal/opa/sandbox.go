package opa

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/papilint/papilint/policies"
)

// The sandbox every policy runs in, bundled or custom. A policy sees the
// input document and nothing else of the machine it runs on:
//
//   - builtins that reach the network, the environment or the process are
//     not in the capabilities, so a policy calling one does not compile
//     (denied below);
//   - builtins whose result depends on chance or the wall clock are denied
//     too, except time.now_ns, which answers Epoch for every evaluation;
//   - no data documents are loaded, the store is empty, and schemas may
//     not be fetched over the network (AllowNet is empty);
//   - each scan gives a set of policies a time budget (Options.Budget).
var denied = map[string]string{
	"http.send":              "reaches the network",
	"net.lookup_ip_addr":     "reaches the network (DNS)",
	"opa.runtime":            "reads the process environment and configuration",
	"rand.intn":              "is random",
	"uuid.rfc4122":           "is random",
	"io.jwt.encode_sign":     "is random for some algorithms",
	"io.jwt.encode_sign_raw": "is random for some algorithms",
	"io.jwt.decode_verify":   "depends on the wall clock and may fetch keys",
	"json.match_schema":      "may fetch remote schemas",
	"json.verify_schema":     "may fetch remote schemas",
	"crypto.x509.parse_and_verify_certificates":              "depends on the wall clock",
	"crypto.x509.parse_and_verify_certificates_with_options": "depends on the wall clock",
}

// Epoch is the time every evaluation sees (time.now_ns): the Unix epoch, so
// that two scans of the same input give the same findings.
var Epoch = time.Unix(0, 0).UTC()

var (
	capsOnce sync.Once
	caps     *ast.Capabilities
)

// Capabilities returns the builtins and features policies may use.
func Capabilities() *ast.Capabilities {
	capsOnce.Do(func() {
		all := ast.CapabilitiesForThisVersion()
		c := *all
		c.Builtins = nil
		for _, b := range all.Builtins {
			if _, no := denied[b.Name]; no {
				continue
			}
			if b.Nondeterministic && b.Name != "time.now_ns" {
				continue // any builtin OPA adds later that depends on the world
			}
			c.Builtins = append(c.Builtins, b)
		}
		c.AllowNet = []string{}
		caps = &c
	})
	return caps
}

// DeniedBuiltin explains why a builtin is not available, or returns "".
func DeniedBuiltin(name string) string {
	if why, ok := denied[name]; ok {
		return why
	}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		if b.Name == name && b.Nondeterministic && name != "time.now_ns" {
			return "depends on the world outside the input"
		}
	}
	return ""
}

var (
	schemaOnce sync.Once
	schemaSet  *ast.SchemaSet
	schemaErr  error
)

// inputSchema returns the schema set that types `input`.
func inputSchema() (*ast.SchemaSet, error) {
	schemaOnce.Do(func() {
		var s any
		if err := json.Unmarshal(policies.InputSchema, &s); err != nil {
			schemaErr = fmt.Errorf("policies/input.schema.json: %w", err)
			return
		}
		schemaSet = ast.NewSchemaSet()
		schemaSet.Put(ast.SchemaRootRef, s)
	})
	return schemaSet, schemaErr
}

// newCompiler returns a compiler configured for the sandbox and typed by the
// input schema.
func newCompiler(strict, print bool) (*ast.Compiler, error) {
	ss, err := inputSchema()
	if err != nil {
		return nil, err
	}
	return ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithSchemas(ss).
		WithStrict(strict).
		WithEnablePrintStatements(print).
		WithDefaultRegoVersion(ast.RegoV1), nil
}

// explainUndefinedFunction adds why a sandboxed builtin is missing to the
// compiler's "undefined function" message.
func explainUndefinedFunction(msg string) string {
	const prefix = "undefined function "
	if !strings.HasPrefix(msg, prefix) {
		return msg
	}
	name := strings.TrimSpace(strings.TrimPrefix(msg, prefix))
	if why := DeniedBuiltin(name); why != "" {
		return msg + " (papilint's sandbox does not offer it: it " + why + ")"
	}
	return msg
}
