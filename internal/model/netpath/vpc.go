package netpath

import (
	"github.com/papilint/papilint/internal/graph"
)

// VPCValue follows a VpcId value to where it is defined: a reference to a
// resource's VpcId attribute (Fn::GetAtt Subnet.VpcId, a Terraform
// subnet's vpc_id) becomes that resource's VpcId property. It returns the
// value itself otherwise.
func (r *Result) VPCValue(v *graph.Value) *graph.Value {
	for depth := 0; depth < 4 && v != nil; depth++ {
		if v.Ref == nil || v.Ref.Node == "" || v.Ref.Attr != "VpcId" {
			return v
		}
		n := r.g.Node(v.Ref.Node)
		if n == nil || n.Kind == graph.VPC {
			return v
		}
		next := n.Prop("VpcId")
		if next == nil {
			return v
		}
		v = next
	}
	return v
}

// VPCNode returns the VPC resource a VpcId value refers to, or nil.
func (r *Result) VPCNode(v *graph.Value) *graph.Node {
	v = r.VPCValue(v)
	if v == nil || v.Kind == graph.KindChoice {
		return nil
	}
	if n := r.g.Resolve(v); n != nil && n.Kind == graph.VPC {
		return n
	}
	return nil
}

// SameVPC compares two VpcId values: Yes when they are known to name the
// same VPC in every alternative, No when they are known to name different
// VPCs in every alternative, Unknown otherwise. Two references are equal
// when they name the same resource; two known ids when they are equal
// strings; values from the same parameter or variable are equal.
func (r *Result) SameVPC(a, b *graph.Value) Verdict {
	a, b = r.VPCValue(a), r.VPCValue(b)
	if a.IsAbsent() || b.IsAbsent() {
		return Unknown
	}
	var out Verdict
	first := true
	for _, x := range a.Branches() {
		for _, y := range b.Branches() {
			v := r.sameVPC1(r.VPCValue(x), r.VPCValue(y))
			if v == Unknown {
				return Unknown
			}
			if first {
				out, first = v, false
			} else if v != out {
				return Unknown
			}
		}
	}
	return out
}

func (r *Result) sameVPC1(a, b *graph.Value) Verdict {
	if a.IsAbsent() || b.IsAbsent() {
		return Unknown
	}
	if a.Param != "" && a.Param == b.Param {
		return Yes
	}
	ra, rb := r.g.Resolve(a), r.g.Resolve(b)
	if ra != nil && rb != nil {
		if ra.ID == rb.ID && a.Ref.Attr == b.Ref.Attr {
			return Yes
		}
		if ra.Kind == graph.VPC && rb.Kind == graph.VPC && ra.ID != rb.ID {
			// Two VPC resources are two VPCs, unless one is a data source
			// reading the other (a Terraform data "aws_vpc" is not a VPC
			// kind, so it never gets here).
			return No
		}
		return Unknown
	}
	sa, oka := a.String()
	sb, okb := b.String()
	if oka && okb && a.Kind == graph.KindString && b.Kind == graph.KindString {
		if sa == sb {
			return Yes
		}
		return No
	}
	return Unknown
}

// SubnetVPCs returns the VpcId values of the load balancer's subnets
// (nil entries for subnets that are not resources of the scan).
func (r *Result) SubnetVPCs(p *Peer) []*graph.Value {
	var out []*graph.Value
	for _, s := range p.Subnets {
		n := r.g.Resolve(s)
		if n == nil || n.Kind != graph.Subnet || s.Kind == graph.KindChoice {
			out = append(out, nil)
			continue
		}
		out = append(out, n.Prop("VpcId"))
	}
	return out
}
