package certificate

import (
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The certificate is an A4 page drawn with github.com/go-pdf/fpdf: pure Go
// (no cgo, so the Windows and macOS builds stay simple), MIT licensed, with
// UTF-8 TrueType fonts embedded as subsets, text a reader can copy and
// search, and the page layout (cells, wrapping, lines) a certificate needs.
// Its GitHub repository was archived in March 2025 and its development
// continues at codeberg.org/go-pdf/fpdf, which our module proxy does not
// serve; v0.9.0 is a stable release of the long-used gofpdf code, and this
// file uses a small part of its API, so moving to the Codeberg module is a
// change of import path. pdfcpu, the maintained alternative, processes PDFs
// rather than laying them out, and takes fonts only from a folder it
// installs them into.
//
// The font is the Go fonts' (golang.org/x/image/font/gofont), embedded: the
// standard PDF fonts have no ŵ or ŷ, so a Welsh name needs a font of its
// own. The Go fonts cover Latin-1 and Latin Extended-A (every Welsh letter
// and most European names), are BSD licensed and come as Go bytes, so
// nothing extra is shipped. TestPDFText reads a Welsh name back.

const (
	fontName = "Go"
	margin   = 20.0 // mm
	pageW    = 210.0
	pageH    = 297.0
	// footerTop is where the footer starts, in mm from the top.
	footerTop = pageH - margin - 14
)

// Colours, as RGB.
var (
	ink    = [3]int{0x22, 0x22, 0x22}
	subtle = [3]int{0x55, 0x55, 0x55}
	accent = [3]int{0x1F, 0x4E, 0x79}
)

// The name has a box of nameLines lines of nameBox mm in all, whatever its
// length, so the page below it never moves and stays one page.
const (
	nameBox      = 26.0 // mm: two lines of 24 point type, and a little
	nameLines    = 2
	nameMaxPoint = 24.0
)

// fitName chooses the largest type size, up to nameMaxPoint, at which name
// fits in nameLines lines of width mm broken at spaces, and returns it with
// the lines. A word too wide for a line even at the smallest size is
// broken wherever it must be, as no name of a person is like that.
func fitName(pdf *fpdf.Fpdf, name string, width float64) (float64, []string) {
	words := strings.Fields(name)
	for size := nameMaxPoint; size >= 6; size -= 0.5 {
		pdf.SetFont(fontName, "B", size)
		if lines, ok := wrapWords(pdf, words, width); ok && len(lines) <= nameLines {
			return size, lines
		}
	}
	size := 6.0
	for ; ; size -= 0.5 {
		pdf.SetFont(fontName, "B", size)
		if lines := pdf.SplitText(name, width); len(lines) <= nameLines || size <= 1 {
			return size, lines
		}
	}
}

// wrapWords breaks words into lines no wider than width in the current
// font, at spaces only; ok is false if a word alone is wider.
func wrapWords(pdf *fpdf.Fpdf, words []string, width float64) (lines []string, ok bool) {
	line := ""
	for _, w := range words {
		if pdf.GetStringWidth(w) > width {
			return nil, false
		}
		switch {
		case line == "":
			line = w
		case pdf.GetStringWidth(line+" "+w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines, true
}

// WritePDF writes the certificate as a one-page PDF; issued is the date it
// is made, which the page shows.
func (c Certificate) WritePDF(w io.Writer, issued time.Time) error {
	pdf, _ := c.draw(issued)
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

// draw lays the certificate out, and says where on the page (in mm from
// the top) its body ends, above the footer.
func (c Certificate) draw(issued time.Time) (pdf *fpdf.Fpdf, bodyEnd float64) {
	pdf = fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin+8, margin+10, margin+8)
	pdf.SetAutoPageBreak(true, margin+8)
	pdf.AddUTF8FontFromBytes(fontName, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontName, "B", gobold.TTF)
	pdf.SetTitle("Certificate of completion: "+c.Member, true)
	pdf.SetSubject(c.Course+", "+c.Council, true)
	pdf.SetAuthor(c.Council, true)
	pdf.SetCreator("course", true)
	pdf.SetKeywords("verification code "+c.Code, true)
	pdf.SetCreationDate(issued)
	pdf.SetModificationDate(issued)
	pdf.SetLang("en-GB")
	pdf.AddPage()

	// A double frame round the page.
	color := func(set func(r, g, b int), c [3]int) { set(c[0], c[1], c[2]) }
	color(pdf.SetDrawColor, accent)
	pdf.SetLineWidth(0.8)
	pdf.Rect(margin-8, margin-8, pageW-2*(margin-8), pageH-2*(margin-8), "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(margin-5, margin-5, pageW-2*(margin-5), pageH-2*(margin-5), "D")

	width := pageW - 2*(margin+8)
	centred := func(style string, size float64, col [3]int, text string) {
		pdf.SetFont(fontName, style, size)
		color(pdf.SetTextColor, col)
		pdf.MultiCell(width, size*0.5, text, "", "C", false)
	}
	centred("", 13, subtle, c.Council)
	pdf.Ln(6)
	centred("B", 28, accent, "Certificate of completion")
	pdf.Ln(2)
	centred("", 13, subtle, c.Course)
	pdf.Ln(14)
	size, lines := fitName(pdf, c.Member, width)
	pdf.SetFont(fontName, "B", size)
	color(pdf.SetTextColor, ink)
	// Centred in its box, so a one-line name sits where it always has.
	top, lineH := pdf.GetY(), size*0.5
	pdf.SetY(top + (nameBox-lineH*float64(len(lines)))/2)
	for _, line := range lines {
		pdf.CellFormat(width, lineH, line, "", 1, "C", false, 0, "")
	}
	pdf.SetY(top + nameBox)
	pdf.Ln(6)
	for _, line := range strings.Split(c.Wording, "\n") {
		centred("", 13, ink, line)
		pdf.Ln(1)
	}
	pdf.Ln(10)

	// The modules and when each was passed.
	pdf.SetFont(fontName, "B", 12)
	color(pdf.SetTextColor, accent)
	pdf.CellFormat(width, 8, "Modules passed", "", 1, "L", false, 0, "")
	color(pdf.SetDrawColor, subtle)
	pdf.SetLineWidth(0.2)
	dateW := 62.0
	for _, m := range c.Modules {
		pdf.SetFont(fontName, "", 11)
		color(pdf.SetTextColor, ink)
		lines := pdf.SplitText(m.Title, width-dateW-2)
		h := 6.5 * float64(max(len(lines), 1))
		x, y := pdf.GetXY()
		pdf.MultiCell(width-dateW, 6.5, m.Title, "B", "L", false)
		pdf.SetXY(x+width-dateW, y)
		passed := "not passed"
		if !m.Passed.IsZero() {
			passed = m.Passed.Format("2 January 2006")
		}
		pdf.CellFormat(dateW, h, passed, "B", 1, "R", false, 0, "")
	}
	pdf.Ln(12)

	centred("", 12, subtle, "Verification code")
	pdf.Ln(1)
	centred("B", 22, accent, c.Code)
	pdf.Ln(4)
	centred("", 10, subtle, "Member number "+c.Number+". The monitoring officer can confirm this certificate "+
		"against the council's records with the command: course verify --certificate "+c.Code)

	bodyEnd = pdf.GetY()

	// The guidance and the date of issue, at the foot of the page.
	pdf.SetY(footerTop)
	centred("", 9, subtle, c.Guidance+", version "+c.GuidanceVersion+". Issued "+issued.Format(DateLayout)+".")
	return pdf, bodyEnd
}
