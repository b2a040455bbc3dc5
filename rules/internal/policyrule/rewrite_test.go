package policyrule

import "testing"

func TestDomainNames(t *testing.T) {
	tests := []struct {
		name, rest string
		want       tri
	}{
		{"api.example.com", "*", yes},
		{"", "*", yes},
		{"api.example.com", "api.example.com+*", yes},
		{"api.example.com", "api.*", yes},
		{"api.example.com", "api.example.com+" + unknownPart, yes},
		{"api.example.com", "other.example.com+*", no},
		{"api.example.com", "other.example.com+abc123", no},
		{"api.example.com", "api.example.com+abc123", maybe}, // the id is generated at deploy time
		{"api.example.com", "api.example.com+abc*", maybe},
		{"", "api.example.com+*", maybe},
		{"api.example.com", unknownPart + "+*", maybe},
	}
	for _, tt := range tests {
		rw := &rewriter{name: tt.name}
		if got := rw.names(tt.rest); got != tt.want {
			t.Errorf("names(%q) for domain %q = %v, want %v", tt.rest, tt.name, got, tt.want)
		}
	}
}
