package roster

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"course/internal/record"
)

func rosterDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestParse(t *testing.T) {
	want := []record.NewMember{
		{Name: "Ann Lee", Email: "ann@example.gov.uk", Ward: "Abbey", Elected: rosterDate(2023, 5, 4)},
		{Name: "Bob Owusu", Ward: "Castle", Role: record.RoleCoopted, Elected: rosterDate(2021, 11, 30)},
		{Name: "Zoë O'Brien, MBE", Email: "zoe@example.gov.uk"},
	}
	tests := []struct{ name, csv, annRole string }{
		{"commas with a byte order mark and CRLF", "\ufeffName,Email,Ward,Role,Date elected or co-opted\r\n" +
			"Ann Lee,ann@example.gov.uk,Abbey,Councillor,04/05/2023\r\n" +
			"  Bob Owusu ,,Castle,co-opted,2021-11-30\r\n" +
			",,,,\r\n" +
			"\"Zoë O'Brien, MBE\",zoe@example.gov.uk,,,\r\n", record.RoleCouncillor},
		{"semicolons, other order, short dates", "WARD;NAME;ROLE;Elected;E-mail\n" +
			"Abbey;Ann Lee;;4/5/2023;ann@example.gov.uk\n" +
			"Castle;Bob Owusu;Co-opted;30/11/2021;\n" +
			";Zoë O'Brien, MBE;;;zoe@example.gov.uk\n", ""},
		{"Excel's sep= line", "sep=;\nname;email;ward;role;co-opted\n" +
			"Ann Lee;ann@example.gov.uk;Abbey;councillor;2023-05-04\n" +
			"Bob Owusu;;Castle;coopted;2021-11-30\n" +
			"Zoë O'Brien, MBE;zoe@example.gov.uk;;;\n", record.RoleCouncillor},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.csv), "roster.csv")
			if err != nil {
				t.Fatal(err)
			}
			w := slices.Clone(want)
			w[0].Role = tt.annRole // An empty role cell stays empty.
			if !reflect.DeepEqual(got, w) {
				t.Errorf("Parse =\n%+v\nwant\n%+v", got, w)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	roster := "name,email,ward,role,date elected\n" + // 1
		"Ann Lee,ann@example.gov.uk,Abbey,,04/05/2023\n" + // 2
		"Bob,bob.example.gov.uk,,,\n" + // 3
		",x@example.gov.uk,,,\n" + // 4
		"Cat,,,mayor,\n" + // 5
		"\"Dee\nwith a line break in quotes\",,,,\n" + // 6-7
		"Eve,,,,31/02/2023\n" + // 8
		"Fay,,,,2/3/23\n" + // 9
		"Ann  lee,,abbey,,\n" + // 10
		"Gus,ANN@example.gov.uk,,,\n" + // 11
		"Hal\x1b]0;x\x07,,,,\n" + // 12
		"Ian,,,,,extra\n" + // 13
		"Jo\xe9,,,,\n" + // 14
		"Kay,kay..jones@example.gov.uk,,,\n" // 15
	_, err := Parse(strings.NewReader(roster), "roster.csv")
	var re *record.RosterError
	if !errors.As(err, &re) || !errors.Is(err, record.ErrInvalid) {
		t.Fatalf("err = %v, want a *record.RosterError", err)
	}
	want := []string{
		`roster.csv line 3: the email "bob.example.gov.uk" is not a whole address: write it as name@example.gov.uk`,
		`roster.csv line 4: the name is empty`,
		`roster.csv line 5: the role "mayor" is not one the course knows: use councillor or co-opted`,
		`roster.csv line 6: the name contains a control character or invalid text`,
		`roster.csv line 8: date elected "31/02/2023" is not a date: February 2023 has no day 31`,
		`roster.csv line 9: date elected "2/3/23" is not a date: write it as day/month/year, for example 04/05/2023`,
		`roster.csv line 10: "Ann  lee" is also on line 2: each member must be on one row (give both rows an email if they are two people)`,
		`roster.csv line 11: the email "ANN@example.gov.uk" is also on line 2: each member must be on one row`,
		`roster.csv line 12: the name contains a control character or invalid text`,
		`roster.csv line 13: it has 6 fields but the header has 5 columns: look for a stray separator or a value that needs quotes`,
		`roster.csv line 14: it is not UTF-8 text: save the file from the spreadsheet as "CSV UTF-8"`,
		`roster.csv line 15: the email "kay..jones@example.gov.uk" is not a whole address: write it as name@example.gov.uk`,
	}
	if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseFileProblems(t *testing.T) {
	tests := []struct{ name, csv, want string }{
		{"empty", "", "roster.csv: it is empty"},
		{"header only", "name,email\n", "roster.csv: there are no members in it"},
		{"no name column", "email,ward\na@b,c\n", "roster.csv line 1: there is no name column"},
		{"unknown column", "name,party\nAnn,Green\n", `roster.csv line 1: the column "party" is not one the course uses`},
		{"two date columns", "name,elected,co-opted\nAnn,,\n", `roster.csv line 1: the columns "elected" and "co-opted" both give the date elected`},
		{"UTF-16", "\xff\xfen\x00a\x00", "roster.csv: it is saved as UTF-16"},
		{"bad quotes", "name,ward\nAnn,North\n\"Bob\" Smith,South\nCat,East\n", `roster.csv line 3: a double quote (") is out of place`},
		{"value under a blank heading", "name,,ward\nAnn,oops,North\n", `roster.csv line 2: "oops" is in column 2, which has no heading`},
		{"too big", "name\n" + strings.Repeat("x", maxBytes), "far too big"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := Parse(strings.NewReader(tt.csv), "roster.csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) || list != nil {
				t.Errorf("Parse = %v, %v; want an error containing %q", list, err, tt.want)
			}
		})
	}
}

