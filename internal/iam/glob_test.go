package iam

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "a/b", true},
		{"execute-api:*", "execute-api:invoke", true},
		{"execute-api:invo?e", "execute-api:invoke", true},
		{"execute-api:invo?e", "execute-api:invooke", false},
		{"vpce-1*", "vpce-1abc", true},
		{"vpce-1*", "vpce-2", false},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"abc", "abc", true},
		{"abc", "ABC", false},
	}
	for _, tt := range tests {
		if got := match(tt.pattern, tt.s); got != tt.want {
			t.Errorf("match(%q, %q) = %v", tt.pattern, tt.s, got)
		}
	}
}

func TestCovered(t *testing.T) {
	prod := stageRequests("prod")
	any := stageRequests("")
	tests := []struct {
		name  string
		inter []glob
		union []string
		want  bool
	}{
		{"* covers prod", []glob{prod}, []string{"*"}, true},
		{"prod/* covers prod", []glob{prod}, []string{"prod/*"}, true},
		{"*/*/* covers prod", []glob{prod}, []string{"*/*/*"}, true},
		{"prod/*/* covers prod", []glob{prod}, []string{"prod/*/*"}, true},
		{"*/*/*/* misses root paths", []glob{prod}, []string{"*/*/*/*"}, false},
		{"GET only", []glob{prod}, []string{"prod/GET/*"}, false},
		{"a union of methods is not every method", []glob{prod}, []string{"prod/GET/*", "prod/POST/*"}, false},
		{"dev does not cover prod", []glob{prod}, []string{"dev/*"}, false},
		{"prod does not cover every stage", []glob{any}, []string{"prod/*"}, false},
		{"disjoint stages do not meet", []glob{prod, compile("dev/*")}, nil, true},
		{"prod requests meet */GET/*", []glob{prod, compile("*/GET/*")}, nil, false},
	}
	for _, tt := range tests {
		var union []glob
		for _, u := range tt.union {
			union = append(union, compile(u))
		}
		if got := covered(tt.inter, union); got != tt.want {
			t.Errorf("%s: got %v", tt.name, got)
		}
	}
}

func TestResourceTail(t *testing.T) {
	tests := []struct {
		resource, tail string
		ok             bool
	}{
		{"*", "*", true},
		{"execute-api:/*", "*", true},
		{"execute-api:/prod/GET/pets", "prod/GET/pets", true},
		{"*/*", "*", true},
		{"arn:aws:execute-api:us-east-1:123456789012:abc/prod/*", "prod/*", true},
		{"arn:aws:execute-api:*:*:*", "*", true},
		{"arn:aws:execute-api:*", "*", true},
		{"arn:aws:execute-api:us-east-1:123456789012:abc", "", false},
		{"arn:aws:s3:::bucket/*", "", false},
		{"arn:\x00:execute-api:\x00:\x00:*/*", "*", true},
		{"arn:aws:execute-api:us-east-1:123:\x00", "\x00", true},
		{"execute-api:/\x00/*", "\x00/*", true},
		{"\x00", "\x00", true},
	}
	for _, tt := range tests {
		tail, ok := resourceTail(tt.resource)
		if tail != tt.tail || ok != tt.ok {
			t.Errorf("resourceTail(%q) = %q, %v", tt.resource, tail, ok)
		}
	}
}
