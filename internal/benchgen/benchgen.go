// Package benchgen writes a deterministic benchmark corpus: N stacks that
// mix CloudFormation YAML (short-form tags), CloudFormation JSON, Terraform
// directories (variables, locals, local modules, for_each) and CDK cloud
// assemblies (manifest.json and a synthesized template). Each stack is the
// private-API pattern of examples/ plus 20–60 filler resources; about one
// stack in four is broken (the pattern's mistakes are put back).
//
// The same seed and N always give the same bytes. cmd/benchgen is the
// command-line front end used by scripts/bench.
package benchgen

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

//go:embed patterns
var patterns embed.FS

// Kind is the format of one generated stack.
type Kind int

const (
	CFNYAML Kind = iota
	CFNJSON
	Terraform
	CDK
	numKinds
)

func (k Kind) String() string {
	return [...]string{"cfn-yaml", "cfn-json", "terraform", "cdk"}[k]
}

// Stack describes one generated stack.
type Stack struct {
	Dir       string // relative to the corpus root
	Kind      Kind
	Broken    bool
	Resources int // resources declared (pattern + filler), before count/for_each expansion
}

// Corpus is what Generate wrote.
type Corpus struct {
	Stacks    []Stack
	Files     int
	Bytes     int64
	Resources int
}