func TestParseSkipsBlankHeadingsAndRows(t *testing.T) {
	got, err := Parse(strings.NewReader("name,,ward,\n\nAnn,,North,\n,,,\n"), "r.csv")
	if err != nil || len(got) != 1 || got[0].Name != "Ann" || got[0].Ward != "North" {
		t.Errorf("Parse = %+v, %v", got, err)
	}
}

// TestParseRecognisesFilesThatAreNotCSV: a workbook, a PDF or other binary
// file is named for what it is, with how to save it as CSV, instead of its
// bytes being read as columns.
func TestParseRecognisesFilesThatAreNotCSV(t *testing.T) {
	xlsx := "PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml...xl/workbook.xml"
	for _, tt := range []struct{ name, data, want string }{
		{"roster.xlsx", xlsx, "this is an Excel workbook, not a CSV file: in Excel choose File › Save As"},
		{"roster.csv", xlsx, "this is an Excel workbook"}, // renamed, still a workbook
		{"roster.ods", "PK\x03\x04\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet", "LibreOffice or OpenOffice spreadsheet"},
		{"roster.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00", "older Excel workbook (.xls)"},
		{"roster.pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "this is a PDF"},
		{"roster.zip", "PK\x03\x04\x00\x00docs/readme.txt", "zip archive or an office document"},
		{"roster.bin", "name\x00\x01\x02", "not a text file"},
	} {
		_, err := Parse(strings.NewReader(tt.data), tt.name)
		var re *record.RosterError
		if !errors.As(err, &re) || len(re.Problems) != 1 || !strings.Contains(re.Problems[0].Message, tt.want) {
			t.Errorf("Parse(%s) = %v; want one problem saying %q", tt.name, err, tt.want)
		}
	}
}

// A column the course does not use is ignored, and named, unless the
// columns are strict; a row with only such a value still needs a name.
func TestParseWithIgnoresColumnsTheCourseDoesNotUse(t *testing.T) {
	csv := "name,email,ward,Phone Number,notes\nAnn Lee,ann@example.gov.uk,Abbey,01234 567890,chair\n"
	list, ignored, err := ParseWith(strings.NewReader(csv), "roster.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != "Ann Lee" || list[0].Ward != "Abbey" || !reflect.DeepEqual(ignored, []string{"Phone Number", "notes"}) {
		t.Errorf("ParseWith = %+v, ignored %q; want Ann Lee of Abbey, ignoring Phone Number and notes", list, ignored)
	}
	_, _, err = ParseWith(strings.NewReader(csv+",,,0777,\n"), "roster.csv", Options{})
	if err == nil || !strings.Contains(err.Error(), "line 3: the name is empty") {
		t.Errorf("a row with only a phone number: %v; want the name is empty", err)
	}
	_, _, err = ParseWith(strings.NewReader(csv), "roster.csv", Options{StrictColumns: true})
	if err == nil || !strings.Contains(err.Error(), `the column "Phone Number" is not one the course uses`) {
		t.Errorf("strict columns: %v; want the phone column refused", err)
	}
}
