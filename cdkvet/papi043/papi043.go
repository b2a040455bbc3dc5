// Package papi043 mirrors papilint rule PAPI043
// tg-health-check-matcher-excludes-403 in Go CDK apps.
package papi043

import (
	"go/ast"
	"strconv"
	"strings"

	"github.com/papilint/papilint/cdkvet/internal/cdk"
)

// Rule is the papilint rule this analyzer mirrors.
var Rule = cdk.Rule{ID: "PAPI043", Name: "tg-health-check-matcher-excludes-403"}

const doc = `PAPI043 tg-health-check-matcher-excludes-403: report a health check of the private API pattern that does not accept 403

The execute-api endpoint answers the load balancer's health probes with 403
(the probe's Host is an IP address, which names no API). A matcher without
403 marks every target unhealthy, and the load balancer fails open: requests
still flow, but there is no zone failover and health alarms fire.

Reported, in a function that builds the pattern (one that also creates the
execute-api interface endpoint, or looks up its network interfaces, and a
private REST API: a PRIVATE endpoint type, or a REST API whose policy names
aws:SourceVpce or aws:SourceVpc):

  - HealthyHttpCodes: jsii.String(codes) whose comma-separated codes and a-b
    ranges do not include 403, in an awselasticloadbalancingv2.HealthCheck
    literal given as the HealthCheck of an ApplicationTargetGroupProps or
    AddApplicationTargetsProps literal, or to the target group's
    ConfigureHealthCheck (at the HealthyHttpCodes field);
  - such a HealthCheck literal without HealthyHttpCodes (the matcher is then
    AWS's default, 200; at the HealthCheck);
  - NewApplicationTargetGroup or listener.AddTargets with props written in
    place that set no HealthCheck, for a target group with a Port, a Protocol
    or an IP or instance TargetType (at the call).

Not reported: codes from variables or function results, codes that do not
parse, gRPC health checks (HealthyGrpcCodes, or ProtocolVersion GRPC),
disabled health checks, Lambda target groups, a missing health check when
the target group is later given one (ConfigureHealthCheck, SetHealthCheck,
an escape hatch through Node) or is handed to code outside the CDK, and
health checks in functions that do not show both sides of the pattern.`

// Analyzer is the PAPI043 analyzer.
var Analyzer = cdk.NewAnalyzer(Rule, doc, check)

const fix = `use HealthyHttpCodes: jsii.String("200,403")`

func check(ix *cdk.Index) {
	if !ix.Imports(cdk.PathELBv2) {
		return
	}
	for _, u := range ix.Units {
		if !u.Evidence.Pattern() {
			continue
		}
		where := ix.Describe(u.Evidence)
		for _, p := range u.Literals(cdk.PathELBv2, "ApplicationTargetGroupProps", "AddApplicationTargetsProps") {
			tt := ""
			if kv := p.Field("TargetType"); kv != nil {
				tt, _ = ix.Enum(kv.Value, cdk.PathELBv2, "TargetType")
			}
			if tt == "LAMBDA" {
				continue
			}
			if kv := p.Field("ProtocolVersion"); kv != nil {
				if v, ok := ix.Enum(kv.Value, cdk.PathELBv2, "ApplicationProtocolVersion"); !ok || v == "GRPC" {
					continue
				}
			}
			call := u.CallOf(p)
			creates := call != nil && (ix.IsFunc(call, cdk.PathELBv2, "NewApplicationTargetGroup") ||
				ix.IsMethod(call, cdk.PathELBv2, "AddTargets", "ApplicationListener"))
			if creates && u.MaybeChanged(u.ResultOf(call), "ConfigureHealthCheck", "SetHealthCheck", "Node") {
				continue // the health check may be replaced after the constructor
			}
			hc := p.Field("HealthCheck")
			if hc == nil {
				if creates && (tt == "IP" || tt == "INSTANCE" || p.Field("Port") != nil || p.Field("Protocol") != nil) {
					ix.Report(Rule, call.Fun, "target group has no health check, so its matcher is AWS's default 200, which excludes the 403 the execute-api endpoint of the pattern (%s) answers to probes: every target turns unhealthy; set HealthCheck and %s",
						where, fix)
				}
				continue
			}
			if hp := ix.PropsOf(hc.Value, cdk.PathELBv2, "HealthCheck"); hp != nil {
				checkHealthCheck(ix, hp, hc, where)
			}
		}
		ast.Inspect(u.Decl, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if ok && len(call.Args) == 1 && ix.IsMethod(call, cdk.PathELBv2, "ConfigureHealthCheck", "ApplicationTargetGroup") {
				if hp := ix.PropsOf(call.Args[0], cdk.PathELBv2, "HealthCheck"); hp != nil {
					checkHealthCheck(ix, hp, call.Args[0], where)
				}
			}
			return true
		})
	}
}

// checkHealthCheck judges one HealthCheck literal; at is where to report a
// missing matcher.
func checkHealthCheck(ix *cdk.Index, hp *cdk.Props, at ast.Node, where string) {
	if kv := hp.Field("Enabled"); kv != nil {
		if on, ok := ix.Bool(kv.Value); ok && !on {
			return
		}
	}
	if hp.Field("HealthyGrpcCodes") != nil {
		return
	}
	if kv := hp.Field("Protocol"); kv != nil {
		if v, ok := ix.Enum(kv.Value, cdk.PathELBv2, "Protocol"); ok && v != "HTTP" && v != "HTTPS" {
			return // no status code to match
		}
	}
	kv := hp.Field("HealthyHttpCodes")
	if kv == nil {
		ix.Report(Rule, at, "health check sets no HealthyHttpCodes, so its matcher is AWS's default 200, which excludes the 403 the execute-api endpoint of the pattern (%s) answers to probes: every target turns unhealthy; %s",
			where, fix)
		return
	}
	codes, ok := ix.String(kv.Value)
	if !ok {
		return
	}
	if accepts, ok := Accepts(codes, 403); ok && !accepts {
		ix.Report(Rule, kv, "health check matcher %q excludes 403, which the execute-api endpoint of the pattern (%s) answers to probes: every target turns unhealthy; %s",
			codes, where, fix)
	}
}

// Accepts reports whether the matcher codes (comma-separated codes and a-b
// ranges, as the load balancer takes them) include code; ok is false when
// codes does not parse.
func Accepts(codes string, code int) (accepts, ok bool) {
	if strings.TrimSpace(codes) == "" {
		return false, false
	}
	for _, part := range strings.Split(codes, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			return false, false
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil || b < a {
				return false, false
			}
		}
		if a <= code && code <= b {
			accepts = true
		}
	}
	return accepts, true
}
