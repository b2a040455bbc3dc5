#!/usr/bin/env python3
"""Run the real SAM transform (aws-sam-translator) over SAM templates and
print, for every AWS::ApiGateway::RestApi it generates, a normalised summary
of what papilint's rules read.

    scripts/sam-compare.py [--pretty] FILE...

Output is one JSON object per line:

    {"file": F, "api": ID, "source": "AWS::Serverless::Api", "condition": C, "summary": {...}}
    {"file": F, "error": "why the transform rejected the template"}
    {"file": F, "restApis": 0}

"source" says what the RestApi came from: an AWS::Serverless::Api of the
same logical id, the implicit API of function events ("implicit"), or a
RestApi written in the template ("AWS::ApiGateway::RestApi").

The summary has:

    endpointTypes             EndpointConfiguration.Types, or null
    vpcEndpointIds            EndpointConfiguration.VpcEndpointIds, or null
    policy                    the statements of the RestApi's Policy and of the
                              definition's x-amazon-apigateway-policy, each as
                              "Effect|Operator|Key|v1,v2" (values sorted; more
                              condition keys of one statement joined by " & ",
                              so one Deny on two keys differs from two Denies)
                              or "Effect|||Principal" for a statement without
                              Condition; sorted and de-duplicated, null when
                              there is no statement (SAM writes an empty
                              policy when a ResourcePolicy generates nothing)
    disableExecuteApiEndpoint the property, or the definition's
                              x-amazon-apigateway-endpoint-configuration
                              disableExecuteApiEndpoint; null when unset
    domains                   sorted "DomainName|EndpointType|basepath,..."
                              for the DomainName(V2) resources the transform
                              generated and mapped to the API (from Domain);
                              null when there are none

Values are rendered as text: intrinsic functions as ${Resource},
${Resource.Attribute} or ${AWS::Region}, parameters as their Default (as
papilint does) or ${Parameter} when they have none, Fn::If as
<if:...|...> when its condition cannot be decided, anything else not known
before deploy as <unknown>. sam_test.go renders papilint's graph the same
way and compares.

The transform runs offline: no AWS credentials, no network. It gets the
parameter values CloudFormation would hand it when deploying with the
defaults: list parameters as lists, and parameters without a Default their
own name as value ("${Name}"). Before it runs,
the script does what `sam package` and CloudFormation would do first: local
CodeUri / ContentUri / DefinitionUri / Location values become S3 locations,
and an inline AWS::Include of a local file is replaced by the file.
"""

import copy
import datetime
import json
import logging
import os
import re
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

from samtranslator.model.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

logging.disable(logging.CRITICAL)  # the translator logs metrics and feature toggles

S3_URI = "s3://papilint-sam-compare/artifact.zip"
IMAGE_URI = "123456789012.dkr.ecr.us-east-1.amazonaws.com/papilint:latest"
UNKNOWN = "<unknown>"

# Fn::GetAtt attributes that are the same as Ref (papilint reads them as Ref).
GETATT_ALIAS = {
    "AWS::EC2::VPCEndpoint": {"Id"},
    "AWS::ApiGateway::RestApi": {"RestApiId"},
    "AWS::EC2::VPC": {"VpcId"},
    "AWS::EC2::SecurityGroup": {"GroupId"},
    "AWS::ElasticLoadBalancingV2::LoadBalancer": {"LoadBalancerArn"},
    "AWS::ElasticLoadBalancingV2::TargetGroup": {"TargetGroupArn"},
    "AWS::ElasticLoadBalancingV2::Listener": {"ListenerArn"},
    "AWS::ApiGateway::VpcLink": {"VpcLinkId"},
    "AWS::ApiGatewayV2::VpcLink": {"VpcLinkId"},
}


class NoManagedPolicies:
    """Stands in for the loader that asks IAM for managed policy ARNs."""

    def load(self):
        return {}


