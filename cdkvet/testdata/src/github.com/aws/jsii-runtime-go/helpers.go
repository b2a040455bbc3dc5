// Package jsii is a test stub of github.com/aws/jsii-runtime-go: only the
// pointer helpers Go CDK apps call, with the real signatures. The bodies do
// what the helpers do; nothing here talks to a jsii kernel.
package jsii

type numberType interface {
	~float32 | ~float64 | ~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// Bool returns a pointer to v.
func Bool(v bool) *bool { return &v }

// Bools returns a pointer to a slice of pointers to vs.
func Bools(vs ...bool) *[]*bool {
	out := make([]*bool, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return &out
}

// String returns a pointer to v.
func String(v string) *string { return &v }

// Strings returns a pointer to a slice of pointers to vs.
func Strings(vs ...string) *[]*string {
	out := make([]*string, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return &out
}

// Number returns a pointer to v converted to float64.
func Number[T numberType](v T) *float64 {
	f := float64(v)
	return &f
}

// Numbers returns a pointer to a slice of pointers to vs converted to float64.
func Numbers[T numberType](vs ...T) *[]*float64 {
	out := make([]*float64, len(vs))
	for i, v := range vs {
		out[i] = Number(v)
	}
	return &out
}

// Close ends the (here imaginary) jsii runtime.
func Close() {}
