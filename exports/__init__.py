"""Files Oske writes and reads: the Excel workbook and the PDF reports. No Qt here."""
