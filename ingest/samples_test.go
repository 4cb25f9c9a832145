package ingest_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/deskstat/deskstat/ingest"
	"github.com/deskstat/deskstat/queries"
)

var updateSamples = flag.Bool("update-samples", false, "rebuild samples/council_calls_2013_2014.xlsx from the CSV and samples/messy_workbook.xlsx")

const (
	sampleCSV     = "../samples/council_calls_2013_2014.csv"
	sampleXLSX    = "../samples/council_calls_2013_2014.xlsx"
	sampleProfile = "../samples/council_profile.yaml"
)

// TestSampleXLSX rebuilds (with -update-samples) the hand-kept XLSX log from the
// CSV: a title row and a blank row above the header, dates as real date cells, and a
// total row at the bottom, as such logs are kept.
func TestSampleXLSX(t *testing.T) {
	if !*updateSamples {
		t.Skip("run with -update-samples to rebuild the sample workbook")
	}
	f, err := os.Open(sampleCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "Call log"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	dateFmt := "dd/mm/yyyy hh:mm"
	dateStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		t.Fatal(err)
	}
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(x.SetCellValue(sheet, "A1", "ICT Service Desk - call log June 2013 to December 2014"))
	must(x.MergeCell(sheet, "A1", "J1"))
	must(x.SetCellStyle(sheet, "A1", "A1", bold))
	header := records[0]
	for i, rec := range records {
		row := i + 3 // title, blank, then the header on row 3
		for j, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(j+1, row)
			if i > 0 && (header[j] == "Date Logged" || header[j] == "Date Resolved") && v != "" {
				tm, err := time.Parse("02/01/2006 15:04", v)
				if err != nil {
					t.Fatalf("row %d: %v", i+1, err)
				}
				must(x.SetCellValue(sheet, cell, tm))
				must(x.SetCellStyle(sheet, cell, cell, dateStyle))
				continue
			}
			if v != "" {
				must(x.SetCellStr(sheet, cell, v))
			}
		}
	}
	last := len(records) + 2
	must(x.SetCellStr(sheet, fmt.Sprintf("A%d", last+2), "Total calls"))
	must(x.SetCellFormula(sheet, fmt.Sprintf("B%d", last+2), fmt.Sprintf("COUNTA(A4:A%d)", last)))
	must(x.SetCellValue(sheet, fmt.Sprintf("B%d", last+2), len(records)-1))
	must(x.SetRowStyle(sheet, 3, 3, bold))
	must(x.SetColWidth(sheet, "A", "J", 18))
	must(x.SetColWidth(sheet, "G", "G", 60))
	must(x.SaveAs(sampleXLSX))
}

const sampleMessyXLSX = "../samples/messy_workbook.xlsx"

// messyCall is one row of the messy workbook's call sheet. kind says how Date Logged
// is stored: 'd' a date cell, 't' text typed over the cell, 'n' a bare serial number
// in General format (a pasted value). An all-empty messyCall is a blank row.
type messyCall struct {
	ref      string
	kind     byte
	logged   string // dd/mm/yyyy hh:mm, or for 't' the text as typed
	by       string
	dept     string
	sev      string // digits only: a number cell
	category string
	summary  string
	team     string
	status   string
	resolved string // dd/mm/yyyy hh:mm as a date cell, or text ("N/A")
}