// Generate writes n stacks under dir (created if needed) from seed.
func Generate(dir string, n int, seed int64) (*Corpus, error) {
	rng := rand.New(rand.NewSource(seed))
	c := &Corpus{}
	for i := 0; i < n; i++ {
		kind := Kind(i % int(numKinds))
		broken := rng.Intn(4) == 0
		filler := 20 + rng.Intn(41)
		st := Stack{Dir: fmt.Sprintf("stack-%05d-%s", i, kind), Kind: kind, Broken: broken}
		files, res, err := stackFiles(kind, broken, filler, i, rng)
		if err != nil {
			return nil, err
		}
		st.Resources = res
		for name, content := range files {
			p := filepath.Join(dir, st.Dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(p, content, 0o644); err != nil {
				return nil, err
			}
			c.Files++
			c.Bytes += int64(len(content))
		}
		c.Resources += res
		c.Stacks = append(c.Stacks, st)
	}
	return c, nil
}

func pattern(name string) string {
	b, err := patterns.ReadFile("patterns/" + name + ".tmpl")
	if err != nil {
		panic(err) // embedded; cannot fail
	}
	return string(b)
}

// countPattern counts the pattern's own resources (for the totals).
func countPattern(kind Kind, text string) int {
	var n int
	switch kind {
	case CFNYAML:
		n = strings.Count(text, "\n    Type: ")
	case CFNJSON, CDK:
		n = strings.Count(text, `"Type": "`)
	case Terraform:
		n = strings.Count(text, "\nresource \"") + strings.Count(text, "\ndata \"")
	}
	return n
}

// stackFiles returns one stack's files (slash paths → content) and its
// resource count.
func stackFiles(kind Kind, broken bool, filler, i int, rng *rand.Rand) (map[string][]byte, int, error) {
	out := map[string][]byte{}
	switch kind {
	case CFNYAML:
		text := pattern("cfn-conforming.yaml")
		if broken {
			text = pattern("cfn-broken.yaml")
		}
		res := countPattern(kind, text)
		text = strings.Replace(text, "\nResources:\n", "\nResources:\n"+yamlFiller(filler, i, rng), 1)
		out["template.yaml"] = []byte(text)
		return out, res + filler, nil
	case CFNJSON, CDK:
		name := "cfn-conforming.json"
		if kind == CDK {
			name = "cdk-template.json"
		}
		text := pattern(name)
		if broken {
			text = strings.Replace(text, `"DisableExecuteApiEndpoint": true`, `"DisableExecuteApiEndpoint": false`, 1)
			text = strings.Replace(text, `"Scheme": "internal"`, `"Scheme": "internet-facing"`, 1)
		}
		res := countPattern(kind, text)
		var doc map[string]any
		if err := json.Unmarshal([]byte(text), &doc); err != nil {
			return nil, 0, fmt.Errorf("pattern %s: %v", name, err)
		}
		resources := doc["Resources"].(map[string]any)
		for k, v := range jsonFiller(filler, i, rng) {
			resources[k] = v
		}
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return nil, 0, err
		}
		if kind == CFNJSON {
			out["template.json"] = b
			return out, res + filler, nil
		}
		stack := fmt.Sprintf("BenchStack%05d", i)
		out["cdk.out/"+stack+".template.json"] = b
		out["cdk.out/manifest.json"] = []byte(fmt.Sprintf(`{
  "version": "55.0.0",
  "artifacts": {
    %q: {
      "type": "aws:cloudformation:stack",
      "environment": "aws://123456789012/eu-west-1",
      "properties": {
        "templateFile": %q,
        "validateOnSynth": false
      },
      "displayName": %q
    }
  }
}
`, stack, stack+".template.json", stack))
		out["cdk.out/cdk.out"] = []byte(`{"version":"55.0.0"}`)
		return out, res + filler, nil
	case Terraform:
		res := 0
		err := fs.WalkDir(patterns, "patterns/tf", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := patterns.ReadFile(p)
			if err != nil {
				return err
			}
			text := string(b)
			if broken && strings.HasSuffix(p, "alb/main.tf.tmpl") {
				text = strings.Replace(text, "internal           = true", "internal           = false", 1)
			}
			if strings.HasSuffix(p, "terraform.tfvars.tmpl") {
				// Each stack its own VPC and host, as separate deployments have.
				text = strings.NewReplacer("vpc-0123456789abcdef0", fmt.Sprintf("vpc-%017x", i),
					"api.internal.example.com", fmt.Sprintf("api%d.internal.example.com", i)).Replace(text)
			}
			res += strings.Count("\n"+text, "\nresource \"")
			out[strings.TrimSuffix(strings.TrimPrefix(p, "patterns/tf/"), ".tmpl")] = []byte(text)
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		out["filler.tf"] = []byte(tfFiller(filler, i, rng))
		mod, n := tfFillerModule(rng)
		out["modules/filler/main.tf"] = []byte(mod)
		return out, res + filler + n, nil
	}
	return nil, 0, fmt.Errorf("unknown kind %d", kind)
}

// fillerKinds are the kinds of filler resources, each with properties that
// reference one another the way real stacks do.
var fillerKinds = []string{"queue", "topic", "bucket", "role", "log", "param"}

// yamlFiller writes n filler resources in short-form YAML, indented to sit
// under Resources:.
func yamlFiller(n, stack int, rng *rand.Rand) string {
	var b strings.Builder
	for j := 0; j < n; j++ {
		id := fmt.Sprintf("Filler%03d", j)
		prev := fmt.Sprintf("Filler%03d", j-1)
		switch fillerKinds[rng.Intn(len(fillerKinds))] {
		case "queue":
			fmt.Fprintf(&b, "  %s:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub \"${AWS::StackName}-q%d-%d\"\n      VisibilityTimeout: %d\n      Tags:\n        - Key: team\n          Value: !Join [\"-\", [team, \"%d\"]]\n", id, stack, j, 30+rng.Intn(300), rng.Intn(10))
		case "topic":
			fmt.Fprintf(&b, "  %s:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub \"t-%d-%d\"\n      KmsMasterKeyId: alias/aws/sns\n", id, stack, j)
		case "bucket":
			fmt.Fprintf(&b, "  %s:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"b-${AWS::AccountId}-%d-%d\"\n      VersioningConfiguration:\n        Status: Enabled\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: true\n", id, stack, j)
		case "role":
			fmt.Fprintf(&b, "  %s:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: p%d\n          PolicyDocument:\n            Version: \"2012-10-17\"\n            Statement:\n              - Effect: Allow\n                Action: [\"sqs:SendMessage\", \"s3:GetObject\"]\n                Resource: \"*\"\n", id, j)
		case "log":
			fmt.Fprintf(&b, "  %s:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Sub \"/bench/%d/%d\"\n      RetentionInDays: %d\n", id, stack, j, []int{7, 14, 30, 90}[rng.Intn(4)])
		case "param":
			val := fmt.Sprintf("!Select [0, !Split [\",\", \"a%d,b\"]]", j)
			if j > 0 {
				val = "!Ref " + prev
			}
			fmt.Fprintf(&b, "  %s:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Value: %s\n", id, val)
		}
	}
	return b.String()
}

// jsonFiller returns n filler resources in CloudFormation's long form.
func jsonFiller(n, stack int, rng *rand.Rand) map[string]any {
	out := map[string]any{}
	for j := 0; j < n; j++ {
		id := fmt.Sprintf("Filler%03d", j)
		prev := fmt.Sprintf("Filler%03d", j-1)
		var props map[string]any
		typ := ""
		switch fillerKinds[rng.Intn(len(fillerKinds))] {
		case "queue":
			typ = "AWS::SQS::Queue"
			props = map[string]any{"QueueName": map[string]any{"Fn::Sub": fmt.Sprintf("${AWS::StackName}-q%d-%d", stack, j)}, "VisibilityTimeout": 30 + rng.Intn(300)}
		case "topic":
			typ = "AWS::SNS::Topic"
			props = map[string]any{"TopicName": fmt.Sprintf("t-%d-%d", stack, j), "KmsMasterKeyId": "alias/aws/sns"}
		case "bucket":
			typ = "AWS::S3::Bucket"
			props = map[string]any{"BucketName": map[string]any{"Fn::Join": []any{"-", []any{"b", map[string]any{"Ref": "AWS::AccountId"}, fmt.Sprint(stack), fmt.Sprint(j)}}},
				"VersioningConfiguration": map[string]any{"Status": "Enabled"}}
		case "role":
			typ = "AWS::IAM::Role"
			props = map[string]any{"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
				"Effect": "Allow", "Principal": map[string]any{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}}}
		case "log":
			typ = "AWS::Logs::LogGroup"
			props = map[string]any{"LogGroupName": fmt.Sprintf("/bench/%d/%d", stack, j), "RetentionInDays": []int{7, 14, 30, 90}[rng.Intn(4)]}
		case "param":
			typ = "AWS::SSM::Parameter"
			var val any = fmt.Sprintf("v%d", j)
			if j > 0 {
				val = map[string]any{"Ref": prev}
			}
			props = map[string]any{"Type": "String", "Value": val}
		}
		out[id] = map[string]any{"Type": typ, "Properties": props}
	}
	return out
}

