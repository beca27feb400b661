package loaders

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// A file is read as what its content is (inputs.md): an xlsx named .xls loads, a CSV named .xls loads, and
// an .ods, .xlsb, Numbers or dBASE file, an HTML or XML 2003 "spreadsheet" named .xls, or an Excel 97–2003
// workbook stops the run saying to save it as .xlsx. This file tells the formats apart by their first bytes
// and, for zip and OLE (compound file) containers, by the names of their parts.
//
// Decisions the docs leave open, taken so that nothing is read by guess and nothing is lost quietly:
//   - A file whose name is not a data file's (名录.xlsx.bak, a name without extension) is skipped even when
//     its content is a workbook, with a reason saying to rename it: a backup copy read beside the current
//     file could load stale figures. The skip shows (warning, load_report row, validate --strict).
//   - Text under another spreadsheet format's name (.ods, .dbf …) stops the run like that format would:
//     what it holds is not settled by its name.
//   - Every OLE compound file under a data file's name stops the run; its streams only choose the sentence
//     (an Excel 97–2003 workbook, an encrypted workbook, a Word document).

// format is what a file's content is.
type format int

const (
	fmtText       format = iota // no NUL byte (or a UTF-16 byte-order mark): delimited text or a readme
	fmtXLSX                     // an Office Open XML workbook: .xlsx, .xlsm, .xltx, or a WPS .et saved that way
	fmtBIFF                     // an OLE compound file with a Workbook or Book stream: Excel 97–2003 (.xls), WPS .et
	fmtEncrypted                // an OLE compound file with EncryptionInfo: a password-protected workbook
	fmtODS                      // an OpenDocument spreadsheet
	fmtXLSB                     // an Excel binary workbook
	fmtNumbers                  // an Apple Numbers document
	fmtDBF                      // a dBASE table
	fmtHTML                     // a web page (many systems' "Excel export" is an HTML table named .xls)
	fmtXMLSS                    // Excel 2003 XML Spreadsheet (SpreadsheetML), also often named .xls
	fmtZipCorrupt               // starts like a zip archive but its directory cannot be read
	fmtZipOther                 // another zip archive: Word or PowerPoint (OOXML or ODF), a plain .zip
	fmtOLEOther                 // another OLE compound file: Word 97–2003, PowerPoint 97–2003, …
	fmtPDF
	fmtImage
	fmtUTF16NoBOM // text in UTF-16 without a byte-order mark (every other byte of ASCII text is NUL)
	fmtBinary     // anything else with NUL bytes
)

// describe names a format for a message ("an OpenDocument spreadsheet (.ods)").
func (f format) describe() string {
	switch f {
	case fmtText:
		return "a text file"
	case fmtXLSX:
		return "an Excel workbook (.xlsx)"
	case fmtBIFF:
		return "an Excel 97–2003 workbook (.xls, or a WPS .et in that format)"
	case fmtEncrypted:
		return "a password-protected (encrypted) workbook"
	case fmtODS:
		return "an OpenDocument spreadsheet (.ods)"
	case fmtXLSB:
		return "an Excel binary workbook (.xlsb)"
	case fmtNumbers:
		return "an Apple Numbers document"
	case fmtDBF:
		return "a dBASE table (.dbf)"
	case fmtHTML:
		return "a web page (HTML), not a workbook"
	case fmtXMLSS:
		return "an Excel 2003 XML spreadsheet"
	case fmtZipCorrupt:
		return "a damaged zip archive (an .xlsx is a zip archive)"
	case fmtZipOther:
		return "a zip archive that is not a workbook (a Word or PowerPoint document, or a .zip)"
	case fmtOLEOther:
		return "an Office 97–2003 (OLE) file that is not an Excel workbook (a Word or PowerPoint document, or a WPS file in its own format)"
	case fmtPDF:
		return "a PDF document"
	case fmtImage:
		return "an image"
	case fmtUTF16NoBOM:
		return "UTF-16 text without a byte-order mark, which does not say how to read it"
	}
	return "a binary file that is not a spreadsheet"
}