def plain(x):
    """YAML dates and non-string keys as CloudFormation reads them: text."""
    if isinstance(x, dict):
        return {k if isinstance(k, str) else str(k): plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [plain(v) for v in x]
    if isinstance(x, (datetime.date, datetime.datetime)):
        return x.isoformat()
    return x


def is_local(uri):
    return isinstance(uri, str) and not uri.startswith("s3://") and "://" not in uri


def package(template, path):
    """Do what `sam package` and CloudFormation do before the SAM transform."""
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        return
    glob = template.get("Globals")
    gfn = glob.get("Function") if isinstance(glob, dict) else None
    if isinstance(gfn, dict) and is_local(gfn.get("CodeUri")):
        gfn["CodeUri"] = S3_URI
    global_code = isinstance(gfn, dict) and "CodeUri" in gfn
    for res in resources.values():
        if not isinstance(res, dict):
            continue
        props = res.get("Properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            continue
        typ = res.get("Type")
        if typ == "AWS::Serverless::Function":
            if props.get("PackageType") == "Image":
                props.setdefault("ImageUri", IMAGE_URI)
            elif is_local(props.get("CodeUri")) or (
                "CodeUri" not in props and "InlineCode" not in props and not global_code
            ):
                props["CodeUri"] = S3_URI
        elif typ == "AWS::Serverless::LayerVersion" and is_local(props.get("ContentUri")):
            props["ContentUri"] = S3_URI
        elif typ in ("AWS::Serverless::StateMachine", "AWS::Serverless::Api", "AWS::Serverless::HttpApi") and is_local(
            props.get("DefinitionUri")
        ):
            props["DefinitionUri"] = S3_URI
        elif typ == "AWS::Serverless::Application":
            loc = props.get("Location")
            if not isinstance(loc, str) or is_local(loc):
                # A local template, or an application from the Serverless
                # Application Repository, which the transform would look up.
                props["Location"] = "https://papilint-sam-compare.s3.amazonaws.com/app.yaml"
        body = props.get("DefinitionBody")
        if isinstance(body, dict) and list(body) == ["Fn::Transform"]:
            included = include(body["Fn::Transform"], path)
            if included is not None:
                props["DefinitionBody"] = included
        res["Properties"] = props


def include(spec, path):
    if not isinstance(spec, dict) or spec.get("Name") != "AWS::Include":
        return None
    loc = (spec.get("Parameters") or {}).get("Location")
    if not is_local(loc):
        return None
    try:
        with open(os.path.join(os.path.dirname(path), loc), encoding="utf-8") as f:
            return plain(yaml_parse(f.read()))
    except Exception:  # missing or unreadable: the include stays as it is
        return None


class Renderer:
    """Renders template values as text the way sam_test.go renders papilint's."""

    def __init__(self, template):
        self.params = template.get("Parameters") if isinstance(template.get("Parameters"), dict) else {}
        self.mappings = template.get("Mappings") if isinstance(template.get("Mappings"), dict) else {}
        self.conditions = template.get("Conditions") if isinstance(template.get("Conditions"), dict) else {}
        res = template.get("Resources") if isinstance(template.get("Resources"), dict) else {}
        self.types = {k: v.get("Type") for k, v in res.items() if isinstance(v, dict)}
        self.busy = set()

    def param(self, name):
        decl = self.params.get(name)
        if not isinstance(decl, dict) or "Default" not in decl:
            return "${%s}" % name
        d = decl["Default"]
        typ = str(decl.get("Type", ""))
        if typ == "CommaDelimitedList" or typ.startswith("List<"):
            if isinstance(d, list):
                return [self.scalar(e) for e in d]
            return [p.strip() for p in str(d).split(",")] if str(d) != "" else []
        return self.scalar(d)

    @staticmethod
    def scalar(x):
        if isinstance(x, bool):
            return "true" if x else "false"
        if isinstance(x, (int, float)):
            return str(x)
        return x

    def render(self, x):
        if isinstance(x, list):
            return [self.render(e) for e in x]
        if isinstance(x, dict):
            if len(x) == 1:
                (k, v), = x.items()
                if k == "Ref" or k == "Condition" or k.startswith("Fn::"):
                    return self.intrinsic(k, v)
            return {k: self.render(v) for k, v in x.items()}
        return self.scalar(x)

    def text(self, x):
        v = self.render(x)
        return v if isinstance(v, str) else None

    def intrinsic(self, fn, arg):
        if fn == "Ref":
            if not isinstance(arg, str):
                return UNKNOWN
            if arg == "AWS::NoValue":
                return None
            if arg.startswith("AWS::"):
                return "${%s}" % arg
            if arg in self.params:
                return self.param(arg)
            return "${%s}" % arg
        if fn == "Fn::GetAtt":
            if isinstance(arg, str) and "." in arg:
                res, attr = arg.split(".", 1)
            elif isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str):
                res, attr = arg[0], self.text(arg[1])
                if attr is None:
                    return UNKNOWN
            else:
                return UNKNOWN
            if attr in GETATT_ALIAS.get(self.types.get(res), ()):
                return "${%s}" % res
            return "${%s.%s}" % (res, attr)
        if fn == "Fn::Sub":
            return self.sub(arg)
        if fn == "Fn::Join":
            if isinstance(arg, list) and len(arg) == 2:
                d, items = self.text(arg[0]), self.render(arg[1])
                if d is not None and isinstance(items, list) and all(isinstance(i, str) for i in items):
                    return d.join(items)
            return UNKNOWN
        if fn == "Fn::Select":
            if isinstance(arg, list) and len(arg) == 2:
                i, items = self.text(arg[0]), self.render(arg[1])
                if i is not None and i.isdigit() and isinstance(items, list) and int(i) < len(items):
                    return items[int(i)]
            return UNKNOWN
        if fn == "Fn::Split":
            if isinstance(arg, list) and len(arg) == 2:
                d, s = self.text(arg[0]), self.text(arg[1])
                if d and s is not None and "${" not in s:
                    return s.split(d)
            return UNKNOWN
        if fn == "Fn::FindInMap":
            if isinstance(arg, list) and len(arg) >= 3:
                m, k1, k2 = self.text(arg[0]), self.text(arg[1]), self.text(arg[2])
                top = self.mappings.get(m)
                if isinstance(top, dict) and isinstance(top.get(k1), dict) and k2 in top[k1]:
                    return self.render(top[k1][k2])
            return UNKNOWN
        if fn == "Fn::If":
            if isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str):
                c = self.condition_named(arg[0])
                if c is True:
                    return self.render(arg[1])
                if c is False:
                    return self.render(arg[2])
                return "<if:%s|%s>" % (dump(self.render(arg[1])), dump(self.render(arg[2])))
            return UNKNOWN
        if fn == "Fn::ToJsonString":
            return self.render(arg)
        return UNKNOWN

    def sub(self, arg):
        if isinstance(arg, str):
            s, local = arg, {}
        elif isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], dict):
            s, local = arg[0], arg[1]
        else:
            return UNKNOWN

        def repl(m):
            name = m.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            name = name.strip()
            if name in local:
                v = self.render(local[name])
            elif "." in name and not name.startswith("AWS::"):
                v = self.intrinsic("Fn::GetAtt", name)
            else:
                v = self.intrinsic("Ref", name)
            return v if isinstance(v, str) else UNKNOWN

        return re.sub(r"\$\{([^}]*)\}", repl, s)

    def condition_named(self, name):
        if name in self.busy or name not in self.conditions:
            return None
        self.busy.add(name)
        try:
            return self.condition(self.conditions[name])
        finally:
            self.busy.discard(name)

    def condition(self, c):
        if isinstance(c, bool):
            return c
        if not isinstance(c, dict) or len(c) != 1:
            return None
        (fn, arg), = c.items()
        if fn == "Condition":
            return self.condition_named(arg) if isinstance(arg, str) else None
        if fn == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
            a, b = self.render(arg[0]), self.render(arg[1])
            if not isinstance(a, str) or not isinstance(b, str) or known_not(a) or known_not(b):
                return None
            return a == b
        if fn == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
            v = self.condition(arg[0])
            return None if v is None else not v
        if fn in ("Fn::And", "Fn::Or") and isinstance(arg, list):
            vals = [self.condition(a) for a in arg]
            if fn == "Fn::And" and False in vals:
                return False
            if fn == "Fn::Or" and True in vals:
                return True
            return None if None in vals else fn == "Fn::And"
        return None