// tfFiller writes n filler resources for the root module: locals, a
// variable, for_each over a map and plain resources.
func tfFiller(n, stack int, rng *rand.Rand) string {
	var b strings.Builder
	fmt.Fprintf(&b, "variable \"env\" {\n  type    = string\n  default = \"bench-%d\"\n}\n\n", stack)
	b.WriteString("locals {\n  prefix = \"${var.env}-svc\"\n  queues = {\n")
	q := 2 + rng.Intn(4)
	for k := 0; k < q; k++ {
		fmt.Fprintf(&b, "    q%d = %d\n", k, 30+rng.Intn(300))
	}
	b.WriteString("  }\n  tags = { team = \"bench\", stack = var.env }\n}\n\n")
	b.WriteString("resource \"aws_sqs_queue\" \"each\" {\n  for_each                   = local.queues\n  name                       = \"${local.prefix}-${each.key}\"\n  visibility_timeout_seconds = each.value\n  tags                       = local.tags\n}\n\n")
	b.WriteString("module \"filler\" {\n  source = \"./modules/filler\"\n  prefix = local.prefix\n}\n\n")
	for j := 0; j < n; j++ {
		name := fmt.Sprintf("f%03d", j)
		switch fillerKinds[rng.Intn(len(fillerKinds))] {
		case "queue":
			fmt.Fprintf(&b, "resource \"aws_sqs_queue\" %q {\n  name = \"${local.prefix}-%d\"\n  tags = local.tags\n}\n\n", name, j)
		case "topic":
			fmt.Fprintf(&b, "resource \"aws_sns_topic\" %q {\n  name              = \"${local.prefix}-t%d\"\n  kms_master_key_id = \"alias/aws/sns\"\n}\n\n", name, j)
		case "bucket":
			fmt.Fprintf(&b, "resource \"aws_s3_bucket\" %q {\n  bucket = \"${local.prefix}-b%d\"\n  tags   = merge(local.tags, { index = \"%d\" })\n}\n\n", name, j, j)
		case "role":
			fmt.Fprintf(&b, "resource \"aws_iam_role\" %q {\n  name = \"${local.prefix}-r%d\"\n  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Principal = { Service = \"lambda.amazonaws.com\" }, Action = \"sts:AssumeRole\" }]\n  })\n}\n\n", name, j)
		case "log":
			fmt.Fprintf(&b, "resource \"aws_cloudwatch_log_group\" %q {\n  name              = \"/bench/${var.env}/%d\"\n  retention_in_days = %d\n}\n\n", name, j, []int{7, 14, 30, 90}[rng.Intn(4)])
		case "param":
			fmt.Fprintf(&b, "resource \"aws_ssm_parameter\" %q {\n  name  = \"/${var.env}/p%d\"\n  type  = \"String\"\n  value = upper(\"${local.prefix}-%d\")\n}\n\n", name, j, j)
		}
	}
	return b.String()
}

// tfFillerModule is a small local module called by filler.tf; it returns
// the module and the resources it declares.
func tfFillerModule(rng *rand.Rand) (string, int) {
	n := 2 + rng.Intn(3)
	var b strings.Builder
	b.WriteString("variable \"prefix\" { type = string }\n\n")
	for j := 0; j < n; j++ {
		fmt.Fprintf(&b, "resource \"aws_sqs_queue\" \"m%d\" {\n  name = \"${var.prefix}-m%d\"\n}\n\n", j, j)
	}
	b.WriteString("output \"first\" { value = aws_sqs_queue.m0.arn }\n")
	return b.String(), n
}

// Summary is a one-line description of a corpus.
func (c *Corpus) Summary() string {
	kinds := map[Kind]int{}
	broken := 0
	for _, s := range c.Stacks {
		kinds[s.Kind]++
		if s.Broken {
			broken++
		}
	}
	var parts []string
	for k := Kind(0); k < numKinds; k++ {
		parts = append(parts, fmt.Sprintf("%s %d", k, kinds[k]))
	}
	return fmt.Sprintf("%d stacks (%s; %d broken), %d files, %d bytes, %d resources declared",
		len(c.Stacks), strings.Join(parts, ", "), broken, c.Files, c.Bytes, c.Resources)
}