// sniffLen is how much of a text file is looked at for an HTML or XML start.
const sniffLen = 4 << 10

// sniff tells what a file's content is.
func sniff(data []byte) format {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return sniffZip(bytes.NewReader(data), int64(len(data)))
	case bytes.HasPrefix(data, oleMagic):
		return sniffOLE(data)
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return fmtPDF
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")), bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")),
		bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")),
		bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")),
		len(data) >= 12 && bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WEBP":
		return fmtImage
	case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
		return sniffMarkup(utf16Head(data))
	case looksDBF(data):
		return fmtDBF
	}
	if bytes.IndexByte(data[:min(len(data), 1<<20)], 0) >= 0 {
		if looksUTF16(data) {
			return fmtUTF16NoBOM
		}
		return fmtBinary
	}
	return sniffMarkup(data[:min(len(data), sniffLen)])
}

// looksUTF16 tells text in UTF-16 without a byte-order mark: in the first KiB, the NUL bytes are nearly
// all at odd places (little endian) or all at even ones (big endian), as the ASCII of codes, digits,
// delimiters and line ends puts them.
func looksUTF16(data []byte) bool {
	head := data[:min(len(data), 1024)]
	var nul [2]int
	for i, c := range head {
		if c == 0 {
			nul[i%2]++
		}
	}
	lo, hi := min(nul[0], nul[1]), max(nul[0], nul[1])
	return len(head) >= 16 && hi >= len(head)/8 && lo*20 <= hi
}

// sniffMarkup tells an HTML page or an XML spreadsheet from other text by how the text starts.
func sniffMarkup(head []byte) format {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	t := strings.ToLower(strings.TrimSpace(string(head)))
	switch {
	case strings.HasPrefix(t, "<!doctype html"), strings.HasPrefix(t, "<html"), strings.HasPrefix(t, "<table"),
		strings.HasPrefix(t, "<meta"), strings.HasPrefix(t, "<head"), strings.HasPrefix(t, "<body"):
		return fmtHTML
	case strings.HasPrefix(t, "<?xml"), strings.HasPrefix(t, "<workbook"):
		if strings.Contains(t, "urn:schemas-microsoft-com:office:spreadsheet") || strings.Contains(t, "excel.sheet") {
			return fmtXMLSS
		}
		if strings.Contains(t, "<html") {
			return fmtHTML
		}
	}
	return fmtText
}

// utf16Head decodes the start of UTF-16 text (after its byte-order mark) for sniffMarkup.
func utf16Head(data []byte) []byte {
	order := binary.ByteOrder(binary.LittleEndian)
	if data[0] == 0xFE {
		order = binary.BigEndian
	}
	data = data[2:min(len(data), 2*sniffLen)]
	u := make([]uint16, len(data)/2)
	for i := range u {
		u[i] = order.Uint16(data[2*i:])
	}
	return []byte(string(utf16.Decode(u)))
}

// sniffPath tells what a file's content is without reading more of it than that takes (for files that
// are not read as data: a large video in the folder is not loaded into memory to be skipped).
func sniffPath(path string) (format, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	head := make([]byte, min(st.Size(), 8<<20))
	if _, err := io.ReadFull(f, head); err != nil {
		return 0, err
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")) {
		return sniffZip(f, st.Size()), nil
	}
	return sniff(head), nil
}

// sniffZip tells the kinds of zip archive apart by their parts' names.
func sniffZip(r io.ReaderAt, size int64) format {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmtZipCorrupt
	}
	has := map[string]bool{}
	var mimetype *zip.File
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		has[name] = true
		if name == "mimetype" {
			mimetype = f
		}
	}
	if mimetype != nil { // OpenDocument: the mimetype part names the application
		mt := readSmallPart(mimetype, 256)
		if strings.Contains(mt, "opendocument.spreadsheet") {
			return fmtODS
		}
		return fmtZipOther
	}
	switch {
	case has["xl/workbook.bin"]:
		return fmtXLSB
	case has["Index/Document.iwa"], has["Index.zip"]:
		return fmtNumbers
	case has["xl/workbook.xml"], has["[Content_Types].xml"] && xlsxByRels(zr):
		return fmtXLSX
	}
	return fmtZipOther
}

