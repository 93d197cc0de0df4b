// Text that people typed, going into a file for a spreadsheet: a cell starting with =, +, -, @
// (or a tab or carriage return before one) would be run as a formula by Excel or LibreOffice
// when the file is opened (OWASP "CSV injection"). A leading apostrophe makes it plain text.
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
