package terraform

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/papilint/papilint/internal/scaffold"
)

// FuzzGenerate: any options give either an error or a module whose every
// file parses and is formatted, never a panic.
func FuzzGenerate(f *testing.F) {
	for _, v := range variants {
		o := v.opts
		f.Add(o.Name, o.Domain, o.Region, o.Stage, o.AZCount, o.VPCCIDR, o.VPCID, strings.Join(o.SubnetIDs, ","), o.HostedZoneID, o.CertificateARN)
	}
	f.Add("a", "x.y.z", "us-west-2", "_", 3, "192.168.0.0/24", "", "", "Z1", "")
	f.Fuzz(func(t *testing.T, name, domain, region, stage string, az int, cidr, vpc, subnets, zone, cert string) {
		o := scaffold.Options{Name: name, Domain: domain, Region: region, Stage: stage, AZCount: az,
			VPCCIDR: cidr, VPCID: vpc, HostedZoneID: zone, CertificateARN: cert}
		if subnets != "" {
			o.SubnetIDs = strings.Split(subnets, ",")
		}
		files, err := Generate(o)
		if err != nil {
			if files != nil {
				t.Fatal("files returned with an error")
			}
			return
		}
		for _, fl := range files {
			if !strings.HasSuffix(fl.Path, ".tf") {
				continue
			}
			if _, diags := hclsyntax.ParseConfig(fl.Data, fl.Path, hcl.InitialPos); diags.HasErrors() {
				t.Fatalf("%s does not parse: %v\n%s", fl.Path, diags, fl.Data)
			}
			if !bytes.Equal(hclwrite.Format(fl.Data), fl.Data) {
				t.Fatalf("%s is not formatted", fl.Path)
			}
		}
	})
}
