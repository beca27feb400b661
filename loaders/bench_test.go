package loaders_test

import (
	"testing"

	"github.com/bjgjj/awards/loaders"
)

func BenchmarkLoadDirProfile(b *testing.B) {
	for range b.N {
		if _, err := loaders.LoadDir("/tmp/b6/g50k", loaders.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