var messyCalls = []messyCall{
	{"MV/24/0001", 'd', "02/01/2024 12:07", "Dean Hoskins", "Planning", "P3", "Software", "Idox document viewer shows blank pages", "ICT Applications", "Closed", "04/01/2024 09:12"},
	{"MV/24/0002", 'd', "02/01/2024 15:14", "Fiona Chant", "Housing", "Low", "Account", "New starter account and laptop", "ICT Service Desk", "Closed", "08/01/2024 10:38"},
	{"MV/24/0003", 'd', "04/01/2024 12:21", "Neil Coombes", "Democratic Services", "3", "Network", "Wi-Fi not working in council chamber", "Networks & Telephony", "Closed", "08/01/2024 09:47"},
	{"MV/24/0004", 'd', "05/01/2024 08:21", "Neil Coombes", "Finance", "P2", "Software", "Finance system month-end report fails", "ICT Applications", "Closed", "08/01/2024 10:28"},
	{"MV/24/0005", 'd', "08/01/2024 16:16", "Amir Hussain", "N/A", "4", "Account", "Password reset – locked out", "ICT Service Desk", "Closed", "17/01/2024 13:07"},
	{"MV/24/0006", 'd', "11/01/2024 13:06", "Gavin Lock", "Housing", "4", "Email", "Shared mailbox missing from Outlook", "ICT Service Desk", "Closed", "19/01/2024 09:55"},
	{"MV/24/0007", 'd', "16/01/2024 14:14", "Kelly Brice", "Finance", "P3", "Network", "S: drive not mapped after restart", "Desktop Support", "Closed", "17/01/2024 10:42"},
	{"MV/24/0008", 'd', "17/01/2024 13:57", "Dean Hoskins", "Planning", "3", "Printing", "MFD scanning to email not working", "Desktop Support", "Closed", "22/01/2024 08:25"},
	{"MV/24/0009", 'd', "18/01/2024 10:21", "Dean Hoskins", "Customer Services", "Medium", "Printing", "Printer in Shepton Mallet office offline", "Desktop Support", "Closed", "22/01/2024 09:57"},
	{"MV/24/0011", 'd', "22/01/2024 12:08", "Fiona Chant", "Legal", "4", "Software", "Request install of Adobe Acrobat Pro", "Desktop Support", "Closed", "31/01/2024 14:34"},
	{"MV/24/0012", 'd', "23/01/2024 08:40", "Amir Hussain", "Planning", "?", "Software", "Uniform planning system very slow", "ICT Applications", "Closed", "29/01/2024 09:38"},
	{"MV/24/0013", 'd', "24/01/2024 08:53", "Carol Vowles", "Finance", "P3", "Network", "S: drive not mapped after restart", "Desktop Support", "Closed", "25/01/2024 12:13"},
	{"MV/24/0014", 'd', "26/01/2024 08:14", "Amir Hussain", "Democratic Services", "3", "Software", "Teams calls keep freezing", "ICT Service Desk", "Closed", "30/01/2024 12:10"},
	{"MV/24/0015", 'd', "30/01/2024 09:51", "Gavin Lock", "Customer Services", "?", "Printing", "Printer in Shepton Mallet office offline", "Desktop Support", "Closed", "05/02/2024 10:19"},
	{"MV/24/0016", 'd', "01/02/2024 12:11", "Fiona Chant", "Planning", "Medium", "Software", "Uniform planning system very slow", "ICT Applications", "Closed", "05/02/2024 08:34"},
	{"MV/24/0017", 'd', "05/02/2024 08:42", "Sandra Pike", "?", "P3", "Software", "Idox document viewer shows blank pages", "ICT Applications", "Closed", "07/02/2024 11:27"},
	{"MV/24/0018", 'd', "08/02/2024 10:06", "Yasmin Ali", "Legal", "4", "Software", "Request install of Adobe Acrobat Pro", "Desktop Support", "Closed", "15/02/2024 09:00"},
	{"MV/24/0019", 'd', "08/02/2024 16:50", "Rob Clapp", "N/A", "P4", "Account", "Password reset – locked out", "ICT Service Desk", "Closed", "20/02/2024 10:23"},
	{"MV/24/0021", 'd', "14/02/2024 08:23", "Wayne Dyer", "Democratic Services", "Medium", "Software", "Teams calls keep freezing", "ICT Service Desk", "Closed", "15/02/2024 15:16"},
	{"MV/24/0022", 'd', "15/02/2024 13:06", "Yasmin Ali", "N/A", "P2", "Software", "Academy revenues – cannot open council tax accounts", "ICT Applications", "Closed", "16/02/2024 16:11"},
	{"MV/24/0023", 'd', "16/02/2024 10:59", "Yasmin Ali", "Planning", "3", "Email", "Outlook not receiving external emails", "ICT Service Desk", "Closed", "19/02/2024 11:11"},
	{"MV/24/0024", 't', "19/02/2024 09:01", "Yasmin Ali", "Customer Services", "High", "Telephony", "Contact centre phones dropping calls", "Networks & Telephony", "Closed", "20/02/2024 08:46"},
	{"MV/24/0025", 'd', "19/02/2024 13:42", "Sandra Pike", "Democratic Services", "P2", "Network", "Wi-Fi not working in council chamber", "Networks & Telephony", "Closed", "20/02/2024 08:42"},
	{"MV/24/0026", 'd', "19/02/2024 17:13", "Wayne Dyer", "N/A", "4", "Hardware", "Laptop will not charge", "Desktop Support", "Closed", "27/02/2024 10:54"},
	{"MV/24/0027", 'd', "20/02/2024 09:36", "Tracey Bunn", "Democratic Services", "P3", "Software", "Teams calls keep freezing", "ICT Service Desk", "Closed", "22/02/2024 10:14"},
	{"MV/24/0028", 'd', "20/02/2024 15:20", "Neil Coombes", "Finance", "P2", "Software", "Finance system month-end report fails", "ICT Applications", "Closed", "22/02/2024 10:57"},
	{"MV/24/0029", 'd', "21/02/2024 09:24", "Kelly Brice", "Customer Services", "4", "Hardware", "Monitor flickering at hot desk", "Desktop Support", "Closed", "26/02/2024 08:33"},
	{"MV/24/0031", 'd', "22/02/2024 12:13", "Fiona Chant", "N/A", "P2", "Software", "Academy batch run failed overnight, bills not produced", "ICT Applications", "Closed", "23/02/2024 09:02"},
	{"MV/24/0032", 'd', "23/02/2024 11:45", "Sandra Pike", "Planning", "?", "Software", "Uniform planning system very slow", "ICT Applications", "Closed", "26/02/2024 10:00"},
	{"MV/24/0033", 'd', "27/02/2024 09:38", "Yasmin Ali", "Planning", "Medium", "Software", "Uniform planning system very slow", "ICT Applications", "Closed", "04/03/2024 09:14"},
	{"MV/24/0034", 'd', "27/02/2024 15:14", "Tracey Bunn", "Planning", "3", "Software", "Uniform planning system very slow", "ICT Applications", "Closed", "01/03/2024 11:20"},
	{"MV/24/0035", 'd', "28/02/2024 09:25", "Fiona Chant", "Planning", "3", "Software", "Idox document viewer shows blank pages", "ICT Applications", "Closed", "01/03/2024 08:00"},
	{"MV/24/0036", 'd', "29/02/2024 09:05", "Rob Clapp", "Planning", "High", "Email", "Outlook not receiving external emails", "ICT Service Desk", "Closed", "01/03/2024 14:08"},
	{"", 'd', "04/03/2024 08:57", "Gavin Lock", "Environmental Health", "Medium", "Network", "VPN will not connect from home", "Networks & Telephony", "Closed", "07/03/2024 11:32"},
	{"MV/24/0038", 'd', "04/03/2024 16:41", "Kelly Brice", "Revenues & Benefits", "P2", "Software", "Academy revenues – cannot open council tax accounts", "ICT Applications", "Closed", "05/03/2024 12:35"},
	{"MV/24/0039", 'd', "05/03/2024 12:54", "Gavin Lock", "Planning", "3", "Printing", "MFD scanning to email not working", "Desktop Support", "Closed", "07/03/2024 08:40"},
	{"MV/24/0041", 'd', "06/03/2024 12:44", "Gavin Lock", "All", "Sev 1", "Network", "Network down at Wells office – no PCs can log on", "Networks & Telephony", "Closed", "06/03/2024 15:41"},
	{"MV/24/0042", 'd', "08/03/2024 11:11", "Amir Hussain", "Customer Services", "P3", "Printing", "Printer in Shepton Mallet office offline", "Desktop Support", "Closed", "11/03/2024 10:21"},
	{"MV/24/0043", 'd', "12/03/2024 10:34", "Wayne Dyer", "Housing", "4", "Email", "Shared mailbox missing from Outlook", "ICT Service Desk", "Closed", "18/03/2024 12:36"},
	{"MV/24/0044", 'd', "12/03/2024 15:11", "Fiona Chant", "Customer Services", "Low", "Hardware", "Monitor flickering at hot desk", "Desktop Support", "Closed", "25/03/2024 08:43"},
	{"MV/24/0045", 'd', "12/03/2024 15:24", "Neil Coombes", "Environmental Health", "Medium", "Network", "VPN will not connect from home", "Networks & Telephony", "Closed", "13/03/2024 11:48"},
	{"MV/24/0046", 'd', "13/03/2024 10:27", "Gavin Lock", "Revenues & Benefits", "Sev 1", "Software", "Academy batch run failed overnight, bills not produced", "ICT Applications", "Closed", "13/03/2024 13:14"},
	{"MV/24/0047", 'd', "13/03/2024 16:04", "Amir Hussain", "Planning", "?", "Software", "Idox document viewer shows blank pages", "ICT Applications", "Closed", "14/03/2024 09:47"},
	{"MV/24/0048", 'd', "14/03/2024 13:43", "Neil Coombes", "Legal", "Low", "Software", "Request install of Adobe Acrobat Pro", "Desktop Support", "Closed", "19/03/2024 16:23"},
	{"MV/24/0049", 'd', "14/03/2024 14:48", "Sandra Pike", "Planning", "Medium", "Software", "Uniform planning system very slow", "ICT Applications", "Closed", "18/03/2024 08:06"},
	{"MV/24/0051", 'd', "15/03/2024 13:13", "Amir Hussain", "Housing", "Low", "Account", "New starter account and laptop", "ICT Service Desk", "Closed", "22/03/2024 09:37"},
	{"MV/24/0052", 'd', "15/03/2024 17:40", "Carol Vowles", "Environmental Health", "4", "Hardware", "Laptop will not charge", "Desktop Support", "Closed", "19/03/2024 10:59"},
	{"MV/24/0053", 't', "14/03/2024 10:05", "Wayne Dyer", "Communications", "P2", "Software", "Website forms not submitting", "ICT Applications", "Closed", "19/03/2024 09:05"},
	{"MV/24/0054", 'd', "18/03/2024 17:55", "Yasmin Ali", "Legal", "4", "Software", "Request install of Adobe Acrobat Pro", "Desktop Support", "Closed", "25/03/2024 10:25"},
	{"MV/24/0055", 'd', "19/03/2024 09:34", "Carol Vowles", "Communications", "P2", "Software", "Website forms not submitting", "ICT Applications", "Closed", "19/03/2024 14:20"},
	{"MV/24/0056", 'd', "19/03/2024 10:37", "Wayne Dyer", "Customer Services", "Medium", "Printing", "Printer in Shepton Mallet office offline", "Desktop Support", "Closed", "20/03/2024 09:47"},
	{"MV/24/0057", 'd', "21/03/2024 10:22", "Wayne Dyer", "Housing", "P4", "Account", "New starter account and laptop", "ICT Service Desk", "Closed", "01/04/2024 11:06"},
	{"MV/24/0058", 'd', "22/03/2024 09:52", "Kelly Brice", "All", "Sev 1", "Network", "Network down at Wells office – no PCs can log on", "Networks & Telephony", "Closed", "22/03/2024 12:20"},
	{"MV/24/0059", 'd', "25/03/2024 09:29", "Amir Hussain", "Revenues & Benefits", "?", "Software", "Academy revenues – cannot open council tax accounts", "ICT Applications", "Closed", "26/03/2024 10:11"},
	{"MV/24/0061", 'd', "26/03/2024 10:14", "Kelly Brice", "Finance", "P3", "Network", "S: drive not mapped after restart", "Desktop Support", "Closed", "28/03/2024 09:42"},
	{"MV/24/0062", 'd', "26/03/2024 11:37", "Neil Coombes", "Legal", "Low", "Software", "Request install of Adobe Acrobat Pro", "Desktop Support", "Closed", "03/04/2024 16:09"},
	{}, // a blank row in the middle
	{"MV/24/0063", 'd', "29/03/2024 12:58", "Neil Coombes", "Communications", "Sev 2", "Software", "Website forms not submitting", "ICT Applications", "Closed", "01/04/2024 08:13"},
	{"MV/24/0064", 'd', "01/04/2024 11:10", "Neil Coombes", "Waste & Recycling", "P2", "Telephony", "Phones down at Frome depot", "Networks & Telephony", "Closed", "02/04/2024 11:06"},
	{"MV/24/0065", 'd', "01/04/2024 12:06", "Gavin Lock", "Legal", "5", "Software", "Request install of Adobe Acrobat Pro", "Desktop Support", "Closed", "22/04/2024 10:22"},
	{"MV/24/0066", 'd', "02/04/2024 14:46", "Carol Vowles", "Customer Services", "P3", "Printing", "Printer in Shepton Mallet office offline", "Desktop Support", "Closed", "03/04/2024 08:06"},
	{"MV/24/0067", 'n', "04/04/2024 12:15", "Sandra Pike", "Legal", "5", "Software", "Request install of Adobe Acrobat Pro", "Desktop Support", "Closed", "15/04/2024 10:08"},
	{"MV/24/0068", 'd', "05/04/2024 10:35", "Amir Hussain", "All", "Sev 1", "Network", "Network down at Wells office – no PCs can log on", "Networks & Telephony", "Closed", "05/04/2024 14:22"},
	{"MV/24/0069", 'd', "08/04/2024 09:07", "Tracey Bunn", "Planning", "3", "Software", "Idox document viewer shows blank pages", "ICT Applications", "Closed", "11/04/2024 11:11"},
	{"MV/24/0071", 'd', "09/04/2024 13:22", "Gavin Lock", "Revenues & Benefits", "P2", "Software", "Academy batch run failed overnight, bills not produced", "ICT Applications", "Closed", "10/04/2024 09:05"},
	{"MV/24/0072", 'd', "10/04/2024 08:11", "Amir Hussain", "Finance", "3", "Network", "S: drive not mapped after restart", "Desktop Support", "Closed", "15/04/2024 09:46"},
	{"MV/24/0073", 'd', "11/04/2024 09:44", "Wayne Dyer", "Housing", "P3", "Email", "Shared mailbox missing from Outlook", "ICT Service Desk", "Closed", "15/04/2024 08:55"},
	{"MV/24/0074", 'd', "11/04/2024 10:32", "Dean Hoskins", "Finance", "Critical", "Software", "Finance system month-end report fails", "ICT Applications", "Closed", "11/04/2024 15:27"},
	{"MV/24/0075", 'd', "15/04/2024 17:52", "Rob Clapp", "N/A", "?", "Account", "Password reset – locked out", "ICT Service Desk", "Closed", "22/04/2024 10:54"},
	{"MV/24/0076", 'd', "18/04/2024 09:17", "Carol Vowles", "Customer Services", "Low", "Hardware", "Monitor flickering at hot desk", "Desktop Support", "Closed", "29/04/2024 10:14"},
	{"MV/24/0077", 'd', "18/04/2024 09:56", "Amir Hussain", "Planning", "3", "Software", "Idox document viewer shows blank pages", "ICT Applications", "Closed", "19/04/2024 10:37"},
	{"MV/24/0078", 't', "23/4/2024 8:07", "Sandra Pike", "Communications", "Sev 2", "Software", "Website forms not submitting", "ICT Applications", "Closed", "24/04/2024 13:29"},
	{"MV/24/0079", 'd', "24/04/2024 12:55", "Yasmin Ali", "Customer Services", "P2", "Telephony", "Contact centre phones dropping calls", "Networks & Telephony", "Closed", "25/04/2024 10:38"},
	{"MV/24/0081", 'd', "24/04/2024 15:36", "Wayne Dyer", "Planning", "P2", "Email", "Outlook not receiving external emails", "ICT Service Desk", "Closed", "25/04/2024 08:02"},
	{"MV/24/0082", 'd', "26/04/2024 09:02", "Yasmin Ali", "N/A", "Sev 2", "Software", "Website forms not submitting", "ICT Applications", "Closed", "29/04/2024 11:33"},
	{"MV/24/0083", 'd', "29/04/2024 12:04", "Carol Vowles", "Revenues & Benefits", "P2", "Software", "Academy batch run failed overnight, bills not produced", "ICT Applications", "Closed", "30/04/2024 10:28"},
	{"MV/24/0084", 'd', "29/04/2024 16:41", "Neil Coombes", "Legal", "4", "Software", "Request install of Adobe Acrobat Pro", "Desktop Support", "Closed", "06/05/2024 08:15"},
	{"MV/24/0085", 'd', "01/05/2024 09:58", "Tracey Bunn", "Customer Services", "4", "Hardware", "Monitor flickering at hot desk", "Desktop Support", "Closed", "13/05/2024 15:28"},
	{"MV/24/0086", 'd', "01/05/2024 10:45", "Amir Hussain", "Planning", "P3", "Software", "Idox document viewer shows blank pages", "ICT Applications", "Closed", "03/05/2024 10:20"},
	{"MV/24/0087", 'd', "06/05/2024 14:26", "Rob Clapp", "All", "Sev 1", "Network", "Network down at Wells office – no PCs can log on", "Networks & Telephony", "Closed", "06/05/2024 16:32"},
	{"MV/24/0088", 'd', "08/05/2024 09:26", "Yasmin Ali", "N/A", "Low", "Email", "Shared mailbox missing from Outlook", "ICT Service Desk", "Closed", "17/05/2024 11:51"},
	{"MV/24/0089", 'd', "08/05/2024 11:43", "Amir Hussain", "Planning", "Low", "Printing", "MFD scanning to email not working", "Desktop Support", "Closed", "17/05/2024 09:21"},
	{"MV/24/0091", 'd', "09/05/2024 16:29", "Dean Hoskins", "N/A", "P4", "Account", "Password reset – locked out", "ICT Service Desk", "Closed", "13/05/2024 09:11"},
	{"MV/24/0092", 'd', "10/05/2024 09:12", "Fiona Chant", "Customer Services", "3", "Printing", "Printer in Shepton Mallet office offline", "Desktop Support", "Closed", "10/05/2024 14:09"},
	{"MV/24/0093", 'd', "13/05/2024 11:38", "Tracey Bunn", "Finance", "Sev 2", "Software", "Finance system month-end report fails", "ICT Applications", "Closed", "13/05/2024 14:07"},
	{"MV/24/0094", 'd', "15/05/2024 17:47", "Tracey Bunn", "Waste & Recycling", "Sev 1", "Telephony", "Phones down at Frome depot", "Networks & Telephony", "Closed", "16/05/2024 11:50"},
	{"MV/24/0095", 't', "TBC", "Wayne Dyer", "Planning", "P2", "Email", "Outlook not receiving external emails", "ICT Service Desk", "Closed", "20/05/2024 13:12"},
	{"MV/24/0096", 'd', "24/05/2024 10:48", "Tracey Bunn", "Democratic Services", "P2", "Network", "Wi-Fi not working in council chamber", "Networks & Telephony", "Closed", "27/05/2024 08:15"},
	{"MV/24/0097", 'd', "27/05/2024 09:13", "Gavin Lock", "Democratic Services", "3", "Software", "Teams calls keep freezing", "ICT Service Desk", "Closed", "29/05/2024 11:50"},
	{"MV/24/0098", 'd', "27/05/2024 11:36", "Gavin Lock", "Housing", "P3", "Email", "Shared mailbox missing from Outlook", "ICT Service Desk", "Closed", "30/05/2024 10:51"},
	{"MV/24/0099", 'd', "27/05/2024 15:45", "Wayne Dyer", "Finance", "High", "Network", "S: drive not mapped after restart", "Desktop Support", "Closed", "28/05/2024 08:21"},
	{"MV/24/0101", 'd', "28/05/2024 08:49", "Amir Hussain", "Revenues & Benefits", "P2", "Software", "Academy batch run failed overnight, bills not produced", "ICT Applications", "Closed", "29/05/2024 11:04"},
	{"MV/24/0102", 'd', "29/05/2024 10:36", "Amir Hussain", "Waste & Recycling", "P2", "Telephony", "Phones down at Frome depot", "Networks & Telephony", "Closed", "30/05/2024 11:36"},
	{"MV/24/0103", 'd', "30/05/2024 13:07", "Kelly Brice", "Waste & Recycling", "Sev 1", "Telephony", "Phones down at Frome depot", "Networks & Telephony", "Closed", "30/05/2024 14:31"},
	{"MV/24/0104", 't', "30/05/2024 14:02", "Tracey Bunn", "Revenues & Benefits", "High", "Software", "Academy revenues – cannot open council tax accounts", "ICT Applications", "Closed", "31/05/2024 08:18"},
	{"MV/24/0105", 'd', "31/05/2024 14:11", "Dean Hoskins", "N/A", "High", "Software", "Academy revenues – cannot open council tax accounts", "ICT Applications", "Closed", "03/06/2024 10:14"},
	{"MV/24/0106", 'd', "04/06/2024 08:56", "Neil Coombes", "Customer Services", "4", "Hardware", "Monitor flickering at hot desk", "Desktop Support", "Closed", "13/06/2024 17:56"},
	{"MV/24/0107", 'd', "05/06/2024 11:39", "Tracey Bunn", "N/A", "Sev 1", "Telephony", "Phones down at Frome depot", "Networks & Telephony", "Closed", "05/06/2024 16:47"},
	{"MV/24/0108", 'd', "05/06/2024 14:26", "Amir Hussain", "Housing", "4", "Email", "Shared mailbox missing from Outlook", "ICT Service Desk", "Closed", "07/06/2024 08:01"},
	{"MV/24/0109", 'd', "05/06/2024 17:01", "Rob Clapp", "Environmental Health", "P3", "Network", "VPN will not connect from home", "Networks & Telephony", "Closed", "10/06/2024 11:53"},
	{"MV/24/0111", 'd', "10/06/2024 16:26", "Neil Coombes", "Planning", "3", "Software", "Idox document viewer shows blank pages", "ICT Applications", "Closed", "12/06/2024 11:42"},
	{"MV/24/0112", 'd', "11/06/2024 14:07", "Rob Clapp", "Planning", "P2", "Software", "Uniform planning system very slow", "ICT Applications", "Closed", "13/06/2024 09:36"},
	{"MV/24/0113", 'd', "12/06/2024 14:28", "Fiona Chant", "Housing", "", "Account", "New starter account and laptop", "ICT Service Desk", "Closed", "14/06/2024 14:56"},
	{"MV/24/0114", 'd', "14/06/2024 13:16", "Rob Clapp", "Planning", "Medium", "Software", "Uniform planning system very slow", "ICT Applications", "Closed", "17/06/2024 11:24"},
	{"MV/24/0115", 'd', "17/06/2024 08:46", "Yasmin Ali", "Housing", "4", "Email", "Shared mailbox missing from Outlook", "ICT Service Desk", "In Progress", "N/A"},
	{"MV/24/0116", 'd', "17/06/2024 16:10", "Tracey Bunn", "Planning", "P3", "Software", "Idox document viewer shows blank pages", "ICT Applications", "In Progress", "N/A"},
	{"MV/24/0117", 'd', "17/06/2024 17:45", "Carol Vowles", "Planning", "P2", "Email", "Outlook not receiving external emails", "ICT Service Desk", "On Hold", ""},
	{"MV/24/0118", 'd', "18/06/2024 09:46", "Fiona Chant", "Housing", "P3", "Email", "Shared mailbox missing from Outlook", "ICT Service Desk", "Closed", "18/06/2024 14:08"},
	{"MV/24/0119", 'd', "19/06/2024 10:17", "Gavin Lock", "Revenues & Benefits", "?", "Software", "Academy revenues – cannot open council tax accounts", "ICT Applications", "In Progress", ""},
	{"MV/24/0121", 'd', "21/06/2024 12:56", "Kelly Brice", "Communications", "Sev 2", "Software", "Website forms not submitting", "ICT Applications", "Closed", "24/06/2024 10:46"},
	{"MV/24/0122", 'd', "26/06/2024 09:57", "Neil Coombes", "Communications", "?", "Software", "Website forms not submitting", "ICT Applications", "Closed", "27/06/2024 08:08"},
	{"MV/24/0123", 'd', "27/06/2024 10:26", "Tracey Bunn", "Revenues & Benefits", "P2", "Software", "Academy revenues – cannot open council tax accounts", "ICT Applications", "Closed", "28/06/2024 09:41"},
	{"MV/24/0124", 'd', "27/06/2024 12:51", "Kelly Brice", "Customer Services", "High", "Telephony", "Contact centre phones dropping calls", "Networks & Telephony", "Closed", "28/06/2024 08:51"},
}

