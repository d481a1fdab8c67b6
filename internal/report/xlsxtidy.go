package report

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
)

// excelize writes two things in every sheet with filters that Excel itself
// never writes: the filter's range as absolute references
// (ref="$A$1:$J$75", where Excel writes "A1:J75") and filterMode="true",
// which says a filter is applied when none is. Excel and LibreOffice open
// the file either way; tidySheets writes them as Excel does, so that a
// sheet opens showing every row and no filter marked as in use.
var (
	filterMode = regexp.MustCompile(` filterMode="(?:true|1)"`)
	filterRef  = regexp.MustCompile(`<autoFilter ref="[^"]*"`)
)

// tidySheets copies the workbook in data to w, its worksheets tidied (see
// above) and every other part as it was.
func tidySheets(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") {
			if err := zw.Copy(f); err != nil {
				return err
			}
			continue
		}
		r, err := f.Open()
		if err != nil {
			return err
		}
		sheet := make([]byte, f.UncompressedSize64)
		_, err = io.ReadFull(r, sheet)
		r.Close()
		if err != nil {
			return err
		}
		// Both are outside the rows, which are most of a sheet and are
		// written as they are: sheetPr before them, autoFilter after.
		rowsStart := bytes.Index(sheet, []byte("<sheetData"))
		rowsEnd := bytes.LastIndex(sheet, []byte("</sheetData>"))
		if rowsStart < 0 || rowsEnd < rowsStart {
			rowsStart, rowsEnd = 0, 0
		}
		head := filterMode.ReplaceAll(sheet[:rowsStart], nil)
		tail := filterRef.ReplaceAllFunc(sheet[rowsEnd:], func(ref []byte) []byte { return bytes.ReplaceAll(ref, []byte("$"), nil) })
		header := f.FileHeader
		out, err := zw.CreateHeader(&header)
		if err != nil {
			return err
		}
		for _, part := range [][]byte{head, sheet[rowsStart:rowsEnd], tail} {
			if _, err := out.Write(part); err != nil {
				return err
			}
		}
	}
	return zw.Close()
}
