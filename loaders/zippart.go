package loaders

import (
	"archive/zip"
	"hash"
	"hash/crc32"
	"io"
)

// openPart opens a zip part for reading to its end. archive/zip checks a part's size and CRC-32 on the
// read that reaches its end, except when the recorded CRC-32 is 0 and there is no data descriptor (it
// takes 0 for "not set"): such a part's checksum is computed here and must then be 0 too, so that a
// damaged part never reads as whole. Callers read every part they use to io.EOF.
func openPart(zf *zip.File) (io.ReadCloser, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	if zf.CRC32 != 0 || zf.Flags&0x8 != 0 {
		return rc, nil
	}
	return &zeroCRC{rc: rc, h: crc32.NewIEEE()}, nil
}

// zeroCRC checks, at the end of a part recorded with CRC-32 0, that its content's CRC-32 is 0.
type zeroCRC struct {
	rc io.ReadCloser
	h  hash.Hash32
}

func (z *zeroCRC) Read(p []byte) (int, error) {
	n, err := z.rc.Read(p)
	z.h.Write(p[:n])
	if err == io.EOF && z.h.Sum32() != 0 {
		return n, zip.ErrChecksum
	}
	return n, err
}

func (z *zeroCRC) Close() error { return z.rc.Close() }
