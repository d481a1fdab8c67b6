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
)

// Colours, as RGB.
var (
	ink    = [3]int{0x22, 0x22, 0x22}
	subtle = [3]int{0x55, 0x55, 0x55}
	accent = [3]int{0x1F, 0x4E, 0x79}
)

// WritePDF writes the certificate as a one-page PDF; issued is the date it
// is made, which the page shows.
func (c Certificate) WritePDF(w io.Writer, issued time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
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
	centred("B", 24, ink, c.Member)
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

	// The guidance and the date of issue, at the foot of the page.
	pdf.SetY(pageH - margin - 14)
	centred("", 9, subtle, c.Guidance+", version "+c.GuidanceVersion+". Issued "+issued.Format(DateLayout)+".")
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