def known_not(s):
    return "${" in s or s.startswith("<")


def dump(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"))


def as_text(v):
    return v if isinstance(v, str) else dump(v)


def policy_tuples(docs):
    """The (Effect, Operator, Key, Values) set of policy documents."""
    out = set()
    for doc in docs:
        if isinstance(doc, str):
            try:
                doc = json.loads(doc)
            except ValueError:
                out.add("<unreadable policy>")
                continue
        if not isinstance(doc, dict):
            out.add("<unreadable policy>")
            continue
        stmts = doc.get("Statement")
        if isinstance(stmts, dict):
            stmts = [stmts]
        if not isinstance(stmts, list):
            continue
        for st in stmts:
            if not isinstance(st, dict):
                out.add("<unreadable statement>")
                continue
            eff = as_text(st.get("Effect"))
            cond = st.get("Condition")
            if isinstance(cond, dict) and cond:
                parts = []
                for op, kv in cond.items():
                    if not isinstance(kv, dict):
                        parts.append("%s||%s" % (op, as_text(kv)))
                        continue
                    for key, vals in kv.items():
                        if not isinstance(vals, list):
                            vals = [vals]
                        parts.append("%s|%s|%s" % (op, key, ",".join(sorted(as_text(v) for v in vals))))
                out.add("%s|%s" % (eff, " & ".join(sorted(parts))))
                continue
            p = st.get("Principal")
            if isinstance(p, dict):
                parts = []
                for k in sorted(p):
                    vals = p[k] if isinstance(p[k], list) else [p[k]]
                    parts.append("%s:%s" % (k, ",".join(sorted(as_text(v) for v in vals))))
                p = ";".join(parts)
            out.add("%s|||%s" % (eff, as_text(p)))
    return sorted(out)


def disable_flag(props, body):
    if "DisableExecuteApiEndpoint" in props:
        return as_text(props["DisableExecuteApiEndpoint"])
    if not isinstance(body, dict):
        return None
    ext = "x-amazon-apigateway-endpoint-configuration"
    places = [body.get(ext)]
    servers = body.get("servers")
    if isinstance(servers, dict):
        servers = [servers]
    if isinstance(servers, list):
        places += [s.get(ext) for s in servers if isinstance(s, dict)]
    for p in places:
        if isinstance(p, dict) and "disableExecuteApiEndpoint" in p:
            return as_text(p["disableExecuteApiEndpoint"])
    return None


def ref_name(v):
    if isinstance(v, dict) and isinstance(v.get("Ref"), str):
        return v["Ref"]
    return None


def summarise(out, r, logical_id, props, written):
    ec = r.render(props.get("EndpointConfiguration"))
    types = ec.get("Types") if isinstance(ec, dict) else None
    vpces = ec.get("VpcEndpointIds") if isinstance(ec, dict) else None
    body = r.render(props.get("Body"))
    docs = []
    if "Policy" in props:
        docs.append(r.render(props["Policy"]))
    if isinstance(body, dict) and "x-amazon-apigateway-policy" in body:
        docs.append(body["x-amazon-apigateway-policy"])
    resources = out.get("Resources", {})
    mapped = {}
    for name, res in resources.items():
        if res.get("Type") not in ("AWS::ApiGateway::BasePathMapping", "AWS::ApiGateway::BasePathMappingV2"):
            continue
        if name in written:
            continue  # written in the template, not generated from Domain
        p = res.get("Properties", {})
        if ref_name(p.get("RestApiId")) != logical_id:
            continue
        dom = ref_name(p.get("DomainName")) or ref_name(p.get("DomainNameArn"))
        if dom is None:
            continue
        bp = p.get("BasePath")
        mapped.setdefault(dom, []).append("" if bp is None else as_text(r.render(bp)))
    domains = []
    for dom, paths in mapped.items():
        d = resources.get(dom, {}).get("Properties", {})
        dec = r.render(d.get("EndpointConfiguration"))
        typ = dec.get("Types") if isinstance(dec, dict) else None
        typ = typ[0] if isinstance(typ, list) and len(typ) == 1 else typ
        domains.append("%s|%s|%s" % (as_text(r.render(d.get("DomainName"))), as_text(typ), ",".join(sorted(paths))))
    return {
        "endpointTypes": types,
        "vpcEndpointIds": vpces,
        "policy": policy_tuples(docs) or None,
        "disableExecuteApiEndpoint": disable_flag(props, body),
        "domains": sorted(domains) or None,
    }


def run(path):
    with open(path, encoding="utf-8") as f:
        template = plain(yaml_parse(f.read()))
    if not isinstance(template, dict):
        return [{"file": path, "error": "not a template"}]
    original = copy.deepcopy(template)
    package(template, path)
    # Pseudo parameters and parameters without a default get their own name
    # as value, so they come out as papilint renders them: ${AWS::Region}.
    params = {"AWS::Region": "${AWS::Region}", "AWS::Partition": "${AWS::Partition}"}
    # List parameters (CommaDelimitedList, List<...>) reach a macro as
    # lists, as CloudFormation hands them over at deploy (its PyPlate sample
    # macro iterates them; localstack/localstack#10836 mirrors this), not as
    # the Default's raw text the offline transform would otherwise use.
    decls = template.get("Parameters")
    if isinstance(decls, dict):
        for name, decl in decls.items():
            if not isinstance(decl, dict):
                continue
            typ = str(decl.get("Type", ""))
            if "Default" not in decl:
                params[name] = "${%s}" % name
            elif (typ == "CommaDelimitedList" or typ.startswith("List<")) and isinstance(decl["Default"], str):
                d = decl["Default"]
                params[name] = [p.strip() for p in d.split(",")] if d != "" else []
    try:
        out = transform(template, params, NoManagedPolicies())
    except InvalidDocumentException as e:
        return [{"file": path, "error": "; ".join(str(c) for c in e.causes)}]
    except Exception as e:  # the transform fails on some inputs with internal errors
        return [{"file": path, "error": "%s: %s" % (type(e).__name__, e)}]
    r = Renderer(original)
    src_types = {k: v.get("Type") for k, v in (original.get("Resources") or {}).items() if isinstance(v, dict)}
    lines = []
    for logical_id, res in sorted(out.get("Resources", {}).items()):
        if res.get("Type") != "AWS::ApiGateway::RestApi":
            continue
        src = src_types.get(logical_id)
        if src is None:
            src = "implicit"
        lines.append({
            "file": path,
            "api": logical_id,
            "source": src,
            "condition": res.get("Condition"),
            "summary": summarise(out, r, logical_id, res.get("Properties", {}), src_types),
        })
    return lines or [{"file": path, "restApis": 0}]


def main(argv):
    pretty = False
    files = []
    for a in argv:
        if a == "--pretty":
            pretty = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    for path in files:
        try:
            lines = run(path)
        except Exception as e:  # unreadable YAML and the like
            lines = [{"file": path, "error": "%s: %s" % (type(e).__name__, e)}]
        for line in lines:
            if pretty:
                print(json.dumps(line, indent=2, sort_keys=True))
            else:
                print(json.dumps(line, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