// xlsxByRels reports whether the package's main part (the officeDocument relationship) is a workbook, for
// packages that do not keep it at xl/workbook.xml.
func xlsxByRels(zr *zip.Reader) bool {
	for _, f := range zr.File {
		if strings.TrimPrefix(f.Name, "/") == "_rels/.rels" {
			rels := readSmallPart(f, 64<<10)
			return strings.Contains(rels, "workbook")
		}
	}
	return false
}

// readSmallPart returns up to limit bytes of a part as text ("" when it cannot be read).
func readSmallPart(f *zip.File, limit int64) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, limit))
	return string(b)
}

var oleMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")

// sniffOLE tells an OLE compound file's kind by the names of its streams. Rather than following the
// file's allocation tables, it looks at every 128-byte-aligned place a directory entry can be (entries
// are 128 bytes, sectors a multiple of that) for a stream entry with one of the names that settle it:
// a false match could only change which sentence a stopped run prints, since every compound file under a
// spreadsheet's name stops the run.
func sniffOLE(data []byte) format {
	names := map[string]format{
		"EncryptionInfo": fmtEncrypted, "EncryptedPackage": fmtEncrypted,
		"Workbook": fmtBIFF, "Book": fmtBIFF, "WORKBOOK": fmtBIFF, "BOOK": fmtBIFF,
		"WordDocument": fmtOLEOther, "PowerPoint Document": fmtOLEOther,
	}
	found := fmtOLEOther
	for off := 512; off+128 <= len(data); off += 128 {
		e := data[off : off+128]
		n := int(binary.LittleEndian.Uint16(e[64:]))
		if typ := e[66]; typ != 2 || n < 4 || n > 64 || n%2 != 0 { // 2: a stream
			continue
		}
		u := make([]uint16, n/2-1) // the length counts the terminating NUL
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(e[2*i:])
		}
		f, ok := names[string(utf16.Decode(u))]
		switch {
		case !ok:
		case f == fmtEncrypted:
			return fmtEncrypted // an encrypted package also holds other streams: this one decides
		case f == fmtBIFF:
			found = fmtBIFF
		}
	}
	return found
}

// looksDBF recognises a dBASE table by its header: a known version byte, a plausible last-update date,
// and a header length that is 32 bytes per field plus the terminator. dBASE files hold NUL bytes, so
// without this they would only be "a binary file".
func looksDBF(data []byte) bool {
	if len(data) < 65 {
		return false
	}
	switch data[0] {
	case 0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB:
	default:
		return false
	}
	month, day := data[2], data[3]
	hdr := int(binary.LittleEndian.Uint16(data[8:]))
	rec := int(binary.LittleEndian.Uint16(data[10:]))
	if month < 1 || month > 12 || day < 1 || day > 31 || rec < 1 || hdr < 65 {
		return false
	}
	// 32 bytes of table header, 32 per field and a terminator; Visual FoxPro adds a 263-byte backlink.
	return (hdr-1)%32 == 0 || (hdr > 264 && (hdr-264)%32 == 0)
}

// nameClass sorts file names by extension.
type nameClass int

const (
	nameOther nameClass = iota // not a spreadsheet's name: skipped (PDF, Word, images, readmes …)
	nameData                   // a format the loader reads: .xlsx .xlsm .xls .et .csv .tsv .txt
	nameSheet                  // another spreadsheet or table format: .ods .xlsb .numbers .dbf …
)

func classOf(name string) nameClass {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".xls", ".et", ".csv", ".tsv", ".txt":
		return nameData
	case ".ods", ".fods", ".ots", ".xlsb", ".xlt", ".xltx", ".xltm", ".xla", ".xlam", ".numbers", ".dbf",
		".ett", ".dif", ".slk", ".sxc", ".gnumeric", ".wk1", ".wks", ".123":
		return nameSheet
	}
	return nameOther
}