// TestSampleMessyXLSX rebuilds (with -update-samples) samples/messy_workbook.xlsx, a
// hand-kept workbook in the shape such logs take: a notes sheet first with no header,
// the calls on the second sheet ("Calls 2024") under two title rows and a blank row,
// dates mostly as date cells but some typed as text and one pasted as a bare serial
// number, a blank row in the middle, missing-value markers, severity labels in mixed
// styles (some as number cells), a total row at the bottom, and a lookups sheet.
// Its counts are in samples/oracle.json, computed without deskstat.
func TestSampleMessyXLSX(t *testing.T) {
	if !*updateSamples {
		t.Skip("run with -update-samples to rebuild the sample workbook")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	parse := func(s string) time.Time {
		t.Helper()
		tm, err := time.Parse("02/01/2006 15:04", s)
		must(err)
		return tm
	}
	x := excelize.NewFile()
	defer x.Close()
	dateFmt := "dd/mm/yyyy hh:mm"
	dateStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	must(err)
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	must(err)
	title, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	must(err)
	wrap, err := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	must(err)

	// Sheet 1: notes, no header.
	notes := "Notes"
	must(x.SetSheetName("Sheet1", notes))
	must(x.SetCellStr(notes, "A1", "About this workbook"))
	must(x.SetCellStyle(notes, "A1", "A1", title))
	must(x.SetCellStr(notes, "A3", "This log is kept by the ICT service desk team leader for calls that come in "+
		"by phone or in person and are not raised through the self-service portal. Enter each call on the "+
		"'Calls 2024' sheet as soon as it is taken, with the severity agreed with the caller (see the Lookups "+
		"sheet). Do not delete rows: mark duplicates as Closed with a note instead. Figures from this sheet go "+
		"to the monthly performance report and are used to answer FOI requests, so please fill in every column."))
	must(x.SetCellStr(notes, "A5", "Last checked by the service desk manager on 1 July 2024."))
	must(x.SetColWidth(notes, "A", "A", 100))
	must(x.SetCellStyle(notes, "A3", "A3", wrap))
	must(x.SetRowHeight(notes, 3, 75))

	// Sheet 2: the calls.
	calls := "Calls 2024"
	_, err = x.NewSheet(calls)
	must(err)
	must(x.SetCellStr(calls, "A1", "Mendip Valley District Council – ICT Service Desk"))
	must(x.MergeCell(calls, "A1", "K1"))
	must(x.SetCellStyle(calls, "A1", "A1", title))
	must(x.SetCellStr(calls, "A2", "Call log January to June 2024 (calls taken by phone and in person)"))
	must(x.MergeCell(calls, "A2", "K2"))
	header := []any{"Call Ref", "Date Logged", "Logged By", "Department", "Severity", "Category", "Summary",
		"Assigned Team", "Status ", "Date Resolved", "Notes"}
	must(x.SetSheetRow(calls, "A4", &header))
	must(x.SetRowStyle(calls, 4, 4, bold))
	row := 5
	refs := 0
	for _, c := range messyCalls {
		if c == (messyCall{}) {
			row++ // a blank row
			continue
		}
		cell := func(col string) string { return fmt.Sprintf("%s%d", col, row) }
		if c.ref != "" {
			must(x.SetCellStr(calls, cell("A"), c.ref))
			refs++
		}
		switch c.kind {
		case 'd':
			must(x.SetCellValue(calls, cell("B"), parse(c.logged)))
			must(x.SetCellStyle(calls, cell("B"), cell("B"), dateStyle))
		case 't':
			must(x.SetCellStr(calls, cell("B"), c.logged))
		case 'n':
			serial := parse(c.logged).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
			must(x.SetCellFloat(calls, cell("B"), serial, -1, 64))
		default:
			t.Fatalf("row %d: kind %q", row, c.kind)
		}
		for _, cv := range [][2]string{{"C", c.by}, {"D", c.dept}, {"F", c.category}, {"G", c.summary}, {"H", c.team}, {"I", c.status}} {
			if cv[1] != "" {
				must(x.SetCellStr(calls, cell(cv[0]), cv[1]))
			}
		}
		if n, err := strconv.Atoi(c.sev); err == nil {
			must(x.SetCellInt(calls, cell("E"), int64(n)))
		} else if c.sev != "" {
			must(x.SetCellStr(calls, cell("E"), c.sev))
		}
		switch {
		case c.resolved == "":
		case c.resolved[0] >= '0' && c.resolved[0] <= '9':
			must(x.SetCellValue(calls, cell("J"), parse(c.resolved)))
			must(x.SetCellStyle(calls, cell("J"), cell("J"), dateStyle))
		default:
			must(x.SetCellStr(calls, cell("J"), c.resolved))
		}
		row++
	}
	must(x.SetCellStr(calls, fmt.Sprintf("A%d", row), "Total"))
	must(x.SetCellInt(calls, fmt.Sprintf("B%d", row), int64(refs))) // the value Excel last calculated
	must(x.SetCellFormula(calls, fmt.Sprintf("B%d", row), fmt.Sprintf("COUNTA(A5:A%d)", row-1)))
	must(x.SetRowStyle(calls, row, row, bold))
	must(x.SetColWidth(calls, "A", "F", 16))
	must(x.SetColWidth(calls, "G", "G", 55))
	must(x.SetColWidth(calls, "H", "J", 20))
	must(x.SetPanes(calls, &excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"}))

	// Sheet 3: lookups.
	lookups := "Lookups"
	_, err = x.NewSheet(lookups)
	must(err)
	for i, r := range [][]any{
		{"Code", "Meaning"},
		{"Sev 1", "Critical: a critical system is down or many users cannot work"},
		{"Sev 2 / P2 / High", "High: normal business activities disrupted"},
		{"3 / P3 / Medium", "Moderate: one user or a workaround exists"},
		{"4 / P4 / Low", "Low: minor fault or question"},
		{"5", "Planning: requests and changes"},
	} {
		must(x.SetSheetRow(lookups, fmt.Sprintf("A%d", i+1), &r))
	}
	must(x.SetRowStyle(lookups, 1, 1, bold))
	must(x.SetColWidth(lookups, "A", "A", 20))
	must(x.SetColWidth(lookups, "B", "B", 60))

	idx, err := x.GetSheetIndex(calls)
	must(err)
	x.SetActiveSheet(idx)
	must(x.SaveAs(sampleMessyXLSX))
}

// TestSamplesAgree: the CSV and XLSX samples hold the same calls, so deskstat must
// load the same tickets from both (dates from text and from Excel serials alike).
func TestSamplesAgree(t *testing.T) {
	ctx := context.Background()
	p, err := ingest.LoadProfile("", sampleProfile)
	if err != nil {
		t.Fatal(err)
	}
	load := func(path string) ([][]any, *ingest.Summary) {
		db, err := queries.Open(ctx, "", false)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s, err := ingest.File(ctx, db, path, ingest.Options{Profile: p})
		if err != nil {
			t.Fatal(err)
		}
		checkAccounted(t, db, path, s, false)
		return dump(t, db, `SELECT ticket_id, opened_at, resolved_at, severity, severity_label, category, service,
			assignment_group, status, summary FROM tickets ORDER BY ticket_id`), s
	}
	fromCSV, sc := load(sampleCSV)
	fromXLSX, sx := load(sampleXLSX)
	if sc.Loaded != 242 || sx.Loaded != 242 {
		t.Fatalf("loaded %d calls from the CSV and %d from the XLSX, want 242 each", sc.Loaded, sx.Loaded)
	}
	if sx.HeaderRow != 3 || sx.Skipped != 2 || sx.Rejected != 0 {
		t.Errorf("XLSX: header row %d, %d skipped, %d rejected; want header on row 3, the blank and total rows skipped, none rejected",
			sx.HeaderRow, sx.Skipped, sx.Rejected)
	}
	if !reflect.DeepEqual(fromCSV, fromXLSX) {
		for i := range fromCSV {
			if i < len(fromXLSX) && !reflect.DeepEqual(fromCSV[i], fromXLSX[i]) {
				t.Fatalf("first difference:\n csv  %v\n xlsx %v", fromCSV[i], fromXLSX[i])
			}
		}
		t.Fatalf("the samples differ: %d rows from CSV, %d from XLSX", len(fromCSV), len(fromXLSX))
	}
}

// dump returns all rows of a query, for comparisons.
func dump(t *testing.T, db *sql.DB, q string, args ...any) [][]any {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
